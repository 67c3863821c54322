//go:build unix

package demo

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// newRunDir makes the temporary folder of one run, os.TempDir()/
// sitegen-demo-*, holding a file "lock" that this process keeps locked
// until done is called, which removes the folder. The folder is made
// under another name and renamed once locked, so that a folder with the
// run's name and no lock held is always one whose sitegen died.
func newRunDir() (dir string, done func(), err error) {
	tmp, err := os.MkdirTemp("", ".sitegen-demo-new-")
	if err != nil {
		return "", nil, err
	}
	f, err := os.OpenFile(filepath.Join(tmp, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err == nil {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	}
	if err == nil {
		dir = filepath.Join(filepath.Dir(tmp), "sitegen-demo-"+filepath.Base(tmp)[len(".sitegen-demo-new-"):])
		err = os.Rename(tmp, dir)
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		os.RemoveAll(tmp)
		return "", nil, fmt.Errorf("temporary folder: %w", err)
	}
	return dir, func() {
		os.RemoveAll(dir)
		f.Close()
	}, nil
}

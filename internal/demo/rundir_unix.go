//go:build unix

package demo

import (
	"errors"
	"fmt"
	"io/fs"
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

// runDirs lists the run folders of every sitegen on the machine.
func runDirs() []string {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "sitegen-demo-*"))
	return dirs
}

// abandoned reports whether the run folder dir belongs to no running
// sitegen: it is gone, or its lock is free. A folder without a lock file
// is another program's, or an older sitegen's, and is left alone.
func abandoned(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "lock"))
	if err != nil {
		_, serr := os.Lstat(dir)
		return errors.Is(serr, fs.ErrNotExist)
	}
	defer f.Close()
	return unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB) == nil
}

//go:build !unix

package demo

import "os"

// newRunDir makes the temporary folder of one run; done removes it.
func newRunDir() (dir string, done func(), err error) {
	dir, err = os.MkdirTemp("", "sitegen-demo-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// runDirs lists nothing: without file locks a live run's folder cannot be
// told from an abandoned one.
func runDirs() []string { return nil }

// abandoned reports false: see runDirs.
func abandoned(dir string) bool { return false }

package site

import (
	"errors"
	"io/fs"
	"os"
)

// swapRenames replaces out with staging in two renames, for systems without
// an atomic exchange. A crash between the two renames leaves the old
// output beside out, in a staging folder the next build removes.
func swapRenames(staging, out string) error {
	old := staging + ".old"
	if err := os.Rename(out, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(staging, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}

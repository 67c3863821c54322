package site

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap moves the folder staging to out in one atomic exchange, so that out
// is never missing.
func swap(staging, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return os.RemoveAll(staging)
	case errors.Is(err, unix.ENOENT):
		return os.Rename(staging, out)
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapRenames(staging, out)
	}
	return err
}

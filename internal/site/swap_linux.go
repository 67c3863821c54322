package site

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap moves the complete folder staging to out. When out exists, the two
// are exchanged in one atomic rename, so that out is never missing, and the
// old output, now at staging, is removed.
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

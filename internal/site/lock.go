package site

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/concurrency-primer/site/internal/lockfile"
)

// lockOut takes the lock of the output folder out: an exclusive lock on a
// file beside it, .NAME.lock, that every build and server writing into
// out takes before it touches out or its staging folders. A second build
// into the same folder waits for the first, calling waiting once, instead
// of deleting the staging folder the first is still writing. A killed
// build never leaves it held (see package lockfile).
func lockOut(ctx context.Context, out string, waiting func()) (unlock func(), err error) {
	path := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
	unlock, err = lockfile.Lock(ctx, path, waiting)
	if err != nil && ctx.Err() == nil {
		return nil, fmt.Errorf("locking the output folder: %w", err)
	}
	return unlock, err
}

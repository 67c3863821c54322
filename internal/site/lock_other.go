//go:build !unix

package site

import "context"

// lockOut does nothing where there are no file locks: two builds into one
// folder must then not run at the same time.
func lockOut(ctx context.Context, out string, waiting func()) (unlock func(), err error) {
	return func() {}, ctx.Err()
}

//go:build !unix

// Package lockfile takes exclusive locks on files, shared between
// processes; where there are no file locks it keeps nothing apart.
package lockfile

import "context"

// Lock locks nothing here, and fails only when ctx has ended.
func Lock(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	return func() {}, ctx.Err()
}

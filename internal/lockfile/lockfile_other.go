//go:build !unix

// Package lockfile takes exclusive locks on files, shared between
// processes: the lock beside a build's output folder and the machine-wide
// lock that keeps two sitegens from measuring demos at once.
package lockfile

import "context"

// Lock does nothing where there are no file locks: what it would keep
// apart may then run at the same time.
func Lock(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	return func() {}, ctx.Err()
}

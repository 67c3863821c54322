//go:build unix

package lockfile

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestLockWaits checks that a second Lock waits for the first and takes
// the lock once it is released.
func TestLockWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := Lock(context.Background(), path, func() { t.Error("the first Lock waited") })
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		unlock2, err := Lock(context.Background(), path, func() { close(waiting) })
		if err == nil {
			unlock2()
		}
		done <- err
	}()
	select {
	case <-waiting:
	case <-time.After(10 * time.Second):
		t.Fatal("the second Lock never said it was waiting")
	}
	select {
	case err := <-done:
		t.Fatalf("the second Lock returned %v while the first held the lock", err)
	default:
	}
	unlock()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second Lock did not take the released lock")
	}
}

// TestLockCancel checks that a Lock waiting for the file stops when its
// context ends.
func TestLockCancel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := Lock(context.Background(), path, func() {})
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := Lock(ctx, path, func() { close(waiting) })
		done <- err
	}()
	<-waiting
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Fatalf("Lock = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Lock did not return after its context ended")
	}
}

// TestLockTry checks that a Lock whose context has already ended takes a
// free lock and fails at once on a held one.
func TestLockTry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	unlock, err := Lock(ended, path, func() { t.Error("a free lock was waited for") })
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := Lock(ended, path, func() {}); err != context.Canceled {
		t.Fatalf("Lock of a held lock = %v, want context.Canceled", err)
	}
}

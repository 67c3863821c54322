//go:build unix

package demo

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/lockfile"
)

// syncBuffer is a progress writer that a test may read while Run writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMachineLock checks that a demo does not start while another process
// on the machine holds the demo lock, and starts once it is released.
func TestMachineLock(t *testing.T) {
	root := fixture(t)
	runs := counter(t)
	lock := filepath.Join(t.TempDir(), "demos.lock")
	var progress syncBuffer
	r, err := New(Config{Root: root, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	r.timeout, r.lock = 30*time.Second, lock
	// flock locks belong to the open file, so a second open in this
	// process stands in for another sitegen.
	unlock, err := lockfile.Lock(context.Background(), lock, func() {})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.Run(context.Background(), []Request{{Demo: "good"}})
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(progress.String(), "waiting for another sitegen") {
		if time.Now().After(deadline) {
			unlock()
			t.Fatalf("Run never said it was waiting for the lock; progress:\n%s", progress.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := runs(); n != 0 {
		t.Errorf("the demo ran %d times while another process held the lock", n)
	}
	unlock()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Run did not finish after the lock was released")
	}
	if n := runs(); n != 1 {
		t.Errorf("the demo ran %d times, want 1", n)
	}
}

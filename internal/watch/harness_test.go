package watch

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// wait bounds every wait in these tests; nothing waits a fixed time.
const wait = 5 * time.Second

// harness runs Watch over one folder and collects its batches.
type harness struct {
	t       *testing.T
	dir     string
	batches chan Batch
	cancel  context.CancelFunc
	done    chan error
	once    sync.Once
}

// start runs Watch over dir and returns once it is watching.
func start(t *testing.T, dir string, opts Options) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, dir: dir, batches: make(chan Batch, 1000), cancel: cancel, done: make(chan error, 1)}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	opts.Logf = t.Logf
	go func() {
		h.done <- Watch(ctx, []string{dir}, opts, func(b Batch) { h.batches <- b })
	}()
	select {
	case <-ready:
	case err := <-h.done:
		t.Fatalf("Watch returned before it was ready: %v", err)
	case <-time.After(wait):
		t.Fatal("Watch not ready after 5s")
	}
	t.Cleanup(h.stop)
	return h
}

// stop cancels Watch and waits for it to return.
func (h *harness) stop() {
	h.t.Helper()
	h.once.Do(func() {
		h.cancel()
		select {
		case err := <-h.done:
			if err != nil {
				h.t.Errorf("Watch: %v", err)
			}
		case <-time.After(wait):
			h.t.Fatal("Watch did not return within 5s of cancel")
		}
	})
}

// waitFor gathers batches until ok holds for the paths reported so far.
func (h *harness) waitFor(what string, ok func(seen map[string]bool) bool) map[string]bool {
	h.t.Helper()
	seen := map[string]bool{}
	deadline := time.After(wait)
	for !ok(seen) {
		select {
		case b := <-h.batches:
			for _, c := range b {
				seen[c] = true
			}
		case <-deadline:
			h.t.Fatalf("after 5s, still waiting for %s; seen %s", what, show(seen))
		}
	}
	return seen
}

func (h *harness) path(name string) string { return filepath.Join(h.dir, filepath.FromSlash(name)) }

func (h *harness) write(name, text string) {
	h.t.Helper()
	p := h.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func show(seen map[string]bool) string {
	var s []string
	for p := range seen {
		s = append(s, p)
	}
	sort.Strings(s)
	return "[" + strings.Join(s, " ") + "]"
}

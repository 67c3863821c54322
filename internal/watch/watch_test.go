package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// modes runs a test with operating-system events and with polling.
var modes = []struct {
	name string
	opts Options
}{
	{"notify", Options{}},
	{"poll", Options{Poll: true, pollInterval: 10 * time.Millisecond}},
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name  string
		setup func(h *harness) // before watching
		act   func(h *harness)
		want  func(h *harness, seen map[string]bool) bool
	}{
		{
			name: "create",
			act:  func(h *harness) { h.write("a.md", "a") },
			want: func(h *harness, seen map[string]bool) bool { return seen[h.path("a.md")] },
		},
		{
			name:  "write",
			setup: func(h *harness) { h.write("a.md", "a") },
			act:   func(h *harness) { h.write("a.md", "longer text") },
			want:  func(h *harness, seen map[string]bool) bool { return seen[h.path("a.md")] },
		},
		{
			name:  "rename",
			setup: func(h *harness) { h.write("a.md", "a") },
			act: func(h *harness) {
				if err := os.Rename(h.path("a.md"), h.path("b.md")); err != nil {
					h.t.Fatal(err)
				}
			},
			want: func(h *harness, seen map[string]bool) bool {
				return seen[h.path("a.md")] && seen[h.path("b.md")]
			},
		},
		{
			name:  "delete",
			setup: func(h *harness) { h.write("a.md", "a") },
			act: func(h *harness) {
				if err := os.Remove(h.path("a.md")); err != nil {
					h.t.Fatal(err)
				}
			},
			want: func(h *harness, seen map[string]bool) bool { return seen[h.path("a.md")] },
		},
		{
			name:  "nested folder then a file in it",
			setup: func(h *harness) { h.write("old/x.md", "x") },
			act:   func(h *harness) { h.write("new/deeper/still/f.md", "f") },
			want: func(h *harness, seen map[string]bool) bool {
				return seen[h.path("new/deeper/still/f.md")]
			},
		},
		{
			name:  "file in a folder created after start",
			setup: func(h *harness) {},
			act: func(h *harness) {
				h.write("later/one.md", "1")
				h.waitFor("later/one.md", func(seen map[string]bool) bool { return seen[h.path("later/one.md")] })
				h.write("later/two.md", "2")
			},
			want: func(h *harness, seen map[string]bool) bool { return seen[h.path("later/two.md")] },
		},
		{
			name:  "atomic save",
			setup: func(h *harness) { h.write("a.md", "old") },
			act: func(h *harness) {
				h.write("a.md.tmp", "new text")
				if err := os.Rename(h.path("a.md.tmp"), h.path("a.md")); err != nil {
					h.t.Fatal(err)
				}
			},
			want: func(h *harness, seen map[string]bool) bool {
				if seen[h.path("a.md.tmp")] {
					h.t.Fatalf("temp file reported: %s", show(seen))
				}
				return seen[h.path("a.md")]
			},
		},
		{
			// sed -i writes a temporary with a random name, then renames it
			// over the file: the temporary must not reach the batch.
			name:  "sed-style save",
			setup: func(h *harness) { h.write("a.md", "old") },
			act: func(h *harness) {
				h.write("sedk5Uplt", "new text")
				if err := os.Rename(h.path("sedk5Uplt"), h.path("a.md")); err != nil {
					h.t.Fatal(err)
				}
			},
			want: func(h *harness, seen map[string]bool) bool {
				if seen[h.path("sedk5Uplt")] {
					h.t.Fatalf("temporary reported: %s", show(seen))
				}
				return seen[h.path("a.md")]
			},
		},
	}
	for _, m := range modes {
		for _, tt := range tests {
			t.Run(m.name+"/"+tt.name, func(t *testing.T) {
				dir := t.TempDir()
				h := &harness{t: t, dir: dir}
				if tt.setup != nil {
					tt.setup(h)
				}
				h = start(t, dir, m.opts)
				tt.act(h)
				h.waitFor(tt.name, func(seen map[string]bool) bool { return tt.want(h, seen) })
			})
		}
	}
}

func TestSymlinkedRoot(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			top := t.TempDir()
			if err := os.Mkdir(filepath.Join(top, "real"), 0o755); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(top, "content")
			if err := os.Symlink("real", link); err != nil {
				t.Skipf("symbolic links unavailable: %v", err)
			}
			h := start(t, link, m.opts)
			h.write("sub/a.md", "a")
			h.waitFor("content/sub/a.md", func(seen map[string]bool) bool {
				return seen[filepath.Join(link, "sub", "a.md")]
			})
		})
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			opts := m.opts
			// A long quiet period keeps a loaded machine from splitting
			// the burst; the test checks grouping, not speed.
			opts.debounce = 300 * time.Millisecond
			h := start(t, t.TempDir(), opts)
			for i := range 200 {
				h.write(fmt.Sprintf("f%03d.md", i), "x")
			}
			var b Batch
			select {
			case b = <-h.batches:
			case <-time.After(wait):
				t.Fatal("no batch after 5s")
			}
			if len(b) != 200 {
				t.Fatalf("first batch has %d changes, want all 200 files", len(b))
			}
			for i, c := range b {
				if want := h.path(fmt.Sprintf("f%03d.md", i)); c != want {
					t.Fatalf("change %d = %s, want %s", i, c, want)
				}
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	ignored := []string{"a.swp", ".b.md.swx", "c.md~", ".#d.md", "4913", "e.tmp", "f.md___jb_tmp___",
		"#g.md#", ".git/HEAD", ".hg/x", ".svn/y", "sub/deeper/.git/z"}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			h := start(t, t.TempDir(), m.opts)
			for _, name := range ignored {
				h.write(name, "x")
			}
			// Changes are reported in order, so anything ignored that
			// slipped through would show up by the time this one does.
			h.write("ok.md", "ok")
			seen := h.waitFor("ok.md", func(seen map[string]bool) bool { return seen[h.path("ok.md")] })
			for p := range seen {
				for _, bad := range []string{".swp", ".swx", "~", ".#", "4913", ".tmp", "___jb_", "#g.md#", ".git", ".hg", ".svn"} {
					if strings.Contains(filepath.ToSlash(p), bad) {
						t.Errorf("ignored path reported: %s", p)
					}
				}
			}
		})
	}
}

// TestAttributeChangeIgnored checks that a change of mode alone is not
// reported: nothing was written.
func TestAttributeChangeIgnored(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			h := &harness{t: t, dir: dir}
			h.write("a.md", "a")
			h = start(t, dir, m.opts)
			if err := os.Chmod(h.path("a.md"), 0o600); err != nil {
				t.Fatal(err)
			}
			h.write("ok.md", "ok")
			seen := h.waitFor("ok.md", func(seen map[string]bool) bool { return seen[h.path("ok.md")] })
			if seen[h.path("a.md")] {
				t.Errorf("a change of mode was reported: %s", show(seen))
			}
		})
	}
}

func TestIgnoredName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.swp", true}, {"4913", true}, {"x~", true}, {".#x", true}, {"#x#", true},
		{"x.tmp", true}, {"x.md___jb_old___", true}, {".git", true},
		{"a.md", false}, {"49130", false}, {"#", false}, {"tmp.md", false}, {"style.css", false}, {"git", false},
	}
	for _, tt := range tests {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMissingRoot(t *testing.T) {
	err := Watch(context.Background(), []string{filepath.Join(t.TempDir(), "nope")}, Options{}, func(Batch) {})
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("Watch(missing root) = %v, want an error naming it", err)
	}
}

func TestNoGoroutineLeft(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			dir := t.TempDir()
			h := start(t, dir, m.opts)
			h.write("a/b.md", "x")
			h.waitFor("a/b.md", func(seen map[string]bool) bool { return seen[h.path("a/b.md")] })
			h.stop()
			deadline := time.Now().Add(wait)
			for runtime.NumGoroutine() > before {
				if time.Now().After(deadline) {
					buf := make([]byte, 1<<16)
					t.Fatalf("%d goroutines after stop, %d before:\n%s",
						runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				}
				runtime.Gosched()
				time.Sleep(time.Millisecond)
			}
		})
	}
}

// TestRootComesBack removes the watched folder, or moves it away, and makes
// it again, as a checkout can: what is written in the new folder is
// reported, and nothing written in the moved-away one.
func TestRootComesBack(t *testing.T) {
	gone := []struct {
		name string
		act  func(h *harness, away string)
	}{
		{"removed", func(h *harness, away string) {
			if err := os.RemoveAll(h.dir); err != nil {
				h.t.Fatal(err)
			}
		}},
		{"moved away", func(h *harness, away string) {
			if err := os.Rename(h.dir, away); err != nil {
				h.t.Fatal(err)
			}
		}},
	}
	for _, m := range modes {
		for _, g := range gone {
			t.Run(m.name+"/"+g.name, func(t *testing.T) {
				top := t.TempDir()
				dir := filepath.Join(top, "content")
				away := filepath.Join(top, "content.old")
				h := &harness{t: t, dir: dir}
				h.write("sub/a.md", "a")
				h = start(t, dir, m.opts)

				g.act(h, away)
				h.waitFor("the root removed", func(seen map[string]bool) bool {
					return seen[dir] || seen[h.path("sub/a.md")]
				})
				h.write("sub/b.md", "b")
				h.waitFor("sub/b.md in the new root", func(seen map[string]bool) bool {
					return seen[h.path("sub/b.md")]
				})
				// The new folders are watched, not only scanned once.
				if _, err := os.Stat(away); err == nil {
					if err := os.WriteFile(filepath.Join(away, "sub", "stale.md"), []byte("x"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				h.write("sub/c.md", "c")
				seen := h.waitFor("sub/c.md in the new root", func(seen map[string]bool) bool {
					return seen[h.path("sub/c.md")]
				})
				if seen[h.path("sub/stale.md")] {
					t.Error("a file written in the moved-away folder was reported")
				}
			})
		}
	}
}

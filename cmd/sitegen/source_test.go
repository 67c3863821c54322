package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-primer/site/theme"
)

// TestSourceFiles builds sites whose folders hold symbolic links and
// files that are not regular ones: a link within the site folder is
// followed, one out of it is refused, and a named pipe is an error naming
// it, not a build that waits forever for something to write to it.
func TestSourceFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes are Unix files here")
	}
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\nThe outside secret.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(target string) func(string) error {
		return func(p string) error { return os.Symlink(target, p) }
	}
	fifo := func(p string) error { return syscall.Mkfifo(p, 0o644) }
	tests := []struct {
		name   string
		path   string               // the file to make in the site folder
		make   func(p string) error // how
		theme  bool                 // the site has its own copy of the theme
		code   int
		stderr string
		page   string // a page the build must have written
	}{
		{name: "link within the site", path: "content/02-alias.md", make: link("../notes/alias.md"), code: 0, page: "alias/index.html"},
		{name: "link out of the site", path: "content/02-leak.md", make: link(outside), code: 1,
			stderr: "content/02-leak.md: is a symbolic link out of the site folder"},
		{name: "static link out of the site", path: "theme/static/leak.css", make: link(outside), theme: true, code: 1,
			stderr: "theme/static/leak.css: is a symbolic link out of the site folder"},
		{name: "named pipe in content", path: "content/02-pipe.md", make: fifo, code: 1,
			stderr: "content/02-pipe.md: is a named pipe, not a regular file"},
		{name: "named pipe in the theme", path: "theme/static/pipe.css", make: fifo, theme: true, code: 1,
			stderr: "theme/static/pipe.css: is a named pipe, not a regular file"},
		{name: "named pipe under a chapter's name", path: "content/03-more.md", make: link("../notes/pipe"), code: 1,
			stderr: "content/03-more.md: is a named pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"content/01-a.md": "---\ntitle: A\n---\nHello.\n",
				"notes/alias.md":  "---\ntitle: Alias\n---\nLinked within.\n",
			}
			if tt.theme {
				for _, dir := range []string{"layouts", "static"} {
					entries, _ := theme.FS.ReadDir(dir)
					for _, e := range entries {
						data, _ := theme.FS.ReadFile(dir + "/" + e.Name())
						files["theme/"+dir+"/"+e.Name()] = string(data)
					}
				}
			}
			src := writeSite(t, files)
			if err := syscall.Mkfifo(filepath.Join(src, "notes", "pipe"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(src, filepath.FromSlash(tt.path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(p); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			var stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- run(ctx, []string{"build", "-src", src, "-demos", "off"}, &stderr) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the build did not end, even after its context was done")
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			out := filepath.Join(src, "public")
			if tt.page != "" {
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(tt.page))); err != nil {
					t.Error(err)
				}
			}
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("outside secret")) {
						t.Errorf("%s holds the file outside the site folder", p)
					}
				}
				return nil
			})
		})
	}
}

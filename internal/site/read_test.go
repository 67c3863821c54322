package site

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// blockingFS is a file system whose every open blocks until release is
// closed, as opening a named pipe does until a writer comes.
type blockingFS struct{ release chan struct{} }

func (b blockingFS) Open(name string) (fs.File, error) {
	<-b.release
	return nil, fs.ErrNotExist
}

// TestReadSourceCancel checks that a read that blocks gives way when its
// context is done, so that a stopped build does not wait for it.
func TestReadSourceCancel(t *testing.T) {
	b := blockingFS{release: make(chan struct{})}
	defer close(b.release)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := readSource(ctx, b, "content/01-pipe.md")
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "content/01-pipe.md") {
			t.Errorf("error %v; want context.Canceled naming the file", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the read did not give way to its cancelled context")
	}
}

// TestReadSourceKinds checks that only regular files are read.
func TestReadSourceKinds(t *testing.T) {
	fsys := fstest.MapFS{
		"content/01-a.md":   {Data: []byte("text")},
		"content/02-b.md":   {Mode: fs.ModeNamedPipe},
		"content/03-c.md":   {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"content/04-d.md/x": {Data: []byte("x")},
	}
	tests := []struct{ name, want string }{
		{"content/01-a.md", ""},
		{"content/02-b.md", "content/02-b.md: is a named pipe, not a regular file"},
		{"content/03-c.md", "content/03-c.md: is a character device, not a regular file"},
		{"content/04-d.md", "content/04-d.md: is a folder, not a regular file"},
		{"content/05-e.md", "content/05-e.md: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := readSource(t.Context(), fsys, tt.name)
			switch {
			case tt.want == "" && (err != nil || string(data) != "text"):
				t.Errorf("got %q, %v; want the file's text", data, err)
			case tt.want != "" && (err == nil || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("error %v; want %q", err, tt.want)
			}
		})
	}
}

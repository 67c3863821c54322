package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

// TestOutputNotASite checks that a build refuses to replace a folder that
// holds anything but an earlier build, and leaves its files alone.
func TestOutputNotASite(t *testing.T) {
	src := fstest.MapFS{"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nText.\n")}}
	out := filepath.Join(t.TempDir(), "precious")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	thesis := filepath.Join(out, "thesis.txt")
	if err := os.WriteFile(thesis, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Build(t.Context(), Config{Src: src, Theme: theme.FS, Out: out})
	if err == nil || !strings.Contains(err.Error(), "refusing to replace it") {
		t.Fatalf("Build into a folder of other files: err = %v, want a refusal", err)
	}
	if b, err := os.ReadFile(thesis); err != nil || string(b) != "years of work" {
		t.Fatalf("the folder's file did not survive: %q, %v", b, err)
	}
	// An earlier build's output, and an empty folder, are replaced.
	if err := os.Remove(thesis); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := Build(t.Context(), Config{Src: src, Theme: theme.FS, Out: out}); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
}

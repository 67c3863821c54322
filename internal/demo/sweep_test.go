package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUnfinishedBinary leaves a binary of a killed go build in the cache,
// an hour old, beside one being built now: Run removes the old one only.
func TestUnfinishedBinary(t *testing.T) {
	root := fixture(t)
	r, progress := newRunner(t, root, ModeForce)
	cache := filepath.Join(root, ".sitegen-cache", "demos")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	old, fresh := filepath.Join(cache, ".good-1234"), filepath.Join(cache, ".good-5678")
	for _, p := range []string{old, fresh} {
		if err := os.WriteFile(p, []byte("half a binary"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleBuild)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	if _, err := runOne(t, r, Request{Demo: "good"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); err == nil {
		t.Errorf("%s is still there", old)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a binary being built was removed: %v", err)
	}
	if want := "demos: removed a killed build's unfinished binary " + old + "\n"; !strings.Contains(progress.String(), want) {
		t.Errorf("progress lacks %q:\n%s", want, progress)
	}
}

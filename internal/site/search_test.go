package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/search"
)

// TestLiveSearch saves a chapter and checks that the live output's search
// index says what the chapter now says, under a new name, with the old
// index gone and no page told to reload for it.
func TestLiveSearch(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	cfg := Config{Src: src, Theme: themeCopy(t), Out: filepath.Join(t.TempDir(), "live")}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	index := func() (name, text string) {
		t.Helper()
		var entry struct{ Index string }
		data, err := os.ReadFile(filepath.Join(cfg.Out, search.Entry))
		if err == nil {
			err = json.Unmarshal(data, &entry)
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err = os.ReadFile(filepath.Join(cfg.Out, entry.Index))
		if err != nil {
			t.Fatal(err)
		}
		return entry.Index, string(data)
	}
	old, text := index()
	if !strings.Contains(text, "A call that waits.") {
		t.Fatalf("index %s lacks the chapter's text", text)
	}
	edit(t, src, "content/02-terms.md", "A call that waits.", "A call that sleeps.")
	rep, err := rebuildSettled(t, l, []string{"content/02-terms.md"})
	if err != nil {
		t.Fatal(err)
	}
	name, text := index()
	if name == old || !strings.Contains(text, "A call that sleeps.") || strings.Contains(text, "A call that waits.") {
		t.Errorf("after the save the index is %s (was %s): %s", name, old, text)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, old)); !os.IsNotExist(err) {
		t.Errorf("the old index %s is still there (%v)", old, err)
	}
	if rep.AllPages {
		t.Error("a new index made every page reload")
	}
}

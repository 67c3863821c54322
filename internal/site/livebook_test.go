package site

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

// rebuildSettled rebuilds and waits for the one-page view, adding what it
// wrote to the report, so that a test sees the whole output.
func rebuildSettled(t *testing.T, l *Live, files []string) (*Report, error) {
	t.Helper()
	rep, err := l.Rebuild(t.Context(), files)
	if err != nil {
		return nil, err
	}
	late, err := l.Settle()
	if err != nil {
		t.Fatal(err)
	}
	if late != nil {
		rep.Written = append(rep.Written, late.Written...)
		rep.Pages = append(rep.Pages, late.Pages...)
	}
	return rep, nil
}

// TestLiveBookLate checks that a chapter rebuild leaves the one-page view
// to the background, and that Settle reports it once written.
func TestLiveBookLate(t *testing.T) {
	src := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nThe first words.\n")},
		"content/02-b.md": {Data: []byte("---\ntitle: B\n---\nOther words.\n")},
	}
	cfg := Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "out")}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if late, err := l.Settle(); late != nil || err != nil {
		t.Fatalf("after the first build, Settle = %v, %v; want nothing left", late, err)
	}
	// The first build writes everything a whole build does, the one-page
	// view and the search index among them.
	whole := cfg
	whole.Out = filepath.Join(t.TempDir(), "whole")
	if err := Build(t.Context(), whole); err != nil {
		t.Fatal(err)
	}
	compareTrees(t, readTree(t, whole.Out), readTree(t, cfg.Out))
	edit(t, src, "content/01-a.md", "The first words.", "The new words.")
	rep, err := l.Rebuild(t.Context(), []string{"content/01-a.md"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rep.Written, bookFile) || slices.Contains(rep.Pages, "/all/") {
		t.Errorf("the chapter rebuild wrote the one-page view itself: %s, pages %v", rep, rep.Pages)
	}
	late, err := l.Settle()
	if err != nil {
		t.Fatal(err)
	}
	if late == nil || !slices.Contains(late.Written, bookFile) || !slices.Equal(late.Pages, []string{"/all/"}) {
		t.Fatalf("Settle reported %v, want the one-page view written", late)
	}
	page, err := os.ReadFile(filepath.Join(cfg.Out, "all", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "The new words.") {
		t.Error("the one-page view lacks the edit")
	}
	if late, err := l.Settle(); late != nil || err != nil {
		t.Errorf("a second Settle = %v, %v; want nothing left", late, err)
	}
	// A rebuild that changes no chapter's section leaves it as it is.
	edit(t, src, "content/02-b.md", "title: B", "title: B\ndescription: Words.")
	if _, err := l.Rebuild(t.Context(), []string{"content/02-b.md"}); err != nil {
		t.Fatal(err)
	}
	if late, err := l.Settle(); err != nil || late == nil || len(late.Written) != 0 {
		t.Errorf("Settle after a description edit = %v, %v; want the one-page view unchanged", late, err)
	}
}

// TestLiveBookUnsettled checks that a Rebuild after one whose one-page view
// nobody settled waits for that view's write, so that the two never write
// at once and the view holds both edits.
func TestLiveBookUnsettled(t *testing.T) {
	src := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nThe first words.\n")},
		"content/02-b.md": {Data: []byte("---\ntitle: B\n---\nOther words.\n")},
	}
	cfg := Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "out")}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The output folder goes after the last one-page view is written.
	t.Cleanup(func() { l.Settle() })
	edit(t, src, "content/01-a.md", "The first words.", "The new words.")
	if _, err := l.Rebuild(t.Context(), []string{"content/01-a.md"}); err != nil {
		t.Fatal(err)
	}
	edit(t, src, "content/02-b.md", "Other words.", "More words.")
	if _, err := l.Rebuild(t.Context(), []string{"content/02-b.md"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Settle(); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(cfg.Out, "all", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The new words.", "More words."} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the one-page view lacks %q", want)
		}
	}
}

// TestLiveLinkTargets checks that a rebuilt chapter keeps the chapter
// files its links point to, by which later rebuilds tell whose links to
// resolve again.
func TestLiveLinkTargets(t *testing.T) {
	src := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nSee [b](02-b.md#b). Edit 0.\n")},
		"content/02-b.md": {Data: []byte("---\ntitle: B\n---\n## B\n\nWords.\n")},
	}
	l, _, err := NewLive(t.Context(), Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "out")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Settle() })
	for i := range 20 {
		edit(t, src, "content/01-a.md", fmt.Sprintf("Edit %d.", i), fmt.Sprintf("Edit %d.", i+1))
		if _, err := l.Rebuild(t.Context(), []string{"content/01-a.md"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.site.Chapters[0].targets; !slices.Equal(got, []string{"content/02-b.md"}) {
		t.Errorf("chapter A links to %v, want [content/02-b.md]", got)
	}
	// A heading removed from B breaks A's link, which is resolved again.
	edit(t, src, "content/02-b.md", "## B", "## C")
	if _, err := l.Rebuild(t.Context(), []string{"content/02-b.md"}); err == nil || !strings.Contains(err.Error(), "content/01-a.md:4:") {
		t.Errorf("rebuild after B lost its heading: %v, want an error naming content/01-a.md:4", err)
	}
}

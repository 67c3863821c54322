package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

// TestBook checks the one-page view of the fixture: chapters in order as
// sections, ids prefixed by the chapter's slug, links between chapters
// turned into links within the page, headings one level down.
func TestBook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(readArchive(t, "testdata/fixture.txtar").mapFS(), out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "all", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		`<link rel="canonical" href="https://example.org/primer/all/">`,
		`<title>All chapters · Fixture Primer</title>`,
		`<section class="book-chapter" aria-labelledby="intro" data-source="content/01-intro.md">`,
		`<h2 id="intro">Introduction`,
		`<h3 id="intro:why-it-exists">Why it exists<a class="anchor" href="#intro:why-it-exists"`,
		`<a href="#terms">the words</a>`,
		`<a href="#terms:blocking">blocking</a>`,
		`<sup id="intro:fnref:1"><a href="#intro:fn:1"`,
		`<a href="https://go.dev/">`,
		`<li class="toc-h2"><a href="#terms">Terms: the words</a></li>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("all/index.html lacks %s", want)
		}
	}
	if i, j := strings.Index(page, `id="intro"`), strings.Index(page, `id="terms"`); i < 0 || j < i {
		t.Errorf("chapters out of order: intro at %d, terms at %d", i, j)
	}
	main := page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
	if strings.Contains(main[strings.Index(main, `<div class="prose">`):], `href="/primer/terms/`) {
		t.Error("a link between chapters in the one-page view still leaves the page")
	}
}

// TestBookSlug checks that a chapter cannot take the one-page view's URL,
// and that the failed build leaves the previous output as it was.
func TestBookSlug(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(readArchive(t, "testdata/fixture.txtar").mapFS(), out); err != nil {
		t.Fatal(err)
	}
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	src["content/05-all.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Everything\n---\nAll of it.\n")}
	err := build(src, out)
	if err == nil || !strings.Contains(err.Error(), `content/05-all.md:1: slug "all" (from the file name): URL /primer/all/ is taken by the page of all chapters`) {
		t.Fatalf("build error %v, want one naming content/05-all.md and the URL", err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "all", "index.html")); err != nil || strings.Contains(string(data), "All of it.") {
		t.Errorf("the previous one-page view is gone or changed: %v", err)
	}
}

// TestBookSection checks what the one-page view changes in a chapter,
// rendered from its syntax tree: heading and footnote ids and the links to
// them, links to other chapters, heading levels; and what it keeps: HTML
// written in the Markdown, code, other links.
func TestBookSection(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	src := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\ntitle: A\n---\n## Part\n\nSee [here](#part), [B](02-b.md), [B's end](02-b.md#end), [out](https://example.org/x#y) and a note.[^1]\n\n" +
			"<svg aria-labelledby=\"fig-t\"><title id=\"fig-t\">T</title><rect fill=\"url(#g)\"/></svg>\n\n```go\nid := 1 // href=\"#x\"\n```\n\n[^1]: The note.\n")},
		"content/02-b.md": {Data: []byte("---\ntitle: B\n---\n### End\n\nText.\n")},
	}
	if err := Build(t.Context(), Config{Src: src, Theme: theme.FS, Out: out, BaseURL: "/p/"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "all", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		`<h2 id="a">A<a class="anchor" href="#a"`,
		`<h3 id="a:part">Part<a class="anchor" href="#a:part"`,
		`<a href="#a:part">here</a>`,
		`<a href="#b">B</a>`,
		`<a href="#b:end">B&rsquo;s end</a>`,
		`<a href="https://example.org/x#y">out</a>`,
		`<sup id="a:fnref:1"><a href="#a:fn:1"`,
		`<li id="a:fn:1">`,
		`<svg aria-labelledby="fig-t"><title id="fig-t">T</title><rect fill="url(#g)"/></svg>`,
		`<h4 id="b:end">End<a class="anchor" href="#b:end"`,
		`href=&#34;#x&#34;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("one-page view lacks %s", want)
		}
	}
	chapter, err := os.ReadFile(filepath.Join(out, "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="part">`, `<a href="/p/b/#end">`, `<sup id="fnref:1"><a href="#fn:1"`} {
		if !strings.Contains(string(chapter), want) {
			t.Errorf("chapter page lacks %s, which only the one-page view changes", want)
		}
	}
}

// TestBookLayouts checks the one-page view of layouts that show a page's
// content twice or not at all, which get it joined.
func TestBookLayouts(t *testing.T) {
	for _, tt := range []struct{ name, main string }{
		{"twice", "{{define \"main\"}}\n<div class=\"one\">{{.Content}}</div><div class=\"two\">{{.Content}}</div>\n{{end}}\n"},
		{"never", "{{define \"main\"}}\n<p>no content</p>\n{{end}}\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			th := themeCopy(t)
			th["layouts/chapter.html"] = &fstest.MapFile{Data: []byte(tt.main)}
			src := fstest.MapFS{"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nThe words of A.\n")}}
			out := filepath.Join(t.TempDir(), "public")
			if err := Build(t.Context(), Config{Src: src, Theme: th, Out: out}); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(out, "all", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"twice": 2, "never": 0}[tt.name]
			if n := strings.Count(string(data), "The words of A."); n != want || strings.Contains(string(data), "<!--sitegen:") {
				t.Errorf("the one-page view shows the content %d times (marker left: %v), want %d", n, strings.Contains(string(data), "<!--sitegen:"), want)
			}
		})
	}
}

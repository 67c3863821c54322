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

// TestRewriteForBook checks the tags the one-page view changes, whatever
// their case, and that everything else is copied byte for byte.
func TestRewriteForBook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	src := fstest.MapFS{
		"content/01-a.md": {Data: []byte("---\ntitle: A\n---\nText.\n")},
		"content/02-b.md": {Data: []byte("---\ntitle: B\n---\nText.\n")},
	}
	s, err := Load(t.Context(), Config{Src: src, Theme: theme.FS, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if s.nav, err = s.renderNav(); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{`<p>a text that says href="#x" and id=y</p>`, `<p>a text that says href="#x" and id=y</p>`},
		{`<P CLASS="k">kept <EM>as is</EM></P>`, `<P CLASS="k">kept <EM>as is</EM></P>`},
		{`<A HREF="#x">x</A>`, `<a href="#a:x">x</A>`},
		{`<H2 ID="s">S</H2>`, `<h3 id="a:s">S</h3>`},
		{`<a href="/b/#part">b</a>`, `<a href="#b:part">b</a>`},
		{`<a href="/b/">b</a> <a href="/c/">c</a>`, `<a href="#b">b</a> <a href="/c/">c</a>`},
		{`<label for="f">F</label><svg><rect fill="url(#g)"/></svg>`, `<label for="a:f">F</label><svg><rect fill="url(#a:g)"/></svg>`},
		{`<header><hr></header>`, `<header><hr></header>`},
		{`<a href="#q" title="a &amp;lt; b">q</a>`, `<a href="#a:q" title="a &amp;lt; b">q</a>`},
		{`<h2 id="x">X</h2><pre class="chroma" tabindex="0"><code><span class="k">id</span>=<a>1</a></code></pre><a href="#y">y</a>`,
			`<h3 id="a:x">X</h3><pre class="chroma" tabindex="0"><code><span class="k">id</span>=<a>1</a></code></pre><a href="#a:y">y</a>`},
		{`<pre class="chroma lnpre">1</pre><pre class="chroma">unclosed <a href="#z">`, `<pre class="chroma lnpre">1</pre><pre class="chroma">unclosed <a href="#a:z">`},
	}
	a := s.Chapters[0]
	for _, tt := range tests {
		var b strings.Builder
		if err := s.rewriteForBook(&b, a, tt.in); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("rewriteForBook(%s)\n got %s\nwant %s", tt.in, b.String(), tt.want)
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
			if n := strings.Count(string(data), "The words of A."); n != want || strings.Contains(string(data), string(bookMark)) {
				t.Errorf("the one-page view shows the content %d times (marker left: %v), want %d", n, strings.Contains(string(data), string(bookMark)), want)
			}
		})
	}
}

package check

import (
	"strings"
	"testing"
	"testing/fstest"
)

// want is one expected problem: its page, source, check and a part of
// its message.
type want struct {
	page, source, check, msg string
}

const badSource = "content/09-bad.md"

// bad returns a chapter page at bad/index.html with the given body.
func bad(body string) map[string]string {
	return map[string]string{"bad/index.html": doc("Bad", "A bad page", badSource, body)}
}

// on expects a problem on the bad page.
func on(check, msg string) want { return want{"bad/index.html", badSource, check, msg} }

func TestProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  []want
	}{
		{"broken link", bad(`<p><a href="../nowhere/">x</a></p>`),
			Options{}, []want{on("link", `"../nowhere/" names no file: nowhere/index.html`)}},
		{"broken root-relative resource", bad(`<img src="/assets/missing.png" alt="">`),
			Options{}, []want{on("link", "assets/missing.png does not exist")}},
		{"link above the root", bad(`<p><a href="../../up.html">x</a></p>`),
			Options{}, []want{on("link", "goes above the site root")}},
		{"broken fragment", bad(`<p><a href="../b/#missing">x</a></p>`),
			Options{}, []want{on("link", `b/index.html has no id "missing"`)}},
		{"broken same-page fragment", bad(`<p><a href="#nope">x</a></p>`),
			Options{}, []want{on("link", `bad/index.html has no id "nope"`)}},
		{"broken absolute link under the base URL", bad(`<p><a href="https://example.org/gone/">x</a></p>`),
			Options{BaseURL: "https://example.org/"}, []want{on("link", "gone/index.html does not exist")}},
		{"relative link in the 404 page", map[string]string{"404.html": doc("Not found", "No such page", "", `<p><a href="a/">x</a></p>`)},
			Options{}, []want{{"404.html", "", "link", "404.html is served at any path"}}},
		{"social card URL that names no page", bad(`<meta property="og:image" content="https://example.org/card.png">`),
			Options{}, []want{on("link", `<meta property="og:image"> "https://example.org/card.png" names no file`)}},
		{"sitemap URL that names no page", map[string]string{"sitemap.xml": "<urlset>\n<url><loc>https://example.org/gone/</loc></url></urlset>"},
			Options{}, []want{{"sitemap.xml", "", "link", `<loc> "https://example.org/gone/" names no file`}}},
		{"duplicate id", bad(`<h2 id="x">a</h2><h2 id="x">b</h2>`),
			Options{}, []want{on("id", `id "x" is already used at line`)}},
		{"empty id", bad(`<h2 id="">a</h2>`),
			Options{}, []want{on("id", "empty id")}},
		{"label for a missing id", bad(`<label for="nope">a</label>`),
			Options{}, []want{on("id", `names id "nope"`)}},
		{"no title", map[string]string{"bad/index.html": strings.Replace(doc("", "A bad page", badSource, ""), "<title></title>", "", 1)},
			Options{}, []want{on("title", "no <title>")}},
		{"empty title", map[string]string{"bad/index.html": doc("  ", "A bad page", badSource, "")},
			Options{}, []want{on("title", "no <title>")}},
		{"shared title", map[string]string{"bad/index.html": doc("Words", "A bad page", badSource, "")},
			Options{}, []want{
				{"b/index.html", "content/02-terms.md", "title", `"Words" is also the title of bad/index.html`},
				on("title", `"Words" is also the title of b/index.html`)}},
		{"no description", map[string]string{"bad/index.html": strings.Replace(doc("Bad", "", badSource, ""), `<meta name="description" content="">`, "", 1)},
			Options{}, []want{on("description", "no <meta")}},
		{"shared chapter description", map[string]string{"bad/index.html": doc("Bad", "The words", badSource, "")},
			Options{}, []want{
				{"b/index.html", "content/02-terms.md", "description", "also the description of bad/index.html"},
				on("description", "also the description of b/index.html")}},
		{"img without alt", bad(`<img src="/assets/chart.svg">`),
			Options{}, []want{on("alt", "no alt attribute")}},
		{"problem in one chapter of a page of several", bad("<section data-source=\"content/01-a.md\"><p>fine</p></section>\n<section data-source=\"content/02-b.md\">\n<p><a href=\"#nope\">x</a></p></section>"),
			Options{}, []want{{"bad/index.html", "content/02-b.md", "link", `has no id "nope"`}}},
		{"data URL in srcset", bad(`<img src="/assets/chart.svg" srcset="data:image/png;base64,iVBORw0KGgo= 1x, /assets/chart.svg 2x" alt="a chart">`),
			Options{}, []want{}},
		{"missing file in srcset", bad(`<img src="/assets/chart.svg" srcset="/assets/chart.svg 1x,/assets/big.svg 2x" alt="a chart">`),
			Options{}, []want{on("link", `<img srcset> "/assets/big.svg" names no file`)}},
		{"img with a blank alt", bad(`<img src="/assets/chart.svg" alt="   ">`),
			Options{}, []want{on("alt", "has a blank alt")}},
		{"image button without alt", bad(`<form action="/"><input type="image" src="/assets/chart.svg"></form>`),
			Options{}, []want{on("alt", `<input type="image"> has no alt text`)}},
		{"svg role=img without a title", bad(`<svg role="img"><rect width="1" height="1"/></svg>`),
			Options{}, []want{on("alt", `<svg role="img"> has no <title>`)}},
		{"svg without any text alternative", bad(`<svg><rect width="1" height="1"/></svg>`),
			Options{}, []want{on("alt", "<svg> has no text alternative")}},
		{"no h1", map[string]string{"bad/index.html": strings.Replace(doc("Bad", "A bad page", badSource, ""), "<h1>Bad</h1>", "", 1)},
			Options{}, []want{on("heading", "page has no <h1>")}},
		{"second h1", bad("<h1>Bad</h1>\n<h1>Again</h1>"),
			Options{}, []want{on("heading", "second <h1>: the page has one at line 15")}},
		{"first heading below h1", bad(`<h2>x</h2><h1>Bad</h1>`),
			Options{}, []want{on("heading", "the first heading is <h2>, not <h1>")}},
		{"skipped heading level", bad(`<h1>Bad</h1><h2>a</h2><h4>b</h4><h2>c</h2><h3>d</h3>`),
			Options{}, []want{on("heading", "<h4> follows <h2> (line 15), skipping a level")}},
		{"duplicate attribute", bad(`<p class="a" class="b">x</p>`),
			Options{}, []want{on("html", "attribute class twice")}},
		{"missing doctype", map[string]string{"bad/index.html": strings.TrimPrefix(doc("Bad", "A bad page", badSource, ""), "<!DOCTYPE html>\n")},
			Options{}, []want{on("html", "does not start with <!DOCTYPE html>")}},
		{"page over the budget", bad(`<p>` + strings.Repeat("y", 2000) + `</p>`),
			Options{Budget: 2000}, []want{on("weight", "over the 2.0 KB budget")}},
		{"page with its own larger budget", map[string]string{"bad/index.html": strings.Replace(
			doc("Bad", "A bad page", badSource, `<p>`+strings.Repeat("y", 2000)+`</p>`), `<html lang="en">`, `<html lang="en" data-budget="5000">`, 1)},
			Options{Budget: 2000}, nil},
		{"page over its own budget", map[string]string{"bad/index.html": strings.Replace(
			doc("Bad", "A bad page", badSource, `<p>`+strings.Repeat("y", 2000)+`</p>`), `<html lang="en">`, `<html lang="en" data-budget="2500">`, 1)},
			Options{}, []want{on("weight", "over the 2.5 KB budget")}},
		{"page budget that is not a number", map[string]string{"bad/index.html": strings.Replace(
			doc("Bad", "A bad page", badSource, ""), `<html lang="en">`, `<html lang="en" data-budget="big">`, 1)},
			Options{}, []want{on("weight", `<html data-budget="big">: want a number of bytes`)}},
		{"stylesheets count toward the weight", map[string]string{
			"bad/index.html":  doc("Bad", "A bad page", badSource, `<link rel="stylesheet" href="../assets/big.css">`),
			"assets/big.css":  `@import "more.css";` + "\n",
			"assets/more.css": strings.Repeat("p{}\n", 1000)},
			Options{Budget: 4000}, []want{on("weight", "+ CSS 4.1 KB")}},
		{"scripts count toward the weight", map[string]string{
			"bad/index.html": doc("Bad", "A bad page", badSource, `<script src="../search.js" defer></script><script src="../search.js" defer></script>`),
			"search.js":      strings.Repeat("x;\n", 1500)},
			Options{Budget: 4000}, []want{on("weight", "+ scripts 4.5 KB")}},
		{"external script", bad(`<script src="https://cdn.example.com/x.js"></script>`),
			Options{}, []want{on("external", `<script src> loads "https://cdn.example.com/x.js"`)}},
		{"external font stylesheet", bad(`<link rel="stylesheet" href="//fonts.example.com/css">`),
			Options{}, []want{on("external", `<link href> loads "//fonts.example.com/css"`)}},
		{"external image and frame", bad(`<img src="https://img.example.com/a.png" alt="a"><iframe src="https://v.example.com/"></iframe>`),
			Options{}, []want{on("external", "<img src>"), on("external", "<iframe src>")}},
		{"external preload", bad(`<link rel="preload" as="font" href="https://f.example.com/a.woff2">`),
			Options{}, []want{on("external", "<link href>")}},
		{"mailto as a resource", bad(`<img src="mailto:a@example.org" alt="">`),
			Options{}, []want{on("external", `"mailto:a@example.org"`)}},
		{"data script", bad(`<script src="data:text/javascript,alert(1)"></script>`),
			Options{}, []want{on("external", "data: URL")}},
		{"external CSS import and font", map[string]string{"assets/bad.css": "@import url(\"https://f.example.com/a.css\");\n@font-face { src: url(https://f.example.com/a.woff2); }\n.y { background: url(/assets/none.png); }\n"},
			Options{}, []want{
				{"assets/bad.css", "", "external", `@import loads "https://f.example.com/a.css"`},
				{"assets/bad.css", "", "external", `url() loads "https://f.example.com/a.woff2"`},
				{"assets/bad.css", "", "link", "assets/none.png does not exist"}}},
		{"inline script", bad(`<script>alert(1)</script>`),
			Options{}, []want{on("csp", "inline <script> content")}},
		{"style element", bad(`<style>p{color:red}</style>`),
			Options{}, []want{on("csp", "<style> element")}},
		{"style attribute", bad(`<p style="color:red">x</p>`),
			Options{}, []want{on("csp", `<p style="…">`)}},
		{"style inside svg", bad(`<svg aria-hidden="true"><style>rect{fill:red}</style></svg>`),
			Options{}, []want{on("csp", "<style> element")}},
		{"event handler", bad(`<button onclick="go()">x</button>`),
			Options{}, []want{on("csp", "<button onclick>")}},
		{"javascript URL", bad(`<p><a href="javascript:go()">x</a></p>`),
			Options{}, []want{on("csp", "javascript: URL")}},
		{"page not valid UTF-8", bad("<p>caf\xe9 au lait</p>"),
			Options{}, []want{on("encoding", "byte 0xe9 is not valid UTF-8")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := clean()
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			if tt.opts.BaseURL == "" {
				tt.opts.BaseURL = "https://example.org/"
			}
			got, err := Run(t.Context(), fsys, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			matched := make([]bool, len(got))
			for _, w := range tt.want {
				found := false
				for i, p := range got {
					if !matched[i] && p.Page == w.page && p.Source == w.source && p.Check == w.check && strings.Contains(p.Message, w.msg) {
						matched[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("missing problem: %s: %s: ...%s... (%s)", w.page, w.check, w.msg, w.source)
				}
			}
			for i, p := range got {
				if !matched[i] {
					t.Errorf("unexpected problem: %s", p)
				}
			}
		})
	}
}

// TestRequiredFiles removes each file every build writes at the root and
// checks that the site is reported without it, and that the first bad
// byte of a page that is not UTF-8 is found on its line.
func TestRequiredFiles(t *testing.T) {
	for _, name := range []string{"index.html", "404.html", "sitemap.xml"} {
		t.Run(name, func(t *testing.T) {
			fsys := clean()
			delete(fsys, name)
			got, err := Run(t.Context(), fsys, Options{BaseURL: "https://example.org/"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range got {
				if p.Check == "missing" {
					if p.Page != name || !strings.Contains(p.Message, "the site has no "+name) {
						t.Errorf("unexpected problem: %s", p)
					}
					found = true
				}
			}
			if !found {
				t.Errorf("no missing problem for a site without %s; got %v", name, got)
			}
		})
	}
	t.Run("line of a bad byte", func(t *testing.T) {
		fsys := clean()
		fsys["b/index.html"] = &fstest.MapFile{Data: []byte(doc("Words", "The words", "content/02-terms.md", "<h2 id=\"io\">I/O</h2>\n<p>one</p>\n<p>\xff</p>"))}
		got, err := Run(t.Context(), fsys, Options{BaseURL: "https://example.org/"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Check != "encoding" || got[0].Line != 17 {
			t.Errorf("got %v; want one encoding problem at b/index.html:17", got)
		}
	})
}

func TestBasePath(t *testing.T) {
	page := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(doc("Docs", "Docs", "", body))}
	}
	fsys := fstest.MapFS{
		"index.html":             page(`<p><a href="/docs/b/">b</a> <a href="https://example.org/docs/b/#io">io</a> <a href="/docs">home</a></p>`),
		"b/index.html":           page(`<h2 id="io">I/O</h2><p><a href="/b/">outside</a> <a href="https://example.org/other/">other site</a></p>`),
		"assets/site.3f2a9c.css": {Data: []byte("body{}")},
		"assets/copy.js":         {Data: []byte("")},
	}
	// The page template links /assets/... from the root: under a base
	// path, those are wrong too.
	got, err := Run(t.Context(), fsys, Options{BaseURL: "https://example.org/docs/"})
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, p := range got {
		if p.Check == "link" {
			links = append(links, p.Page+" "+p.Message)
		}
	}
	want := []string{
		`b/index.html <link href> "/assets/site.3f2a9c.css" is outside the base path /docs/`,
		`b/index.html <script src> "/assets/copy.js" is outside the base path /docs/`,
		`b/index.html <a href> "/b/" is outside the base path /docs/`,
		`index.html <link href> "/assets/site.3f2a9c.css" is outside the base path /docs/`,
		`index.html <script src> "/assets/copy.js" is outside the base path /docs/`,
	}
	if strings.Join(links, "\n") != strings.Join(want, "\n") {
		t.Errorf("link problems:\n%s\nwant:\n%s", strings.Join(links, "\n"), strings.Join(want, "\n"))
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Page: "a/index.html", Source: "content/03-threads.md", Line: 12, Check: "link", Message: "broken"},
			"a/index.html:12: link: broken (content/03-threads.md)"},
		{Problem{Page: "index.html", Check: "weight", Message: "heavy"}, "index.html: weight: heavy"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBadBaseURL(t *testing.T) {
	if _, err := Run(t.Context(), clean(), Options{BaseURL: "example.org"}); err == nil {
		t.Error("Run accepted a base URL that is neither absolute nor from the root")
	}
}

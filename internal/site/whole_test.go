package site

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/concurrency-primer/site/internal/check"
)

// TestAll builds the real site in the repository and the fixture, and
// checks every page: each internal href and #fragment resolves to a
// generated file and id, and no page shows template or Markdown residue or
// breaks the Content-Security-Policy. Then it runs every check of sitegen
// check (package check) over what it built.
func TestAll(t *testing.T) {
	for _, name := range []string{"fixture", "content"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var err error
			if name == "fixture" {
				err = build(readArchive(t, "testdata/fixture.txtar").mapFS(), out)
			} else {
				matches, _ := filepath.Glob("../../content/*.md")
				if len(matches) == 0 {
					t.Skip("no chapters in content/ yet")
				}
				err = build(os.DirFS("../.."), out)
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSite(t, out, "/primer/")
			problems, err := check.Run(t.Context(), os.DirFS(out), check.Options{BaseURL: "https://example.org/primer/"})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// page is what checkSite learns about one HTML file.
type page struct {
	ids   map[string]bool
	links []string
}

func checkSite(t *testing.T, dir, base string) {
	for _, p := range siteProblems(readTree(t, dir), base) {
		t.Error(p)
	}
}

// siteProblems checks a built site given as its files by path.
func siteProblems(files map[string][]byte, base string) []string {
	var problems []string
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	pages := map[string]*page{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		p, err := scanPage(data)
		if err != nil {
			errorf("%s: %v", name, err)
			continue
		}
		pages[name] = p
		for _, residue := range []string{"{{.", "{{ .", "{{end", "{{if", "{{range", "<no value>", "ZgotmplZ", "```", "](", "[^"} {
			if bytes.Contains(data, []byte(residue)) {
				errorf("%s: contains residue %q", name, residue)
			}
		}
	}
	if len(pages) < 3 {
		errorf("only %d pages built", len(pages))
	}
	for name, p := range pages {
		for _, href := range p.links {
			u, err := url.Parse(href)
			if err != nil {
				errorf("%s: bad link %q", name, href)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			target := name
			if u.Path != "" {
				if !strings.HasPrefix(u.Path, base) {
					errorf("%s: link %q is outside the site's base path %s", name, href, base)
					continue
				}
				target = strings.TrimPrefix(u.Path, base)
				if target == "" || strings.HasSuffix(target, "/") {
					target += "index.html"
				}
				target = path.Clean(target)
			}
			if _, ok := files[target]; !ok {
				errorf("%s: link %q: no file %s", name, href, target)
				continue
			}
			if u.Fragment != "" && (pages[target] == nil || !pages[target].ids[u.Fragment]) {
				errorf("%s: link %q: no id %q in %s", name, href, u.Fragment, target)
			}
		}
	}
	return problems
}

// scanPage collects ids and links, and reports what a page must not have.
func scanPage(data []byte) (*page, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	p := &page{ids: map[string]bool{}}
	var problems []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if p.ids[a.Val] {
						problems = append(problems, "duplicate id "+a.Val)
					}
					p.ids[a.Val] = true
				case a.Key == "href" || a.Key == "src":
					p.links = append(p.links, a.Val)
				case a.Key == "style" || strings.HasPrefix(a.Key, "on"):
					problems = append(problems, "attribute "+a.Key+" on <"+n.Data+">")
				}
			}
			if n.Data == "style" || (n.Data == "script" && !hasAttr(n, "src")) {
				problems = append(problems, "inline <"+n.Data+">")
			}
			if n.Data == "html" && !hasAttrValue(n, "lang", "en") {
				problems = append(problems, `<html> without lang="en"`)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, need := range []string{"<header", "<nav", "<main", "<footer", `class="skip"`, `rel="canonical"`, `name="description"`} {
		if !bytes.Contains(data, []byte(need)) {
			problems = append(problems, "missing "+need)
		}
	}
	if bytes.Contains(data, []byte(`name="description" content=""`)) {
		problems = append(problems, "empty meta description")
	}
	if len(problems) > 0 {
		return nil, errorList(problems)
	}
	return p, nil
}

type errorList []string

func (e errorList) Error() string { return strings.Join(e, "; ") }

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasAttrValue(n *html.Node, key, val string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}

// TestSiteProblems checks that the whole-site checks catch what they look for.
func TestSiteProblems(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(readArchive(t, "testdata/fixture.txtar").mapFS(), out); err != nil {
		t.Fatal(err)
	}
	good := readTree(t, out)
	if p := siteProblems(good, "/primer/"); len(p) > 0 {
		t.Fatalf("the fixture has problems: %q", p)
	}
	tests := []struct{ name, find, replace, want string }{
		{"missing page", `href="/primer/terms/"`, `href="/primer/nope/"`, "no file nope/index.html"},
		{"missing id", `href="/primer/terms/#blocking"`, `href="/primer/terms/#nope"`, `no id "nope"`},
		{"style attribute", `<p>Read about`, `<p style="color:red">Read about`, "attribute style"},
		{"empty description", `name="description" content="What this fixture covers."`, `name="description" content=""`, "empty meta description"},
		{"inline script", `</main>`, `<script>alert(1)</script></main>`, "inline <script>"},
		{"template residue", `</main>`, `{{.Title}}</main>`, `residue "{{."`},
		{"markdown residue", `</main>`, "```go</main>", "residue \"```\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(good)
			page := string(files["intro/index.html"])
			if !strings.Contains(page, tt.find) {
				t.Fatalf("intro/index.html lacks %q", tt.find)
			}
			files["intro/index.html"] = []byte(strings.Replace(page, tt.find, tt.replace, 1))
			problems := strings.Join(siteProblems(files, "/primer/"), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("problems %q, want one containing %q", problems, tt.want)
			}
		})
	}
}

package site

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestAll builds the real site in the repository and the fixture, and
// checks every page: each internal href and #fragment resolves to a
// generated file and id, and no page shows template or Markdown residue or
// breaks the Content-Security-Policy.
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
		})
	}
}

// page is what checkSite learns about one HTML file.
type page struct {
	ids   map[string]bool
	links []string
}

func checkSite(t *testing.T, dir, base string) {
	files := readTree(t, dir)
	pages := map[string]*page{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		p, err := scanPage(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		pages[name] = p
		for _, residue := range []string{"{{.", "{{ .", "{{end", "{{if", "{{range", "<no value>", "ZgotmplZ", "```", "](", "[^"} {
			if bytes.Contains(data, []byte(residue)) {
				t.Errorf("%s: contains residue %q", name, residue)
			}
		}
	}
	if len(pages) < 3 {
		t.Fatalf("only %d pages built", len(pages))
	}
	for name, p := range pages {
		for _, href := range p.links {
			u, err := url.Parse(href)
			if err != nil {
				t.Errorf("%s: bad link %q", name, href)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			target := name
			if u.Path != "" {
				if !strings.HasPrefix(u.Path, base) {
					t.Errorf("%s: link %q is outside the site's base path %s", name, href, base)
					continue
				}
				target = strings.TrimPrefix(u.Path, base)
				if target == "" || strings.HasSuffix(target, "/") {
					target += "index.html"
				}
				target = path.Clean(target)
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s: link %q: no file %s", name, href, target)
				continue
			}
			if u.Fragment != "" && (pages[target] == nil || !pages[target].ids[u.Fragment]) {
				t.Errorf("%s: link %q: no id %q in %s", name, href, u.Fragment, target)
			}
		}
	}
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

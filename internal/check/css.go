package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssURL     = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)
	cssImport  = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
	cssImportU = regexp.MustCompile(`(?i)@import\s+$`)
)

// scanCSS returns the URLs a stylesheet names in @import and url(), with
// their lines. Fragment-only URLs (url(#clip)) name parts of the page and
// are left out.
func scanCSS(data []byte) []ref {
	// Blank out comments but keep their newlines, so offsets give lines.
	text := cssComment.ReplaceAllFunc(data, func(c []byte) []byte {
		out := bytes.Repeat([]byte(" "), len(c))
		for i, b := range c {
			if b == '\n' {
				out[i] = '\n'
			}
		}
		return out
	})
	lineAt := func(off int) int { return 1 + bytes.Count(text[:off], []byte("\n")) }
	var refs []ref
	for _, m := range cssImport.FindAllSubmatchIndex(text, -1) {
		u := group(text, m)
		refs = append(refs, ref{url: u, line: lineAt(m[0]), what: "@import", resource: true, sheet: true})
	}
	for _, m := range cssURL.FindAllSubmatchIndex(text, -1) {
		u := group(text, m)
		if u == "" || strings.HasPrefix(u, "#") {
			continue
		}
		r := ref{url: u, line: lineAt(m[0]), what: "url()", resource: true, dataOK: true}
		if cssImportU.Match(text[:m[0]]) {
			r.what, r.sheet, r.dataOK = "@import", true, false
		}
		refs = append(refs, r)
	}
	return refs
}

// group returns the first matched group of a submatch index.
func group(text []byte, m []int) string {
	for i := 2; i+1 < len(m); i += 2 {
		if m[i] >= 0 {
			return string(text[m[i]:m[i+1]])
		}
	}
	return ""
}

// checkWeight reports pages whose HTML, stylesheets and scripts exceed the
// budget.
func (s *site) checkWeight(budget int) {
	for _, name := range s.order {
		p := s.pages[name]
		seen := map[string]bool{}
		css, js := 0, 0
		var add func(from string, refs []ref)
		add = func(from string, refs []ref) {
			for _, r := range refs {
				if r.script && from == name {
					if u, err := parseURL(r.url); err == nil {
						if target, err := s.resolve(from, u); err == nil && !seen[target] {
							seen[target] = true
							js += int(s.files[target])
						}
					}
					continue
				}
				if !r.sheet {
					continue
				}
				u, err := parseURL(r.url)
				if err != nil {
					continue
				}
				target, err := s.resolve(from, u)
				if err != nil || seen[target] {
					continue
				}
				seen[target] = true
				css += int(s.files[target])
				add(target, s.css[target])
			}
		}
		add(name, p.refs)
		limit := budget
		if p.budget > 0 {
			limit = p.budget
		}
		if total := p.weight + css + js; total > limit {
			p.add(0, "weight", fmt.Sprintf("page weighs %s (HTML %s + CSS %s + scripts %s without demo source), over the %s budget",
				kb(total), kb(p.weight), kb(css), kb(js), kb(limit)))
		}
	}
}

// kb formats a byte count in kilobytes.
func kb(n int) string {
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}

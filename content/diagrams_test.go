package content_test

import (
	"regexp"
	"strings"
	"testing"
)

var (
	svgOpen    = regexp.MustCompile(`<svg\b[^>]*>`)
	styleAttr  = regexp.MustCompile(`\sstyle\s*=`)
	svgID      = regexp.MustCompile(`\sid="([^"]+)"`)
	labelledBy = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
)

// TestDiagrams checks the hand-drawn inline SVG in chapters: each one is an
// image with a title and a description that it names as its label, it
// carries no inline style (the site's Content-Security-Policy forbids it),
// it has no blank line that would end Markdown's HTML block early, and its
// ids are unique on the page.
func TestDiagrams(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Run(ch.file, func(t *testing.T) {
			lines := strings.Split(ch.body, "\n")
			ids := map[string]int{}
			for i := 0; i < len(lines); i++ {
				if strings.Contains(lines[i], "<style") || styleAttr.MatchString(lines[i]) {
					t.Errorf("%s:%d: inline style is not allowed; use classes or presentation attributes", ch.file, ch.bodyStart+i)
				}
				open := svgOpen.FindString(lines[i])
				if open == "" {
					continue
				}
				start := i
				for i < len(lines) && !strings.Contains(lines[i], "</svg>") {
					if strings.TrimSpace(lines[i]) == "" {
						t.Errorf("%s:%d: blank line inside <svg> ends the HTML block", ch.file, ch.bodyStart+i)
					}
					i++
				}
				svg := strings.Join(lines[start:min(i+1, len(lines))], "\n")
				where := ch.bodyStart + start
				if !strings.Contains(open, `role="img"`) {
					t.Errorf("%s:%d: <svg> needs role=\"img\"", ch.file, where)
				}
				if !strings.Contains(open, "viewBox=") {
					t.Errorf("%s:%d: <svg> needs a viewBox so that it scales on a phone", ch.file, where)
				}
				for _, m := range svgID.FindAllStringSubmatch(svg, -1) {
					if prev, ok := ids[m[1]]; ok {
						t.Errorf("%s:%d: id %q is already used on line %d", ch.file, where, m[1], prev)
					}
					ids[m[1]] = where
				}
				label := labelledBy.FindStringSubmatch(open)
				if label == nil {
					t.Errorf("%s:%d: <svg> needs aria-labelledby naming its <title> and <desc>", ch.file, where)
					continue
				}
				for _, tag := range []string{"title", "desc"} {
					re := regexp.MustCompile(`<` + tag + ` id="([^"]+)">[^<]{8,}</` + tag + `>`)
					m := re.FindStringSubmatch(svg)
					if m == nil {
						t.Errorf("%s:%d: <svg> needs a <%s id=...> with text", ch.file, where, tag)
					} else if !strings.Contains(" "+label[1]+" ", " "+m[1]+" ") {
						t.Errorf("%s:%d: aria-labelledby does not name the <%s> %q", ch.file, where, tag, m[1])
					}
				}
			}
		})
	}
}

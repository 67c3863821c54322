package content_test

import (
	"regexp"
	"strings"
	"testing"
)

var (
	svgOpen    = regexp.MustCompile(`<svg\b[^>]*>`)
	labelledBy = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
)

// TestDiagrams checks the hand-drawn inline SVG in chapters: each one is an
// image with a title and a description that it names as its label, and it
// has no blank line that would end Markdown's HTML block early. What the
// built page must be (unique ids, ids that aria-labelledby names, no inline
// style under the Content-Security-Policy) package check asserts in
// cmd/sitegen's TestCheckRealSite.
func TestDiagrams(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Run(ch.File, func(t *testing.T) {
			lines := ch.lines
			for i := 0; i < len(lines); i++ {
				open := svgOpen.FindString(lines[i])
				if open == "" {
					continue
				}
				start := i
				for i < len(lines) && !strings.Contains(lines[i], "</svg>") {
					if strings.TrimSpace(lines[i]) == "" {
						t.Errorf("%s:%d: blank line inside <svg> ends the HTML block", ch.File, i+1)
					}
					i++
				}
				svg := strings.Join(lines[start:min(i+1, len(lines))], "\n")
				where := start + 1
				if !strings.Contains(open, `role="img"`) {
					t.Errorf("%s:%d: <svg> needs role=\"img\"", ch.File, where)
				}
				if !strings.Contains(open, "viewBox=") {
					t.Errorf("%s:%d: <svg> needs a viewBox so that it scales on a phone", ch.File, where)
				}
				label := labelledBy.FindStringSubmatch(open)
				if label == nil {
					t.Errorf("%s:%d: <svg> needs aria-labelledby naming its <title> and <desc>", ch.File, where)
					continue
				}
				for _, tag := range []string{"title", "desc"} {
					re := regexp.MustCompile(`<` + tag + ` id="([^"]+)">[^<]{8,}</` + tag + `>`)
					m := re.FindStringSubmatch(svg)
					if m == nil {
						t.Errorf("%s:%d: <svg> needs a <%s id=...> with text", ch.File, where, tag)
					} else if !strings.Contains(" "+label[1]+" ", " "+m[1]+" ") {
						t.Errorf("%s:%d: aria-labelledby does not name the <%s> %q", ch.File, where, tag, m[1])
					}
				}
			}
		})
	}
}

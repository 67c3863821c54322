package content_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestLinks checks that every link within the site is written as a
// chapter's file (03-threads.md#the-gil), the one form the build checks
// and rewrites to the chapter's URL: site.Load, which loadChapters calls,
// has already failed on any such link to a chapter or heading that does
// not exist. Links in the built pages (to demos, recipes and the rest)
// are checked by package check in cmd/sitegen's TestCheckRealSite.
func TestLinks(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Run(ch.File, func(t *testing.T) {
			for _, l := range ch.Doc.Links {
				u, err := url.Parse(l.Dest)
				if err != nil {
					t.Fatal(err) // site.Load reports it first
				}
				if u.Scheme != "" || u.Host != "" || u.Path == "" {
					continue
				}
				if !strings.HasSuffix(u.Path, ".md") || strings.HasPrefix(u.Path, "/") {
					t.Errorf("%s:%d: link %q names no chapter: link to another chapter by its file, as in 03-threads.md#the-gil", ch.File, l.Line, l.Dest)
				}
			}
		})
	}
}

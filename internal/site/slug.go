package site

import (
	"errors"
	"fmt"
	"strings"
)

// builtNames are the folders the build itself writes at the top of the
// output, with what they hold. Every file it writes there has a dot in its
// name, which no slug has.
var builtNames = map[string]string{
	allSlug: "the page of all chapters",
	"demos": "the demos' pages",
}

// checkSlug says what is wrong with a chapter's slug: a slug is a folder
// at the top of the output, so it must be a plain name (lower-case
// letters, digits, dashes and underscores, no dot, as every file the build
// writes has one) and must not be a name the build or the theme uses.
func (s *Site) checkSlug(slug string) error {
	if strings.Contains(slug, ".") {
		return errors.New("want lower-case letters, digits and dashes, without a dot: names with a dot are the site's own files")
	}
	if !slugRE.MatchString(slug) {
		return errors.New("want lower-case letters, digits and dashes")
	}
	if what, ok := builtNames[slug]; ok {
		return fmt.Errorf("URL %s is taken by %s; choose another slug", s.basePath+slug+"/", what)
	}
	if s.theme != nil {
		for name := range s.theme.static {
			if top, _, _ := strings.Cut(name, "/"); top == slug {
				return fmt.Errorf("URL %s is taken by the theme's static/%s; choose another slug", s.basePath+slug+"/", top)
			}
		}
	}
	return nil
}

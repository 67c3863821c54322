package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/concurrency-primer/site/internal/check"
)

// TestCheck runs every check of sitegen check (package check) over the
// fixture and the real site in the repository, as built here.
func TestCheck(t *testing.T) {
	for _, name := range []string{"fixture", "content"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var err error
			if name == "fixture" {
				err = build(readArchive(t, "testdata/fixture.txtar").mapFS(), out)
			} else {
				err = build(os.DirFS("../.."), out)
			}
			if err != nil {
				t.Fatal(err)
			}
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

package theme_test

import (
	"bytes"
	"github.com/concurrency-primer/site/internal/demo"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
	"golang.org/x/net/html"
)

// TestHeadings builds the real site and checks every page's outline: one
// h1, and no heading more than one level below the one before it, so that
// a screen reader's list of headings reads as a table of contents.
func TestHeadings(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := site.Config{Src: os.DirFS(root), Theme: theme.FS, Out: out, Demos: demo.ModeOff}
	if err := site.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages++
		name, _ := filepath.Rel(out, p)
		for _, problem := range outline(data) {
			t.Errorf("%s: %s", name, problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3 {
		t.Fatalf("only %d pages built", pages)
	}
}

// outline returns what is wrong with the heading levels of a page.
func outline(data []byte) []string {
	var problems []string
	z := html.NewTokenizer(bytes.NewReader(data))
	last, h1 := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if h1 != 1 {
				problems = append(problems, "want one <h1>, have "+strconv.Itoa(h1))
			}
			return problems
		case html.StartTagToken:
			name, _ := z.TagName()
			if len(name) != 2 || name[0] != 'h' || name[1] < '1' || name[1] > '6' {
				continue
			}
			level := int(name[1] - '0')
			if level == 1 {
				h1++
			}
			switch {
			case last == 0 && level != 1:
				problems = append(problems, "the first heading is <"+string(name)+">, not <h1>")
			case level > last+1:
				problems = append(problems, "<"+string(name)+"> follows <h"+strconv.Itoa(last)+">, skipping a level")
			}
			last = level
		}
	}
}

package content_test

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

// chapter is one published chapter of the primer as the site loads it,
// with the lines of its file for the tests that read the prose.
type chapter struct {
	*site.Chapter
	// lines are the lines of the file, the front matter blanked out:
	// lines[i] is line i+1 of the file.
	lines []string
}

// loadSite loads the repository's site as sitegen build does. Load reads
// the front matter and the Markdown, and fails, naming the file and line,
// on a link to a chapter or heading that does not exist. It writes nothing
// (Out is only required) and runs no demo, whatever Config.Demos says, so
// the default mode does.
func loadSite(t *testing.T) *site.Site {
	t.Helper()
	s, err := site.Load(t.Context(), site.Config{
		Src: os.DirFS(".."), Root: "..", Theme: theme.FS, ThemeName: "theme",
		Out: filepath.Join(t.TempDir(), "public"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Chapters) == 0 {
		t.Fatal("no chapters found in content/")
	}
	return s
}

// loadChapters returns the published chapters in reading order.
func loadChapters(t *testing.T) []chapter {
	t.Helper()
	var chs []chapter
	for _, ch := range loadSite(t).Chapters {
		src, err := os.ReadFile(path.Join("..", ch.File))
		if err != nil {
			t.Fatal(err)
		}
		chs = append(chs, chapter{ch, blankFrontMatter(strings.Split(string(src), "\n"))})
	}
	return chs
}

// blankFrontMatter empties the lines up to the second --- line, which
// site.Load has read and checked, so that only the Markdown is left.
func blankFrontMatter(lines []string) []string {
	for i, l := range lines {
		if i > 0 && strings.TrimRight(l, " \t\r") == "---" {
			clear(lines[:i+1])
			break
		}
	}
	return lines
}

var chapterName = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+\.md$`)

// TestFiles checks that every Markdown file of content/ is named
// NN-slug.md and is a published chapter, not a draft.
func TestFiles(t *testing.T) {
	published := map[string]bool{}
	for _, ch := range loadSite(t).Chapters {
		published[ch.File] = true
	}
	names, err := fs.Glob(os.DirFS("."), "*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		file := "content/" + name
		switch {
		case name == "_index.md":
			// The site's title and introduction, not a chapter.
		case !chapterName.MatchString(name):
			t.Errorf("%s: chapter file names are NN-slug.md", file)
		case !published[file]:
			t.Errorf("%s:1: chapter is a draft", file)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	weights := map[int]string{}
	for _, ch := range loadChapters(t) {
		t.Run(ch.File, func(t *testing.T) {
			if strings.TrimSpace(ch.Title) == "" {
				t.Errorf("%s:2: front matter has no title", ch.File)
			}
			if d := strings.TrimSpace(ch.Description); d == "" {
				t.Errorf("%s:2: front matter has no description", ch.File)
			} else if strings.Contains(d, "\n") || len(d) > 200 {
				t.Errorf("%s:2: description must be one line of at most 200 characters, got %d", ch.File, len(d))
			}
			// Chapters are ordered by weight from 1: a weight of 0 is
			// a missing one.
			if ch.Weight == 0 {
				t.Errorf("%s:2: front matter has no weight", ch.File)
				return
			}
			if other, ok := weights[ch.Weight]; ok {
				t.Errorf("%s:2: weight %d is also the weight of %s", ch.File, ch.Weight, other)
			}
			weights[ch.Weight] = ch.File
		})
	}
}

func TestShape(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Run(ch.File, func(t *testing.T) {
			lines := ch.lines
			first, n := summary(lines)
			switch {
			case first < 0:
				t.Errorf("%s: chapter has no text", ch.File)
			case n == 0:
				t.Errorf("%s:%d: chapter must open with a summary paragraph, not %q", ch.File, first+1, lines[first])
			case n > 2:
				t.Errorf("%s:%d: the opening summary has %d lines, want at most 2", ch.File, first+1, n)
			}

			try := tryIt(lines)
			if try < 0 {
				t.Errorf("%s: chapter has no \"## Try it\" section", ch.File)
			} else if section := strings.Join(lines[try:], "\n"); !strings.Contains(section, "go run ./demos/") && !strings.Contains(section, "go run ./recipes/") {
				t.Errorf("%s:%d: the Try it section has no go run ./demos/NAME or ./recipes/NAME command", ch.File, try+1)
			}

			words := len(strings.Fields(strings.Join(proseLines(strings.Join(lines, "\n")), "\n")))
			if words < 800 || words > 2500 {
				t.Errorf("%s: %d words of prose, want 800 to 2500", ch.File, words)
			}
		})
	}
}

// summary returns the index of the first non-blank line and the number of
// lines in the paragraph it starts, or 0 when that line does not start a
// plain paragraph.
func summary(lines []string) (first, n int) {
	first = -1
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return -1, 0
	}
	if strings.ContainsAny(lines[first][:1], "#<`>|-*") {
		return first, 0
	}
	for _, l := range lines[first:] {
		if strings.TrimSpace(l) == "" {
			break
		}
		n++
	}
	return first, n
}

// tryIt returns the index of the last level-two heading if it is "Try it",
// or -1.
func tryIt(lines []string) int {
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "## ") {
			last = i
		}
	}
	if last >= 0 && strings.TrimSpace(lines[last]) == "## Try it" {
		return last
	}
	return -1
}

package content_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// frontMatter is the part of a chapter's front matter these tests check.
type frontMatter struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Weight      *int   `yaml:"weight"`
	Draft       bool   `yaml:"draft"`
	Slug        string `yaml:"slug"`
}

// chapter is one Markdown file of the primer, split at its front matter.
type chapter struct {
	file      string // path as the site names it: content/NN-slug.md
	meta      frontMatter
	body      string // the Markdown after the closing --- line
	bodyStart int    // line number of the first body line
}

var chapterName = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+\.md$`)

// loadChapters reads every chapter in dir; the tests run in content/.
func loadChapters(t *testing.T) []chapter {
	t.Helper()
	fsys := os.DirFS(".")
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no chapters found in content/")
	}
	var chs []chapter
	for _, name := range names {
		if name == "_index.md" {
			continue // the site's title and introduction, not a chapter
		}
		if !chapterName.MatchString(name) {
			t.Errorf("content/%s: chapter file names are NN-slug.md", name)
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := parseChapter(path.Join("content", name), src)
		if err != nil {
			t.Error(err)
			continue
		}
		chs = append(chs, ch)
	}
	return chs
}

// parseChapter splits src into front matter and body.
func parseChapter(file string, src []byte) (chapter, error) {
	ch := chapter{file: file}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return ch, fmt.Errorf("%s:1: no front matter: the file must start with a --- line", file)
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		return ch, fmt.Errorf("%s:1: front matter is not closed by a --- line", file)
	}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(rest[:end])), yaml.DisallowUnknownField())
	if err := dec.Decode(&ch.meta); err != nil {
		return ch, fmt.Errorf("%s:2: reading front matter: %w", file, err)
	}
	ch.body = rest[end+len("\n---\n"):]
	ch.bodyStart = strings.Count(text[:len(text)-len(ch.body)], "\n") + 1
	return ch, nil
}

func TestFrontMatter(t *testing.T) {
	weights := map[int]string{}
	for _, ch := range loadChapters(t) {
		t.Run(ch.file, func(t *testing.T) {
			m := ch.meta
			if strings.TrimSpace(m.Title) == "" {
				t.Errorf("%s:2: front matter has no title", ch.file)
			}
			if d := strings.TrimSpace(m.Description); d == "" {
				t.Errorf("%s:2: front matter has no description", ch.file)
			} else if strings.Contains(d, "\n") || len(d) > 200 {
				t.Errorf("%s:2: description must be one line of at most 200 characters, got %d", ch.file, len(d))
			}
			if m.Draft {
				t.Errorf("%s:2: chapter is a draft", ch.file)
			}
			if m.Weight == nil {
				t.Errorf("%s:2: front matter has no weight", ch.file)
				return
			}
			if other, ok := weights[*m.Weight]; ok {
				t.Errorf("%s:2: weight %d is also the weight of %s", ch.file, *m.Weight, other)
			}
			weights[*m.Weight] = ch.file
		})
	}
}

func TestShape(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Run(ch.file, func(t *testing.T) {
			lines := strings.Split(ch.body, "\n")
			first, n := summary(lines)
			switch {
			case first < 0:
				t.Errorf("%s: chapter has no text", ch.file)
			case n == 0:
				t.Errorf("%s:%d: chapter must open with a summary paragraph, not %q", ch.file, ch.bodyStart+first, lines[first])
			case n > 2:
				t.Errorf("%s:%d: the opening summary has %d lines, want at most 2", ch.file, ch.bodyStart+first, n)
			}

			try := tryIt(lines)
			if try < 0 {
				t.Errorf("%s: chapter has no \"## Try it\" section", ch.file)
			} else if !strings.Contains(strings.Join(lines[try:], "\n"), "go run ./demos/") {
				t.Errorf("%s:%d: the Try it section has no go run ./demos/NAME command", ch.file, ch.bodyStart+try)
			}

			words := len(strings.Fields(strings.Join(proseLines(ch.body), "\n")))
			if words < 800 || words > 2200 {
				t.Errorf("%s: %d words of prose, want 800 to 2200", ch.file, words)
			}
		})
	}
}

// summary returns the index of the first non-blank body line and the
// number of lines in the paragraph it starts, or 0 when that line does not
// start a plain paragraph.
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

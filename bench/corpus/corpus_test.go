package corpus_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/bench/corpus"
)

// testN is the size of the corpora the tests generate: enough for links
// between chapters, small enough to stay fast.
const testN = 20

// chapterFile is one generated chapter, read back.
type chapterFile struct {
	name  string
	front map[string]string
	body  string // after the front matter
}

// generate writes a corpus of n chapters into a new folder and reads its
// chapters back, in file order.
func generate(t *testing.T, n int, seed int64) (string, []chapterFile) {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Generate(dir, n, seed); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content"))
	if err != nil {
		t.Fatal(err)
	}
	var chapters []chapterFile
	for _, e := range entries {
		if e.Name() == "_index.md" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "content", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		front, body, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
		if !strings.HasPrefix(string(data), "---\n") || !ok {
			t.Fatalf("%s: no front matter between --- lines", e.Name())
		}
		ch := chapterFile{name: e.Name(), front: map[string]string{}, body: body}
		for _, l := range strings.Split(front, "\n") {
			k, v, _ := strings.Cut(l, ": ")
			ch.front[k] = v
		}
		chapters = append(chapters, ch)
	}
	if len(chapters) != n {
		t.Fatalf("%d chapters written, want %d", len(chapters), n)
	}
	return dir, chapters
}

func TestDeterministic(t *testing.T) {
	_, base := generate(t, testN, 1)
	tests := []struct {
		name string
		seed int64
		same bool
	}{
		{"same seed, same bytes", 1, true},
		{"other seed, every chapter differs", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := generate(t, testN, tt.seed)
			for i := range got {
				same := got[i].name == base[i].name && got[i].body == base[i].body
				if same != tt.same {
					t.Errorf("chapter %d: %s and %s: same is %v, want %v", i, got[i].name, base[i].name, same, tt.same)
				}
			}
		})
	}
}

var (
	fenceRE   = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)\n```$")
	headingRE = regexp.MustCompile(`(?m)^(##|###) (.+)$`)
	linkRE    = regexp.MustCompile(`\]\(([^)#]+\.md)#([^)]+)\)`)
	tableRE   = regexp.MustCompile(`(?m)^\|---\|`)
	bulletRE  = regexp.MustCompile(`(?m)^- \S`)
	numberRE  = regexp.MustCompile(`(?m)^1\. \S`)
	codeRE    = regexp.MustCompile("[^`\n]`[^`\n]+`")
	emRE      = regexp.MustCompile(`(^|\s)\*[a-z]+\*`)
)

// words counts the words of a chapter as a reader would: outside code
// blocks, the whitespace-separated fields that hold a letter.
func words(body string) int {
	n := 0
	for _, f := range strings.Fields(fenceRE.ReplaceAllString(body, "")) {
		if strings.IndexFunc(f, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }) >= 0 {
			n++
		}
	}
	return n
}

// headingID is the id goldmark and Hugo give a heading of plain words.
func headingID(text string) string {
	return strings.ToLower(strings.ReplaceAll(text, " ", "-"))
}

func TestChapters(t *testing.T) {
	_, chapters := generate(t, testN, 3)
	ids := map[string][]string{}
	for _, ch := range chapters {
		for _, m := range headingRE.FindAllStringSubmatch(ch.body, -1) {
			ids[ch.name] = append(ids[ch.name], headingID(m[2]))
		}
	}
	for i, ch := range chapters {
		t.Run(ch.name, func(t *testing.T) {
			for _, key := range []string{"title", "description", "weight", "slug"} {
				if ch.front[key] == "" {
					t.Errorf("front matter has no %s", key)
				}
			}
			if want := strings.TrimLeft(ch.name[:4], "0") + "0"; ch.front["weight"] != want {
				t.Errorf("weight %s, want %s", ch.front["weight"], want)
			}
			if !strings.HasSuffix(ch.name, "-"+ch.front["slug"]+".md") {
				t.Errorf("slug %s is not the file's", ch.front["slug"])
			}
			if n := words(ch.body); n < 1300 || n > 1700 {
				t.Errorf("%d words, want 1,300 to 1,700", n)
			}
			var langs []string
			for _, m := range fenceRE.FindAllStringSubmatch(ch.body, -1) {
				langs = append(langs, m[1])
				if n := strings.Count(m[2], "\n") + 1; n < 20 || n > 40 {
					t.Errorf("%s block of %d lines, want 20 to 40", m[1], n)
				}
			}
			if slices.Sort(langs); !slices.Equal(langs, []string{"bash", "go", "python"}) {
				t.Errorf("code blocks in %v, want one each of bash, go, python", langs)
			}
			for what, re := range map[string]*regexp.Regexp{"h3 heading": regexp.MustCompile(`(?m)^### `),
				"table": tableRE, "bullet list": bulletRE, "numbered list": numberRE, "inline code": codeRE, "emphasis": emRE} {
				if !re.MatchString(ch.body) {
					t.Errorf("no %s", what)
				}
			}
			if n := len(ids[ch.name]); n < 6 || len(slices.Compact(slices.Sorted(slices.Values(ids[ch.name])))) != n {
				t.Errorf("headings %v: want six or more, none twice", ids[ch.name])
			}
			links := linkRE.FindAllStringSubmatch(ch.body, -1)
			if len(links) < 3 {
				t.Errorf("%d links to other chapters, want at least 3", len(links))
			}
			for _, l := range links {
				if l[1] == chapters[i].name || !slices.Contains(ids[l[1]], l[2]) {
					t.Errorf("link to %s#%s: no such heading in another chapter", l[1], l[2])
				}
			}
		})
	}
}

func TestIndex(t *testing.T) {
	dir, _ := generate(t, 2, 1)
	data, err := os.ReadFile(filepath.Join(dir, "content", "_index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("---\ntitle: ")) || !bytes.Contains(data, []byte("\ndescription: ")) {
		t.Errorf("content/_index.md has no title and description:\n%s", data)
	}
}

func TestRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		n    int
	}{
		{"a folder with content/", dir, 5},
		{"no chapters", t.TempDir(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := corpus.Generate(tt.dir, tt.n, 1); err == nil {
				t.Error("Generate succeeded")
			}
		})
	}
}

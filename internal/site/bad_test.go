package site

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

// TestBadInput breaks the fixture one way at a time and checks that the
// build fails with a message naming the file and line, and that the
// previous output survives byte for byte.
func TestBadInput(t *testing.T) {
	good := readArchive(t, "testdata/fixture.txtar").mapFS()
	chapter := func(fm, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\n" + fm + "---\n" + body)}
	}
	tests := []struct {
		name  string
		edit  fstest.MapFS // files to add or replace; a nil file removes it
		theme fstest.MapFS // theme files replacing the built-in ones
		want  string
	}{
		{
			name: "malformed front matter",
			edit: fstest.MapFS{"content/01-intro.md": chapter("title: Intro\nweight: [1\n", "text\n")},
			want: "content/01-intro.md:3: front matter:",
		},
		{
			name: "wrong type in front matter",
			edit: fstest.MapFS{"content/01-intro.md": chapter("title: Intro\nweight: ten\n", "text\n")},
			want: "content/01-intro.md:3: front matter:",
		},
		{
			name: "unknown front matter key",
			edit: fstest.MapFS{"content/01-intro.md": chapter("title: Intro\ntitel: x\n", "text\n")},
			want: "content/01-intro.md:3: front matter:",
		},
		{
			name: "no front matter",
			edit: fstest.MapFS{"content/01-intro.md": {Data: []byte("# Intro\n")}},
			want: "content/01-intro.md:1: front matter:",
		},
		{
			name: "bytes that are not UTF-8",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "Text.\n\n## Caf\xe9 au lait\n")},
			want: "content/04-more.md:6: byte 0xe9 is not valid UTF-8",
		},
		{
			name: "bytes that are not UTF-8 in front matter",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: Caf\xe9\n", "Text.\n")},
			want: "content/04-more.md:2: byte 0xe9 is not valid UTF-8",
		},
		{
			name: "missing title",
			edit: fstest.MapFS{"content/01-intro.md": chapter("weight: 1\n", "text\n")},
			want: "content/01-intro.md:1: front matter: missing title",
		},
		{
			name: "same URL twice",
			edit: fstest.MapFS{"content/09-intro.md": chapter("title: Again\n", "text\n")},
			want: "content/09-intro.md:1: URL /primer/intro/ is already used by content/01-intro.md",
		},
		{
			name: "link to a missing chapter",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "One.\n\nSee [gone](07-gone.md).\n")},
			want: `content/04-more.md:6: link "07-gone.md": no chapter content/07-gone.md`,
		},
		{
			name: "link to a missing heading",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "See [x](02-terms.md#nope).\n")},
			want: `content/04-more.md:4: link "02-terms.md#nope": no heading with id "nope" in content/02-terms.md`,
		},
		{
			name: "link to a missing heading on the same page",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "## Here\n\nSee [x](#there).\n")},
			want: `content/04-more.md:6: link "#there": no heading with id "there" on this page`,
		},
		{
			name: "bad demo option",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "Text.\n\n```demo cpu colour=red\n```\n")},
			want: `content/04-more.md:6: demo cpu: unknown option "colour"`,
		},
		{
			name: "bad inline number",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "Took {{cpu mean threads}}.\n")},
			want: `content/04-more.md:4: {{cpu mean threads}}: unknown query "mean"`,
		},
		{
			name: "bad code option",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "```go {linenos=maybe}\nx\n```\n")},
			want: `content/04-more.md:4: code option linenos="maybe"`,
		},
		{
			name: "heading id of the layout",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\n", "Text.\n\n## Start {#main}\n")},
			want: `content/04-more.md:6: heading id "main" is taken by the page's layout`,
		},
		{
			name: "slug of a generated file",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\nslug: sitemap.xml\n", "Text.\n")},
			want: `content/04-more.md:3: slug "sitemap.xml": want lower-case letters, digits and dashes, without a dot`,
		},
		{
			name: "slug of a static file",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\ndescription: x\nslug: favicon.svg\n", "Text.\n")},
			want: `content/04-more.md:4: slug "favicon.svg": want lower-case letters, digits and dashes, without a dot`,
		},
		{
			name:  "slug of a static folder",
			edit:  fstest.MapFS{"content/04-more.md": chapter("title: More\nslug: img\n", "Text.\n")},
			theme: fstest.MapFS{"static/img/logo.svg": {Data: []byte("<svg/>")}},
			want:  `content/04-more.md:3: slug "img": URL /primer/img/ is taken by the theme's static/img`,
		},
		{
			name: "slug of the demos' pages",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\nslug: demos\n", "Text.\n")},
			want: `content/04-more.md:3: slug "demos": URL /primer/demos/ is taken by the demos' pages`,
		},
		{
			name: "slug of the page of all chapters",
			edit: fstest.MapFS{"content/04-more.md": chapter("title: More\nslug: all\n", "Text.\n")},
			want: `content/04-more.md:3: slug "all": URL /primer/all/ is taken by the page of all chapters`,
		},
		{
			name: "slug with a dot from the file name",
			edit: fstest.MapFS{"content/04-robots.txt.md": chapter("title: More\n", "Text.\n")},
			want: `content/04-robots.txt.md:1: slug "robots.txt" (from the file name): want lower-case letters, digits and dashes, without a dot`,
		},
		{
			name: "missing content folder",
			edit: fstest.MapFS{"content/_index.md": nil, "content/01-intro.md": nil, "content/02-terms.md": nil, "content/03-draft.md": nil, "content/notes.txt": nil},
			want: "content: folder not found",
		},
		{
			name:  "template that fails to parse",
			theme: fstest.MapFS{"layouts/chapter.html": {Data: []byte("{{define \"main\"}}\n{{.Title}\n{{end}}\n")}},
			want:  "theme/layouts/chapter.html:2:",
		},
		{
			name:  "template that fails to execute",
			theme: fstest.MapFS{"layouts/chapter.html": {Data: []byte("{{define \"main\"}}\n{{.Nope}}\n{{end}}\n")}},
			want:  "theme/layouts/chapter.html:2:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if err := build(good, out); err != nil {
				t.Fatal(err)
			}
			before := readTree(t, out)
			if err := os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			before["stale.html"] = []byte("old")

			src := maps.Clone(good)
			for name, f := range tt.edit {
				if f == nil {
					delete(src, name)
				} else {
					src[name] = f
				}
			}
			th := fstest.MapFS{}
			for _, dir := range []string{"layouts", "static"} {
				entries, _ := theme.FS.ReadDir(dir)
				for _, e := range entries {
					data, _ := theme.FS.ReadFile(dir + "/" + e.Name())
					th[dir+"/"+e.Name()] = &fstest.MapFile{Data: data}
				}
			}
			maps.Copy(th, tt.theme)
			err := Build(t.Context(), Config{Src: src, Theme: th, Out: out, BaseURL: "https://example.org/primer/"})
			if err == nil {
				t.Fatalf("build succeeded; want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			after := readTree(t, out)
			if !maps.EqualFunc(before, after, func(a, b []byte) bool { return string(a) == string(b) }) {
				t.Errorf("the failed build changed the previous output")
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.staging-*"))
			if len(leftovers) > 0 {
				t.Errorf("the failed build left %v behind", leftovers)
			}
		})
	}
}

// TestStaleFilesRemoved checks that a successful build drops files whose
// source is gone.
func TestStaleFilesRemoved(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	out := filepath.Join(t.TempDir(), "public")
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "terms", "index.html")); err != nil {
		t.Fatal(err)
	}
	delete(src, "content/02-terms.md")
	delete(src, "content/_index.md")
	src["content/01-intro.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Intro\n---\nAlone.\n")}
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "terms")); !os.IsNotExist(err) {
		t.Errorf("terms/ survived the build after its source was removed (stat: %v)", err)
	}
}

// TestByteOrderMark builds a chapter saved with a UTF-8 byte order mark,
// as some editors write it: the mark is dropped, not an error, and does
// not reach the page.
func TestByteOrderMark(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	src["content/04-more.md"] = &fstest.MapFile{Data: []byte("\uFEFF---\r\ntitle: More\r\n---\r\nMarked text.\r\n")}
	out := filepath.Join(t.TempDir(), "public")
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	page := readTree(t, out)["more/index.html"]
	if !strings.Contains(string(page), "Marked text.") {
		t.Errorf("more/index.html lacks the chapter's text:\n%s", page)
	}
	if strings.Contains(string(page), "\uFEFF") {
		t.Error("more/index.html holds the byte order mark")
	}
}

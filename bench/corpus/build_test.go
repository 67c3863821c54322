package corpus_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/bench/corpus"
	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

// buildSitegen builds the corpus in dir with sitegen's built-in theme and
// no demos, as sitegen build -demos=off does, and returns the output
// folder. Its links resolving is part of the build: sitegen fails on a link
// to a missing chapter or heading.
func buildSitegen(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	err := site.Build(context.Background(), site.Config{
		Src: os.DirFS(dir), Root: dir, Theme: theme.FS, ThemeName: "theme",
		Out: out, BaseURL: "https://example.org/", Demos: demo.ModeOff,
	})
	if err != nil {
		t.Fatalf("sitegen build: %v", err)
	}
	return out
}

func TestSitegenBuilds(t *testing.T) {
	dir, chapters := generate(t, testN, 8)
	out := buildSitegen(t, dir)
	for _, ch := range chapters {
		if _, err := os.Stat(filepath.Join(out, ch.front["slug"], "index.html")); err != nil {
			t.Errorf("%s: no page: %v", ch.name, err)
		}
	}
}

var (
	h1RE       = regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)
	metaRE     = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	crossRE    = regexp.MustCompile(`href="(/[a-z0-9-]+/#[a-z0-9-]+)"`)
	relPrevRE  = regexp.MustCompile(`href="(/[a-z0-9-]+/)" rel="prev"`)
	relNextRE  = regexp.MustCompile(`href="(/[a-z0-9-]+/)" rel="next"`)
	hugoWarnRE = regexp.MustCompile(`(?m)^(WARN|ERROR)`)
)

// TestHugoBuilds builds the corpus with Hugo and checks that the front
// matter and links mean to Hugo what they mean to sitegen: each chapter
// at the same URL with the same title and description, the same links to
// other chapters' headings, and neighbours in weight order.
func TestHugoBuilds(t *testing.T) {
	hugo := needTool(t, "hugo", "hugo")
	dir, chapters := generate(t, testN, 9)
	if err := corpus.WriteHugo(dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "hugo")
	cmd := exec.Command(hugo, "--source", dir, "--destination", out, "--cacheDir", t.TempDir())
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hugo: %v\n%s", err, log)
	}
	if hugoWarnRE.Match(log) {
		t.Errorf("hugo warned:\n%s", log)
	}
	ours := buildSitegen(t, dir)
	page := func(root, slug string) string {
		data, err := os.ReadFile(filepath.Join(root, slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	first := func(re *regexp.Regexp, s string) string {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	for i, ch := range chapters {
		t.Run(ch.name, func(t *testing.T) {
			slug := ch.front["slug"]
			h, s := page(out, slug), page(ours, slug)
			for _, re := range []*regexp.Regexp{h1RE, metaRE} {
				if a, b := first(re, h), first(re, s); a == "" || a != b {
					t.Errorf("%s: Hugo has %q, sitegen %q", re, a, b)
				}
			}
			hl, sl := crossRE.FindAllStringSubmatch(h, -1), crossRE.FindAllStringSubmatch(s, -1)
			if len(hl) < 3 || !slices.EqualFunc(hl, sl, func(a, b []string) bool { return a[1] == b[1] }) {
				t.Errorf("links to other chapters differ:\nHugo    %v\nsitegen %v", hl, sl)
			}
			var prev, next string
			if i > 0 {
				prev = "/" + chapters[i-1].front["slug"] + "/"
			}
			if i+1 < len(chapters) {
				next = "/" + chapters[i+1].front["slug"] + "/"
			}
			if p, n := first(relPrevRE, h), first(relNextRE, h); p != prev || n != next {
				t.Errorf("Hugo's previous and next are %q and %q, want %q and %q", p, n, prev, next)
			}
		})
	}
	index := page(out, "")
	for _, ch := range chapters {
		if !strings.Contains(index, `href="/`+ch.front["slug"]+`/"`) {
			t.Errorf("Hugo's index does not list %s", ch.name)
		}
	}
}

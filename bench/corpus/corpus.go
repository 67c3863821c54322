// Package corpus writes a site of generated chapters for measuring site
// generators: sitegen, and Hugo on the very same files.
//
// Generate writes DIR/content/_index.md and N chapters,
// DIR/content/NNNN-slug.md, each of about 1,500 words (counted outside
// code blocks, as fields holding a letter):
//
//   - YAML front matter: title, description, weight (10, 20, ...) and slug,
//     which gives the chapter the URL /slug/ under both generators;
//   - six to eight h2 sections, some with h3 subsections, every heading
//     unique in its chapter and made of plain words, so that goldmark's and
//     Hugo's heading ids agree;
//   - paragraphs of varied words with inline code, emphasis, strong
//     emphasis, quotations and possessives (work for the typographer);
//   - a bullet list, a numbered list and one table;
//   - three to six links to headings of other chapters, written as
//     relative .md links with a #fragment that exists;
//   - three fenced code blocks of 20 to 40 lines, in go, python and bash,
//     built from line templates with generated names and numbers, so that
//     no two blocks are the same.
//
// Everything follows from the seed: the same seed and N give the same
// bytes. WriteHugo adds the Hugo configuration and layouts that make Hugo
// do per page what sitegen's theme does.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// siteTitle is the site's title, in content/_index.md and hugo.toml.
const siteTitle = "A Generated Primer"

// chapter is what other chapters need to know of one: its file, URL and
// headings, drawn before any text so that links can point at headings.
type chapter struct {
	file, slug, title, description string
	weight                         int
	// sections lists the h2 headings, each with its h3 headings.
	sections []section
}

type section struct {
	heading heading
	subs    []heading
}

type heading struct {
	text, id string
}

// Generate writes n chapters and content/_index.md into dir/content,
// deterministically from seed. It refuses a dir whose content folder
// exists already, so that it never mixes with or replaces a real site.
func Generate(dir string, n int, seed int64) error {
	if n < 1 {
		return fmt.Errorf("generating a corpus: want at least one chapter, not %d", n)
	}
	content := filepath.Join(dir, "content")
	if _, err := os.Stat(content); err == nil {
		return fmt.Errorf("generating a corpus: %s exists; choose a new folder", content)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("generating a corpus: %w", err)
	}
	if err := os.MkdirAll(content, 0o755); err != nil {
		return fmt.Errorf("generating a corpus: %w", err)
	}
	chapters := plan(n, seed)
	files := map[string]string{"_index.md": index(seed)}
	for i := range chapters {
		files[chapters[i].file] = write(chapters, i, seed)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(content, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("generating a corpus: %w", err)
		}
	}
	return nil
}

// newGen returns the random source of one stream of the seed: 0 for the
// plan of the site, 1 for its index, i+2 for chapter i.
func newGen(seed int64, stream uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(uint64(seed), stream))}
}

// plan draws the titles, slugs, descriptions and headings of n chapters.
func plan(n int, seed int64) []chapter {
	g := newGen(seed, 0)
	width := max(4, len(fmt.Sprint(n)))
	slugs := map[string]bool{}
	chapters := make([]chapter, n)
	for i := range chapters {
		words := g.phrase(g.between(2, 4))
		slug := strings.Join(words, "-")
		if slugs[slug] {
			slug += fmt.Sprintf("-%d", i+1)
		}
		slugs[slug] = true
		ch := &chapters[i]
		ch.slug, ch.title, ch.weight = slug, title(strings.Join(words, " ")), 10*(i+1)
		ch.file = fmt.Sprintf("%0*d-%s.md", width, i+1, slug)
		ch.description = title(strings.Join(g.phrase(g.between(6, 12)), " ")) + "."
		ids := map[string]bool{}
		head := func() heading {
			for {
				words := g.phrase(g.between(2, 5))
				id := strings.Join(words, "-")
				if !ids[id] {
					ids[id] = true
					return heading{text: title(strings.Join(words, " ")), id: id}
				}
			}
		}
		for range g.between(6, 8) {
			s := section{heading: head()}
			for range g.r.IntN(3) {
				s.subs = append(s.subs, head())
			}
			ch.sections = append(ch.sections, s)
		}
		if len(ch.sections[0].subs) == 0 {
			ch.sections[0].subs = append(ch.sections[0].subs, head())
		}
	}
	return chapters
}

// index returns content/_index.md: the site's title, description and a
// short introduction shown on the index page.
func index(seed int64) string {
	g := newGen(seed, 1)
	return fmt.Sprintf("---\ntitle: %s\ndescription: %s.\n---\n\n%s\n",
		siteTitle, title(strings.Join(g.phrase(10), " ")), g.paragraph(60, nil))
}

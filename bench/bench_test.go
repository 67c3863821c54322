package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/bench/corpus"
	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

// seed is the seed of every corpus the benchmarks generate.
const seed = 1

// generate writes a corpus of n chapters into a new folder, outside the
// timed loop.
func generate(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if err := corpus.Generate(dir, n, seed); err != nil {
		b.Fatal(err)
	}
	return dir
}

// config is what sitegen build -src dir -out out -demos=off builds.
func config(dir, out string) site.Config {
	return site.Config{Src: os.DirFS(dir), Root: dir, Theme: theme.FS, ThemeName: "theme", Out: out, BaseURL: "/", Demos: demo.ModeOff}
}

func BenchmarkBuild100(b *testing.B)  { benchBuild(b, 100) }
func BenchmarkBuild1000(b *testing.B) { benchBuild(b, 1000) }

// benchBuild builds a corpus of n chapters whole, each time into a new
// output folder, removed afterwards outside the timer.
func benchBuild(b *testing.B, n int) {
	dir := generate(b, n)
	tmp := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		out := filepath.Join(tmp, strconv.Itoa(i))
		i++
		if err := site.Build(b.Context(), config(dir, out)); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*n), "ns/page")
}

// BenchmarkIncremental1000 measures what an author waits for in sitegen
// serve, without the watcher: a Live site of 1,000 chapters, and per
// iteration one chapter's prose edited (outside the timer) and the rebuild
// serve runs for that file. Successive iterations edit chapters spread
// over the site. It reports the median rebuild and how many pages each
// rendered and wrote.
func BenchmarkIncremental1000(b *testing.B) {
	const n = 1000
	dir := generate(b, n)
	entries, err := os.ReadDir(filepath.Join(dir, "content"))
	if err != nil {
		b.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Name() != "_index.md" {
			files = append(files, "content/"+e.Name())
		}
	}
	// As sitegen serve configures it: its own output folder, base URL /,
	// the default demo mode (the corpus has no demos).
	cfg := config(dir, filepath.Join(b.TempDir(), "site"))
	cfg.Demos = demo.ModeAuto
	ctx := context.Background()
	live, _, err := site.NewLive(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	var times, books []time.Duration
	rendered, written := 0, 0
	for b.Loop() {
		b.StopTimer()
		k := len(times)
		file := files[k*97%len(files)]
		name := filepath.Join(dir, filepath.FromSlash(file))
		text, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		text = fmt.Appendf(text, "\nAn edit, number %d, to the prose of this chapter.\n", k)
		if err := os.WriteFile(name, text, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		rep, err := live.Rebuild(ctx, []string{file})
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if rep.What != "chapter" {
			b.Fatalf("editing %s made a %s rebuild, want a chapter rebuild", file, rep.What)
		}
		rendered += rep.Rendered
		written += len(rep.Written)
		// The one-page view follows in the background: wait for it
		// outside the timer, and report its time apart.
		b.StopTimer()
		late, err := live.Settle()
		if err != nil {
			b.Fatal(err)
		}
		if late != nil {
			books = append(books, late.Elapsed)
			written += len(late.Written)
		}
		b.StartTimer()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	if len(books) > 0 {
		slices.Sort(books)
		b.ReportMetric(float64(books[len(books)/2].Microseconds())/1000, "book-ms-median")
	}
	b.ReportMetric(float64(rendered)/float64(len(times)), "rendered/op")
	b.ReportMetric(float64(written)/float64(len(times)), "written/op")
}

// BenchmarkRenderPage measures the Markdown step alone for one page:
// parsing a generated chapter and rendering it to HTML, its three code
// blocks highlighted.
func BenchmarkRenderPage(b *testing.B) {
	dir := generate(b, 2)
	entries, err := os.ReadDir(filepath.Join(dir, "content"))
	if err != nil {
		b.Fatal(err)
	}
	file := "content/" + entries[0].Name()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		b.Fatal(err)
	}
	// The body follows the second --- line.
	_, body, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
	if !ok {
		b.Fatalf("%s: no front matter", file)
	}
	first := strings.Count(string(data[:len(data)-len(body)]), "\n") + 1
	src := []byte(body)
	m := markdown.New()
	var out bytes.Buffer
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := m.Parse(file, src, first)
		if err != nil {
			b.Fatal(err)
		}
		out.Reset()
		if err := m.Render(&out, doc, nil); err != nil {
			b.Fatal(err)
		}
	}
	if !bytes.Contains(out.Bytes(), []byte(`class="chroma"`)) {
		b.Fatalf("%s rendered without highlighted code", file)
	}
}

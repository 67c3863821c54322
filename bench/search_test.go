package bench

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/search"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

// indexBudget is the most bytes the book's search index may take on the
// wire, gzipped: what a reader's phone fetches on first focus of the box.
const indexBudget = 60_000

// BenchmarkSearchIndex builds this repository's book (demos frozen) and
// reports the size of its search index, raw and gzipped (the transfer a
// static host sends), failing when the gzipped size is over indexBudget.
// The sizes do not depend on the machine; the build time does, and is
// the benchmark's ns/op.
func BenchmarkSearchIndex(b *testing.B) {
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	var raw, packed int
	for b.Loop() {
		out := filepath.Join(tmp, "public")
		cfg := site.Config{Src: os.DirFS(root), Root: root, Theme: theme.FS, ThemeName: "theme", Out: out, Demos: demo.ModeFrozen}
		if err := site.Build(b.Context(), cfg); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var entry struct{ Index string }
		data, err := os.ReadFile(filepath.Join(out, search.Entry))
		if err == nil {
			err = json.Unmarshal(data, &entry)
		}
		if err == nil {
			data, err = os.ReadFile(filepath.Join(out, entry.Index))
		}
		if err != nil {
			b.Fatal(err)
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
		w.Write(data)
		w.Close()
		raw, packed = len(data), z.Len()
		b.StartTimer()
	}
	b.ReportMetric(float64(raw), "index-B")
	b.ReportMetric(float64(packed), "index-gzip-B")
	if packed > indexBudget {
		b.Errorf("the search index takes %d bytes gzipped, over the %d budget", packed, indexBudget)
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
)

// BenchmarkServeReload measures what an author waits for: the time from
// writing a chapter of the real site to the arrival of the reload event
// naming its page, over 20 edits, with the server's watcher, debounce and
// incremental rebuild in the path. It serves a copy of the repository
// (content/, demos/, theme/ and internal/, which the demos import), so
// nothing in the repository changes.
//
// The demos run as SITEGEN_BENCH_DEMOS says; by default auto when every
// demo has a frozen result (nothing runs), else off, which shows
// placeholders and renders a little less. Run it with
//
//	go test -run '^$' -bench ServeReload -benchtime 1x ./cmd/sitegen
//
// and quote the median with the machine it prints.
func BenchmarkServeReload(b *testing.B) {
	const edits = 20
	const chapter = "content/03-threads.md"
	root, err := filepath.Abs("../..")
	if err != nil {
		b.Fatal(err)
	}
	src := b.TempDir()
	for _, dir := range []string{"content", "demos", "recipes", "theme", "internal"} {
		if err := os.CopyFS(filepath.Join(src, dir), os.DirFS(filepath.Join(root, dir))); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	mode := benchDemoMode(src)
	s := startServe(b, serveOptions{siteFlags: siteFlags{src: src, demos: mode}})
	ch := events(b, s.url)
	expect(b, ch, "hello")
	name := filepath.Join(src, filepath.FromSlash(chapter))
	original, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}

	var times []time.Duration
	for b.Loop() {
		for i := range edits {
			text := append(bytes.Clone(original), fmt.Sprintf("\nEdit number %d of this benchmark.\n", len(times)+i)...)
			start := time.Now()
			if err := os.WriteFile(name, text, 0o644); err != nil {
				b.Fatal(err)
			}
			expect(b, ch, "reload", `"/threads/"`)
			times = append(times, time.Since(start))
			// The one-page view follows; wait for it before the next
			// edit.
			expect(b, ch, "reload", `"/all/"`)
		}
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(times[len(times)/2]), "ms-median")
	b.ReportMetric(ms(times[0]), "ms-min")
	b.ReportMetric(ms(times[len(times)-1]), "ms-max")
	b.ReportMetric(0, "ns/op")
	b.Logf("write to reload event, %d edits of %s with -demos=%s: median %.1f ms, min %.1f ms, max %.1f ms",
		len(times), chapter, mode, ms(times[len(times)/2]), ms(times[0]), ms(times[len(times)-1]))
	b.Logf("machine: %s", machineName())
}

// benchDemoMode picks the demo mode of BenchmarkServeReload.
func benchDemoMode(src string) demo.Mode {
	var m demo.Mode
	if m.Set(os.Getenv("SITEGEN_BENCH_DEMOS")) == nil {
		return m
	}
	dirs, _ := filepath.Glob(filepath.Join(src, "demos", "*", "main.go"))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(filepath.Dir(d), "frozen.json")); err != nil {
			return demo.ModeOff
		}
	}
	return demo.ModeAuto
}

// machineName describes the machine and how busy it was: CPU model,
// logical cores, system, Go version and load average.
func machineName() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	load := "unknown"
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	return fmt.Sprintf("%d × %s, %s/%s, %s, load average %s", runtime.NumCPU(), cpu, runtime.GOOS, runtime.GOARCH, runtime.Version(), load)
}

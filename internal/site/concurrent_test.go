package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/theme"
)

// TestConcurrentBuilds starts a second build into a folder while a first
// one is half-way through writing its staging folder, and checks that the
// second waits for the first instead of deleting that folder, that both
// publish, and that the output is the second's complete site.
func TestConcurrentBuilds(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	out := filepath.Join(dir, "public")

	first, err := Load(ctx, Config{Src: corpus(20), Theme: theme.FS, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	written, release := make(chan bool, 1), make(chan bool)
	first.written = func(string) {
		select {
		case written <- true:
			<-release
		default:
		}
	}
	firstDone := make(chan error, 1)
	go func() { firstDone <- first.publish(ctx) }()
	select {
	case <-written:
	case err := <-firstDone:
		t.Fatalf("the first build ended before writing a page: %v", err)
	case <-ctx.Done():
		t.Fatal("the first build wrote no page")
	}
	staging, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*"))
	if len(staging) != 1 {
		t.Fatalf("staging folders %v; want the first build's one", staging)
	}

	waiting := make(chan bool, 1)
	second := Config{
		Src: readArchive(t, "testdata/fixture.txtar").mapFS(), Theme: theme.FS, Out: out,
		Logf: func(format string, args ...any) {
			if strings.HasPrefix(format, "waiting for another build") {
				waiting <- true
			}
		},
	}
	secondDone := make(chan error, 1)
	go func() { secondDone <- Build(ctx, second) }()
	select {
	case <-waiting:
	case err := <-secondDone:
		close(release)
		<-firstDone
		t.Fatalf("the second build ended (%v) while the first was writing into the same folder; want it to wait", err)
	case <-ctx.Done():
		t.Fatal("the second build neither waited nor ended")
	}
	if _, err := os.Stat(staging[0]); err != nil {
		t.Errorf("the first build's staging folder is gone while it writes: %v", err)
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Errorf("first build: %v", err)
	}
	if err := <-secondDone; err != nil {
		t.Errorf("second build: %v", err)
	}
	files := readTree(t, out)
	for _, name := range []string{"index.html", "404.html", "sitemap.xml", "intro/index.html"} {
		if files[name] == nil {
			t.Errorf("the output has no %s after both builds", name)
		}
	}
	if _, ok := files["chapter-1/index.html"]; ok {
		t.Error("the output holds the first build's pages; want the second's, which published last")
	}
}

// TestStagingEmptied removes index.html from a build's staging folder
// behind its back, as another program might, and checks that the build
// fails saying it did not replace the output, which stays as it was.
func TestStagingEmptied(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	s, err := Load(t.Context(), Config{Src: src, Theme: theme.FS, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	s.written = func(name string) {
		if name != "index.html" {
			return
		}
		staging, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.staging-*"))
		for _, dir := range staging {
			os.Remove(filepath.Join(dir, "index.html"))
		}
	}
	err = s.publish(t.Context())
	if err == nil || !strings.Contains(err.Error(), "not replacing "+out) || !strings.Contains(err.Error(), "no index.html") {
		t.Fatalf("error %v; want one saying the output was not replaced for want of index.html", err)
	}
	after := readTree(t, out)
	if len(after) != len(before) || string(after["index.html"]) != string(before["index.html"]) {
		t.Error("the build that did not publish changed the output")
	}
}

package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/theme"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// build builds the site in src into out with the built-in theme.
func build(src fs.FS, out string) error {
	return Build(context.Background(), Config{Src: src, Theme: theme.FS, Out: out, BaseURL: "https://example.org/primer/"})
}

// readTree returns every file under dir by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var stylesheetRE = regexp.MustCompile(`style\.[0-9a-f]{8}\.css`)

// TestGolden builds the fixture site and compares every page with
// testdata/golden.txtar. Run go test -update to accept changes, and review
// them in the diff.
func TestGolden(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	out := filepath.Join(t.TempDir(), "public")
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	got := archive{comment: "The output of fixture.txtar; regenerate with go test -update.\n", files: map[string][]byte{}}
	for name, data := range readTree(t, out) {
		if stylesheetRE.MatchString(name) {
			sum := sha256.Sum256(data)
			if want := "style." + hex.EncodeToString(sum[:4]) + ".css"; name != want {
				t.Errorf("stylesheet %s: want the name %s from its content", name, want)
			}
			data = []byte("(not compared)\n")
		}
		got.files[stylesheetRE.ReplaceAllString(name, "style.HASH.css")] = stylesheetRE.ReplaceAll(data, []byte("style.HASH.css"))
	}
	const golden = "testdata/golden.txtar"
	want, ok := compareWith(t, golden, got)
	if !ok {
		return
	}
	for name, w := range want.files {
		g, ok := got.files[name]
		switch {
		case !ok:
			t.Errorf("%s: missing from the output", name)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from %s; run go test -update and review the diff\n%s", name, golden, firstDiff(g, w))
		}
	}
	for name := range got.files {
		if _, ok := want.files[name]; !ok {
			t.Errorf("%s: not in %s; run go test -update", name, golden)
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

package site

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// archive is a txtar archive held as a map, so tests can look files up and
// replace them by name.
type archive struct {
	comment string
	files   map[string][]byte
}

// readArchive reads the txtar archive at path.
func readArchive(t testing.TB, path string) archive {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := archive{comment: string(a.Comment), files: map[string][]byte{}}
	for _, f := range a.Files {
		m.files[f.Name] = f.Data
	}
	return m
}

// format writes the archive with its files sorted by name, so that
// regenerated goldens diff cleanly.
func (a archive) format() []byte {
	out := &txtar.Archive{Comment: []byte(a.comment)}
	for n, d := range a.files {
		out.Files = append(out.Files, txtar.File{Name: n, Data: d})
	}
	slices.SortFunc(out.Files, func(x, y txtar.File) int { return strings.Compare(x.Name, y.Name) })
	return txtar.Format(out)
}

// mapFS returns the archive's files as a file system.
func (a archive) mapFS() fstest.MapFS {
	m := fstest.MapFS{}
	for n, d := range a.files {
		m[n] = &fstest.MapFile{Data: d}
	}
	return m
}

// compareWith returns the golden archive at path for a test to compare got
// with, or, with -update, writes got there instead and returns false.
func compareWith(t testing.TB, path string, got archive) (archive, bool) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got.format(), 0o644); err != nil {
			t.Fatal(err)
		}
		return archive{}, false
	}
	return readArchive(t, path), true
}

package site

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// archive is a txtar archive: a comment, then files introduced by
// "-- name --" lines.
type archive struct {
	comment string
	files   map[string][]byte
}

func readArchive(t testing.TB, path string) archive {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseArchive(data)
}

func parseArchive(data []byte) archive {
	a := archive{files: map[string][]byte{}}
	var name string
	var cur *bytes.Buffer
	var comment bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if n, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "-- "); ok && strings.HasSuffix(n, " --") {
			if cur != nil {
				a.files[name] = cur.Bytes()
			}
			name, cur = strings.TrimSuffix(n, " --"), &bytes.Buffer{}
			continue
		}
		if cur == nil {
			comment.WriteString(line)
		} else {
			cur.WriteString(line)
		}
	}
	if cur != nil {
		a.files[name] = cur.Bytes()
	}
	a.comment = comment.String()
	return a
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	names := make([]string, 0, len(a.files))
	for n := range a.files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		b.WriteString("-- " + n + " --\n")
		b.Write(a.files[n])
		if d := a.files[n]; len(d) > 0 && d[len(d)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// mapFS returns the archive's files as a file system.
func (a archive) mapFS() fstest.MapFS {
	m := fstest.MapFS{}
	for n, d := range a.files {
		m[n] = &fstest.MapFile{Data: d}
	}
	return m
}

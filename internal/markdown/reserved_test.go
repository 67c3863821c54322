package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// TestReservedIDs checks that automatic heading ids step around the ids a
// layout uses, and that a reserved id written by hand is an error.
func TestReservedIDs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // heading ids, in order
		err       string
	}{
		{name: "reserved id gets a number", src: "## Main\n", want: []string{"main-1"}},
		{name: "every page starts afresh", src: "## Chapters\n\n## Chapters\n", want: []string{"chapters-1", "chapters-2"}},
		{name: "other ids unchanged", src: "## Mainly\n\n## Other\n", want: []string{"mainly", "other"}},
		{name: "reserved id by hand", src: "Text.\n\n## Start {#main}\n", err: `content/x.md:7: heading id "main" is taken by the page's layout`},
	}
	m := New("main", "chapters")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := m.Parse("content/x.md", []byte(tt.src), 5)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range d.Headings {
				got = append(got, h.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("ids %q, want %q", got, tt.want)
			}
			var b bytes.Buffer
			if err := m.Render(&b, d, stub{}); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{`id="main"`, `id="chapters"`} {
				if strings.Contains(b.String(), id) {
					t.Errorf("page has %s:\n%s", id, b.String())
				}
			}
		})
	}
}

package site

import (
	"reflect"
	"testing"

	"github.com/concurrency-primer/site/internal/markdown"
)

func TestTOCOf(t *testing.T) {
	h := func(level int, id string) markdown.Heading {
		return markdown.Heading{Level: level, ID: id, Text: id}
	}
	item := func(level int, id string, children ...TOCItem) TOCItem {
		return TOCItem{Level: level, ID: id, Text: id, Children: children}
	}
	tests := []struct {
		name     string
		headings []markdown.Heading
		want     []TOCItem
	}{
		{"none", nil, nil},
		{"flat h2", []markdown.Heading{h(2, "a"), h(2, "b")}, []TOCItem{item(2, "a"), item(2, "b")}},
		{
			"h3 under their h2",
			[]markdown.Heading{h(2, "io"), h(3, "io-bound"), h(3, "waits"), h(2, "cpu"), h(3, "cpu-bound")},
			[]TOCItem{item(2, "io", item(3, "io-bound"), item(3, "waits")), item(2, "cpu", item(3, "cpu-bound"))},
		},
		{
			"h3 before any h2 stands alone",
			[]markdown.Heading{h(3, "first"), h(3, "second"), h(2, "a"), h(3, "b")},
			[]TOCItem{item(3, "first"), item(3, "second"), item(2, "a", item(3, "b"))},
		},
		{
			"other levels left out",
			[]markdown.Heading{h(1, "title"), h(2, "a"), h(4, "deep"), h(3, "b"), h(5, "deeper")},
			[]TOCItem{item(2, "a", item(3, "b"))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tocOf(tt.headings); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tocOf = %+v, want %+v", got, tt.want)
			}
		})
	}
}

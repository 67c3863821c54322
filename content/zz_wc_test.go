package content_test

import (
	"strings"
	"testing"
)

func TestZZWords(t *testing.T) {
	for _, ch := range loadChapters(t) {
		t.Logf("%s %d", ch.file, len(strings.Fields(strings.Join(proseLines(ch.body), "\n"))))
	}
}

package demo

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxOutput is how many bytes of stdout, and of stderr, a run keeps.
const maxOutput = 1 << 20

// capped keeps the first max bytes written to it and counts the rest. It
// never fails a write, so the demo never blocks on a full pipe.
type capped struct {
	max   int
	buf   []byte
	total int64
}

func (c *capped) Write(p []byte) (int, error) {
	c.total += int64(len(p))
	c.buf = append(c.buf, p[:min(max(c.max-len(c.buf), 0), len(p))]...)
	return len(p), nil
}

// text returns what was kept, with invalid UTF-8 escaped as \xNN and, when
// output was dropped, a note saying how much; truncated reports whether
// it was.
func (c *capped) text() (s string, truncated bool) {
	kept := c.buf
	truncated = c.total > int64(len(kept))
	// A character cut in two by the cap is dropped, not escaped.
	for i := 1; truncated && i <= min(utf8.UTFMax, len(kept)); i++ {
		if utf8.RuneStart(kept[len(kept)-i]) {
			if !utf8.FullRune(kept[len(kept)-i:]) {
				kept = kept[:len(kept)-i]
			}
			break
		}
	}
	var b strings.Builder
	for r := kept; len(r) > 0; {
		ch, n := utf8.DecodeRune(r)
		if ch == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, r[0])
		} else {
			b.Write(r[:n])
		}
		r = r[n:]
	}
	s = b.String()
	if truncated {
		if s != "" && !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += fmt.Sprintf("[output truncated: the first %s of %s shown]\n", byteSize(int64(len(kept))), byteSize(c.total))
	}
	return s, truncated
}

// byteSize formats n bytes for a person: 512 B, 1.0 MiB.
func byteSize(n int64) string {
	if n < 1<<10 {
		return fmt.Sprintf("%d B", n)
	}
	f, unit := float64(n)/(1<<10), 0
	for ; f >= 1<<10 && unit < 2; unit++ {
		f /= 1 << 10
	}
	return fmt.Sprintf("%.1f %ciB", f, "KMG"[unit])
}

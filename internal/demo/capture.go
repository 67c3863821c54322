package demo

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxOutput is how many bytes of stdout, and of stderr, a run keeps.
const maxOutput = 1 << 20

// capped keeps the first max bytes written to it and counts the rest,
// which it drops. It never fails a write, so the pipe it reads from is
// drained to the end and the demo never blocks on a full pipe.
type capped struct {
	mu    sync.Mutex
	max   int
	buf   []byte
	total int64
}

func (c *capped) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total += int64(len(p))
	if room := c.max - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// text returns what was kept, with invalid UTF-8 escaped and, when output
// was dropped, a note saying how much; truncated reports whether it was.
func (c *capped) text() (s string, truncated bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.buf
	truncated = c.total > int64(len(kept))
	if truncated {
		kept = trimPartialRune(kept)
	}
	s = escapeUTF8(kept)
	if truncated {
		if s != "" && !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		s += fmt.Sprintf("[output truncated: the first %s of %s shown]\n",
			byteSize(int64(len(kept))), byteSize(c.total))
	}
	return s, truncated
}

// trimPartialRune drops a UTF-8 sequence cut in two at the end of b, so
// that the cap does not turn a valid character into escapes.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// escapeUTF8 returns b as a string with each byte that is not part of
// valid UTF-8 written as \xNN.
func escapeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b) + 16)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&s, `\x%02x`, b[0])
		} else {
			s.Write(b[:n])
		}
		b = b[n:]
	}
	return s.String()
}

// byteSize formats n bytes for a person: 512 B, 1.0 MiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

package demo

import (
	"strings"
	"testing"
)

func TestCapped(t *testing.T) {
	tests := []struct {
		name      string
		max       int
		writes    []string
		want      string
		truncated bool
	}{
		{name: "under the cap", max: 10, writes: []string{"ab", "c\n"}, want: "abc\n"},
		{name: "exactly the cap", max: 4, writes: []string{"abc\n"}, want: "abc\n"},
		{name: "over the cap", max: 4, writes: []string{"abcdef", "gh"}, truncated: true,
			want: "abcd\n[output truncated: the first 4 B of 8 B shown]\n"},
		{name: "cut inside a character", max: 4, writes: []string{"abcé"}, truncated: true,
			want: "abc\n[output truncated: the first 3 B of 5 B shown]\n"},
		{name: "cut inside a character after an invalid byte", max: 4, writes: []string{"a\xff\xe2\x82\xac"}, truncated: true,
			want: `a\xff` + "\n[output truncated: the first 2 B of 5 B shown]\n"},
		{name: "invalid UTF-8 escaped", max: 100, writes: []string{"a\xffb\xc3", "\n"}, want: `a\xffb\xc3` + "\n"},
		{name: "HTML kept as text", max: 100, writes: []string{"<b>&amp;</b>"}, want: "<b>&amp;</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := capped{max: tt.max}
			for _, w := range tt.writes {
				if n, err := c.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v; want all of it taken", w, n, err)
				}
			}
			got, truncated := c.text()
			if got != tt.want || truncated != tt.truncated {
				t.Errorf("text() = %q, %v; want %q, %v", got, truncated, tt.want, tt.truncated)
			}
		})
	}
}

func TestCheckExitTail(t *testing.T) {
	o := &Outcome{ExitCode: 1, Stderr: strings.Repeat("line\n", 30) + "last\n"}
	err := checkExit(o, Request{Demo: "x"})
	want := "demo x: exit status 1; stderr:\n\t…" + strings.Repeat("\n\tline", 19) + "\n\tlast"
	if err == nil || err.Error() != want {
		t.Errorf("checkExit = %q, want %q", err, want)
	}
	if err := checkExit(o, Request{Demo: "x", AllowError: true}); err != nil {
		t.Errorf("checkExit of an allowed exit = %v", err)
	}
}

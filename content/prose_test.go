package content_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var (
	inlineCode = regexp.MustCompile("`[^`]*`")
	query      = regexp.MustCompile(`\{\{[^}]*\}\}`)
	htmlTag    = regexp.MustCompile(`<[^>]*>`)
	linkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	bareURL    = regexp.MustCompile(`[a-z]+://[^\s)>]+`)
	fence      = regexp.MustCompile("^\\s*(```|~~~)")
)

// proseLines returns body with everything that is not prose blanked out:
// fenced code blocks, inline code, number queries, HTML tags and comments,
// link targets and URLs. The result has one entry per line of body, so an
// index into it is a line offset into the chapter.
func proseLines(body string) []string {
	lines := strings.Split(body, "\n")
	out := make([]string, len(lines))
	inFence, inComment := false, false
	for i, l := range lines {
		if fence.MatchString(l) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		var b strings.Builder
		for l != "" {
			if inComment {
				end := strings.Index(l, "-->")
				if end < 0 {
					l = ""
					break
				}
				l, inComment = l[end+len("-->"):], false
				continue
			}
			start := strings.Index(l, "<!--")
			if start < 0 {
				b.WriteString(l)
				break
			}
			b.WriteString(l[:start])
			l, inComment = l[start+len("<!--"):], true
		}
		s := b.String()
		for _, re := range []*regexp.Regexp{inlineCode, query, htmlTag, linkTarget, bareURL} {
			s = re.ReplaceAllString(s, " ")
		}
		out[i] = s
	}
	return out
}

func TestProseLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "one two", []string{"one two"}},
		{"inline code", "run `go run ./x` now", []string{"run   now"}},
		{"query", "took {{cpu median sequential}} here", []string{"took   here"}},
		{"link", "see [threads](03-threads.md#x) too", []string{"see [threads  too"}},
		{"url", "at https://go.dev/doc ok", []string{"at   ok"}},
		{"tag", `<text x="1">Label</text>`, []string{" Label "}},
		{"comment", "a <!-- hidden --> b", []string{"a  b"}},
		{"long comment", "a <!-- one\ntwo\nthree --> b", []string{"a ", "", " b"}},
		{"fence", "x\n```sh\ngo run\n```\ny", []string{"x", "", "", "", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := proseLines(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("proseLines(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// demos are the programs under demos/ that chapters may embed or quote.
var demos = map[string]bool{
	"cpu": true, "gil": true, "io": true, "c10k": true, "spawn": true,
	"ipc": true, "convoy": true, "blocking": true, "race": true, "coroutines": true,
	"fanout": true, "cancel": true,
	// The Python twins, run with python3.
	"cpu-py": true, "io-py": true, "ipc-py": true, "race-py": true,
	"fanout-py": true, "cancel-py": true,
	// Python demos that need Debian's python3-gevent, -eventlet, -trio, -uvloop.
	"waits-py": true, "green-py": true,
	"subinterp-py": true, // with CPython 3.13 or later
}

// mustEmbed names the chapters that make measurable claims and so must
// show at least one demo.
var mustEmbed = map[string]bool{
	"content/01-introduction.md":  true,
	"content/02-terms.md":         true,
	"content/03-threads.md":       true,
	"content/04-the-gil.md":       true,
	"content/05-races.md":         true,
	"content/06-processes.md":     true,
	"content/07-event-loops.md":   true,
	"content/08-green-threads.md": true,
	"content/10-choosing.md":      false,
	"content/12-measuring.md":     true,
	"content/09-cancellation.md":  true,
}

var handTyped = regexp.MustCompile(`\d\s*(ms|µs|us|ns|s|×|%|x)\b|\d×`)

// TestDemos checks that chapters making claims embed a demo, that every
// embedded demo exists, that a number is only quoted from a demo shown in
// the same chapter, and that no measurement is typed by hand. The demo
// directives and numbers are those the site's Markdown pipeline found,
// which has checked their syntax and each query's arguments.
func TestDemos(t *testing.T) {
	seen := map[string]bool{}
	for _, ch := range loadChapters(t) {
		seen[ch.File] = true
		t.Run(ch.File, func(t *testing.T) {
			embedded := map[string]bool{}
			for _, d := range ch.Doc.Demos {
				if !demos[d.Name] {
					t.Errorf("%s:%d: unknown demo %q", ch.File, d.Line, d.Name)
				}
				embedded[d.Name] = true
			}
			if mustEmbed[ch.File] && len(embedded) == 0 {
				t.Errorf("%s: makes measurable claims but embeds no demo", ch.File)
			}
			for _, v := range ch.Doc.Values {
				if !embedded[v.Demo] {
					t.Errorf("%s:%d: {{%s}} quotes demo %q, which this chapter does not show", ch.File, v.Line, v.Raw, v.Demo)
				}
			}
			for i, l := range proseLines(strings.Join(ch.lines, "\n")) {
				if m := handTyped.FindString(l); m != "" {
					t.Errorf("%s:%d: %q looks like a measurement typed by hand; quote it with {{DEMO QUERY}}", ch.File, i+1, m)
				}
			}
		})
	}
	for file := range mustEmbed {
		if !seen[file] {
			t.Errorf("%s: listed in mustEmbed but missing", file)
		}
	}
}

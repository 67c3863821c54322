package markdown

import (
	"bytes"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
)

// stub answers every demo and number with its name, so tests can see them.
type stub struct{}

func (stub) Demo(r *DemoRef) (template.HTML, error) {
	return template.HTML("<div class=\"demo\">" + r.Name + "</div>"), nil
}
func (stub) Value(r *ValueRef) (string, error) { return "<" + r.Raw + ">", nil }

func render(t *testing.T, src string) (*Doc, string) {
	t.Helper()
	m := New()
	d, err := m.Parse("content/x.md", []byte(src), 5)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := m.Render(&b, d, stub{}); err != nil {
		t.Fatal(err)
	}
	return d, b.String()
}

func TestRender(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		not       []string // must not appear
	}{
		{"heading anchor", "## The GIL\n", []string{`<h2 id="the-gil">The GIL<a class="anchor" href="#the-gil"`}, nil},
		{"custom heading id", "## Loops {#loops}\n", []string{`<h2 id="loops">`}, nil},
		{"typographer", `"quoted" -- dash`, []string{"&ldquo;quoted&rdquo; &ndash; dash"}, nil},
		{"table alignment without style", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", []string{`<th align="left">`, `<td align="right">`}, []string{"style="}},
		{"task list and strikethrough", "- [x] ~~gone~~\n", []string{`checked=""`, "<del>gone</del>"}, nil},
		{"autolink", "see https://go.dev/ now\n", []string{`<a href="https://go.dev/">`}, nil},
		{"footnote", "a[^1]\n\n[^1]: note\n", []string{`id="fn:1"`, `href="#fn:1"`}, nil},
		{"code with classes", "```go\nfunc main() {}\n```\n", []string{`<div class="code-label">go</div>`, `<span class="kd">func</span>`}, []string{"style="}},
		{"spaces without spans", "```go\nfunc main() {\n\treturn\n}\n```\n", []string{`<span class="kd">func</span> <span class="nf">main</span>`, "<span class=\"cl\">\t<span class=\"k\">return</span>"}, []string{`class="w"`}},
		{"line numbers in their own cell", "```go {linenos=true}\na\nb\n```\n", []string{`<pre class="chroma lnpre"><span class="lnt">1`, `<td class="lntd">`}, []string{"style="}},
		{"highlighted lines", "```go {hl_lines=\"2\"}\na\nb\n```\n", []string{`<span class="line hl">`}, nil},
		{"line start", "```go {linenos=true linenostart=10 hl_lines=\"1\"}\na\nb\n```\n", []string{`<span class="hl"><span class="lnt">10`}, nil},
		{"title", "```go {title=\"main.go\"}\na\n```\n", []string{`<div class="code-label">main.go</div>`}, nil},
		{"title in single quotes", "```go {title='a b'}\na\n```\n", []string{`<div class="code-label">a b</div>`}, nil},
		{"unknown language", "```nosuchlang\na\n```\n", []string{`<div class="code-label">nosuchlang</div>`}, nil},
		{"value", "took {{cpu median threads}} here\n", []string{`took <span class="value">&lt;cpu median threads&gt;</span> here`}, nil},
		{"escaped value", `took \{{cpu median threads}} here`, []string{"took {{cpu median threads}} here"}, []string{`class="value"`}},
		{"value in code span", "`{{cpu median threads}}`\n", []string{"<code>{{cpu median threads}}</code>"}, []string{`class="value"`}},
		{"value in code block", "```\n{{cpu median threads}}\n```\n", []string{"{{cpu median threads}}"}, []string{`class="value"`}},
		{"demo", "```demo cpu\n```\n", []string{`<div class="demo">cpu</div>`}, []string{"<pre"}},
		{"raw html", "<svg viewBox=\"0 0 1 1\"><title>t</title></svg>\n", []string{"<svg viewBox"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, html := render(t, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("HTML has %q:\n%s", n, html)
				}
			}
		})
	}
}

func TestDocLists(t *testing.T) {
	src := "Intro.\n\n## One\n\nSee [two](02-two.md#x)\nand [here](#one).\n\n### Sub `code`\n\n```demo io output=no\nCaption\ntext.\n```\n\nThe {{io median threads}} and {{io machine}}.\n"
	d, _ := render(t, src)
	var heads []string
	for _, h := range d.Headings {
		heads = append(heads, h.ID+"="+h.Text)
	}
	if want := []string{"one=One", "sub-code=Sub code"}; !reflect.DeepEqual(heads, want) {
		t.Errorf("headings %q, want %q", heads, want)
	}
	var links []string
	for _, l := range d.Links {
		links = append(links, l.Dest+"@"+strconv.Itoa(l.Line))
	}
	// The body starts on line 5 of the file.
	if want := []string{"02-two.md#x@9", "#one@10"}; !reflect.DeepEqual(links, want) {
		t.Errorf("links %q, want %q", links, want)
	}
	if len(d.Demos) != 1 || d.Demos[0].Line != 14 || d.Demos[0].Caption != "Caption text." || d.Demos[0].Output {
		t.Errorf("demos %+v", *d.Demos[0])
	}
	if len(d.Values) != 2 || d.Values[0].Line != 19 || d.Values[1].Query != "machine" {
		t.Errorf("values %+v %+v", *d.Values[0], *d.Values[1])
	}
}

func TestParseDemo(t *testing.T) {
	tests := []struct {
		info string
		want DemoRef
		err  string
	}{
		{info: "cpu", want: DemoRef{Name: "cpu", Show: "main.go", ShowDefault: true, Output: true, Charts: []string{"bars"}}},
		{info: "cpu show=main.go:workload output=no chart=bars,timeline allow-error timeout=30s",
			want: DemoRef{Name: "cpu", Show: "main.go", Region: "workload", Charts: []string{"bars", "timeline"}, AllowError: true, Timeout: 30 * time.Second}},
		{info: "cpu show=none chart=none", want: DemoRef{Name: "cpu", Output: true}},
		{info: "", err: "without a demo name"},
		{info: "Cpu!", err: `demo name "Cpu!"`},
		{info: "cpu colour=red", err: `unknown option "colour"`},
		{info: "cpu output=maybe", err: "output=maybe: want yes or no"},
		{info: "cpu chart=pie", err: `chart "pie"`},
		{info: "cpu timeout=soon", err: "timeout=soon"},
		{info: "gil show=internal/gil/gil.go:gil", want: DemoRef{Name: "gil", Show: "internal/gil/gil.go", Region: "gil", Output: true, Charts: []string{"bars"}}},
		{info: "cpu show=../x.go", err: "show=../x.go: want FILE or FILE:REGION, a path in the demo's folder or, for a shared package the demo imports, from demos/"},
		{info: "cpu output=yes output=no", err: "given twice"},
		{info: "cpu allow-error=yes", err: "allow-error takes no value"},
		{info: "cpu show=", err: "show needs a value"},
		{info: "cpu show=main.go:", err: "show=main.go:: want FILE or FILE:REGION"},
		{info: "cpu chart=bars,bars", err: "chart bars asked for twice"},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			got, err := parseDemo(tt.info)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a\n\n```demo cpu chart=pie\n```\n", `content/x.md:7: demo cpu: chart "pie"`},
		{"```go {hl_lines=\"3-1\"}\nx\n```\n", `content/x.md:5: code option hl_lines: bad range "3-1"`},
		{"```go {wrap=true}\nx\n```\n", `content/x.md:5: unknown code option "wrap"`},
		{"```go {title=\"a b}\nx\n```\n", `content/x.md:5: code options "title=\"a b": want key=value`},
		{"```go linenos=true\nx\n```\n", `content/x.md:5: code options "go linenos=true": want {key=value ...}`},
		{"## A {#x}\n\n## B {#x}\n", `content/x.md:7: heading id "x" is used twice in the page`},
		{"## Intro\n\n## Other {#intro}\n", `content/x.md:7: heading id "intro" is used twice in the page`},
		{"a\nb {{cpu}} c\n", `content/x.md:6: {{cpu}}: want {{DEMO QUERY ARGS...}}`},
		{"{{cpu ratio threads}}\n", `content/x.md:5: {{cpu ratio threads}}: ratio takes 2 to 2 arguments, got 1`},
		{"{{cpu machine x}}\n", `content/x.md:5: {{cpu machine x}}: machine takes 0 to 0 arguments, got 1`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := New().Parse("content/x.md", []byte(tt.src), 5)
			if err == nil || err.Error() != tt.want && !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestCSSContrast checks that every colour of both code palettes meets WCAG
// AA on its background, and that the dark one is inside the media query.
func TestCSSContrast(t *testing.T) {
	for _, name := range []string{lightStyle, darkStyle} {
		s := accessible(name)
		bg := s.Get(chroma.Background).Background
		for _, tt := range []chroma.TokenType{chroma.LineNumbers, chroma.LineNumbersTable} {
			if e := s.Get(tt); !e.Colour.IsSet() {
				t.Errorf("%s %v: no colour, so the page shows one nobody checked", name, tt)
			}
		}
		for _, tt := range append(s.Types(), chroma.LineNumbers, chroma.LineNumbersTable) {
			e := s.Get(tt)
			if !e.Colour.IsSet() {
				continue
			}
			b := bg
			if e.Background.IsSet() {
				b = e.Background
			}
			if c := contrast(e.Colour, b); c < minContrast {
				t.Errorf("%s %v: %s on %s has contrast %.2f", name, tt, e.Colour, b, c)
			}
		}
	}
	css := CSS()
	light, dark, ok := strings.Cut(string(css), "@media screen and (prefers-color-scheme: dark)")
	if !ok || !strings.HasPrefix(light, "@media not screen and (prefers-color-scheme: dark)") ||
		!strings.Contains(light, ".chroma .k") || !strings.Contains(dark, ".chroma .k") {
		t.Errorf("CSS lacks a light palette and a dark one for screens only, each in its media query")
	}
}

func TestContrast(t *testing.T) {
	if c := contrast(chroma.MustParseColour("#000000"), chroma.MustParseColour("#ffffff")); c < 20.9 || c > 21.1 {
		t.Errorf("black on white: %.2f, want 21", c)
	}
	if c := contrast(fixContrast(chroma.MustParseColour("#999988"), chroma.MustParseColour("#ffffff")), chroma.MustParseColour("#ffffff")); c < minContrast {
		t.Errorf("fixed grey on white: %.2f", c)
	}
}

// TestRelease checks that a released document keeps its lists and refuses
// to render.
func TestRelease(t *testing.T) {
	m := New()
	d, err := m.Parse("content/x.md", []byte("## A\n\nSee [b](b.md#c).\n"), 1)
	if err != nil {
		t.Fatal(err)
	}
	d.Release()
	if len(d.Headings) != 1 || len(d.Links) != 1 || !d.IDs["a"] {
		t.Errorf("released document lost its lists: %+v", d)
	}
	var b strings.Builder
	if err := m.Render(&b, d, nil); err == nil || !strings.Contains(err.Error(), "content/x.md") {
		t.Errorf("Render after Release = %v, want an error naming the file", err)
	}
}

func TestInline(t *testing.T) {
	m := New()
	tests := []struct{ in, want string }{
		{"The `threads` strategy, *measured*.", "The <code>threads</code> strategy, <em>measured</em>."},
		{`A "quote" -- and Map<K>, chan<T> and <b>tags</b>.`, "A &ldquo;quote&rdquo; &ndash; and Map&lt;K&gt;, chan&lt;T&gt; and &lt;b&gt;tags&lt;/b&gt;."},
		{"See [the demo](02-b.md).", "See [the demo](02-b.md)."},
		{"1. Sequential, then # of goroutines", "1. Sequential, then # of goroutines"},
		{"- a\n> b", "- a\n&gt; b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := m.Inline(tt.in); string(got) != tt.want {
			t.Errorf("Inline(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
)

// CodeOptions says how a block of code is shown: in the language Lang
// (plain text if chroma knows none), labelled Title or else Lang, and with
// LineNumbers in a column of their own.
type CodeOptions struct {
	Lang, Title string
	LineNumbers bool

	lineStart int
	hlLines   [][2]int // as chroma counts them
	embed     *Embed
}

// Embed is a fenced block that shows a file of the site, by its Path from
// the site folder, or the Region of it named, instead of holding its text:
// ```go {file="recipes/worker-pool/main.go:pool"}.
type Embed struct {
	Path, Region string
	Pos

	block  *codeBlock
	loaded bool
}

// SetText gives the block the text it shows: the file, or its region, with
// the region markers removed. The site calls it for every Embed of a Doc
// before Render, which fails on a block without its text.
func (e *Embed) SetText(text string) { e.block.code, e.loaded = text, true }

// codeBlock is a block of code of a page and, once highlighted, its HTML.
type codeBlock struct {
	code string
	opts CodeOptions
	html template.HTML
}

var codeAttr = []byte("sitegen-code")

func (d *Doc) addCode(n ast.Node, opts CodeOptions) *codeBlock {
	b := &codeBlock{code: string(n.Lines().Value(d.src)), opts: opts}
	n.SetAttribute(codeAttr, b)
	d.code = append(d.code, b)
	return b
}

// codePre makes the code box, which may scroll sideways, reachable from the keyboard.
type codePre struct{}

func (codePre) Start(code bool, _ string) string {
	if code {
		return `<pre class="chroma" tabindex="0"><code>`
	}
	return `<pre class="chroma lnpre">`
}

func (codePre) End(code bool) string {
	if code {
		return `</code></pre>`
	}
	return `</pre>`
}

// Highlight returns code as a labelled, highlighted block, the same way
// fenced code is shown in pages, so that demo sources look like the rest.
func Highlight(code string, opts CodeOptions) (template.HTML, error) {
	it, err := chroma.Coalesce(cmp.Or(lexers.Get(opts.Lang), lexers.Fallback)).Tokenise(nil, code)
	if err != nil {
		return "", fmt.Errorf("highlighting %s: %w", opts.Lang, err)
	}
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithPreWrapper(codePre{}), chromahtml.HighlightLines(opts.hlLines),
		chromahtml.BaseLineNumber(max(opts.lineStart, 1)), chromahtml.WithLineNumbers(opts.LineNumbers), chromahtml.LineNumbersInTable(opts.LineNumbers))
	class := "code"
	if opts.embed != nil {
		// A file shown whole is the point of its page, as a demo's
		// source is: the page weight check leaves both out.
		class += " demo-source"
	}
	var b strings.Builder
	b.Grow(8*len(code) + 512) // the markup is a few times the code: grow once
	fmt.Fprintf(&b, "<div class=\"%s\"><div class=\"code-label\">%s</div>\n", class, template.HTMLEscapeString(cmp.Or(opts.Title, opts.Lang, "text")))
	if err := f.Format(&b, styles.Fallback, plainSpace(it)); err != nil {
		return "", err
	}
	b.WriteString("</div>\n")
	return template.HTML(b.String()), nil
}

// optionRE matches an option of a code block and the spaces after it.
var optionRE = regexp.MustCompile(`^([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s"']*))?(?:\s+|$)`)

// parseInfo reads a fenced block's info string, as the package comment says.
func parseInfo(info string) (CodeOptions, error) {
	lang, opts, braces := strings.Cut(strings.TrimSpace(info), "{")
	o := CodeOptions{Lang: strings.TrimSpace(lang)}
	opts, closed := strings.CutSuffix(opts, "}")
	if strings.Contains(o.Lang, " ") || braces && !closed {
		return o, fmt.Errorf("code options %q: want {key=value ...} after the language", info)
	}
	for opts = strings.TrimSpace(opts); opts != ""; {
		m := optionRE.FindStringSubmatch(opts)
		if m == nil {
			return o, fmt.Errorf("code options %q: want key=value, with the value in quotes if it has spaces", opts)
		}
		opts = opts[len(m[0]):]
		key, val := m[1], strings.Trim(m[2], `"'`)
		switch key {
		case "linenos":
			if !slices.Contains([]string{"true", "table", "inline", "false"}, val) {
				return o, fmt.Errorf("code option linenos=%q: want true or false", val)
			}
			o.LineNumbers = val != "false"
		case "linenostart":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return o, fmt.Errorf("code option linenostart=%q: want a line number", val)
			}
			o.lineStart = n
		case "hl_lines":
			for _, r := range strings.FieldsFunc(strings.Trim(val, "[]"), func(r rune) bool { return r == ' ' || r == ',' }) {
				a, b, isRange := strings.Cut(r, "-")
				if !isRange {
					b = a
				}
				lo, err1 := strconv.Atoi(a)
				hi, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil || lo < 1 || hi < lo {
					return o, fmt.Errorf("code option hl_lines: bad range %q", r)
				}
				o.hlLines = append(o.hlLines, [2]int{lo, hi})
			}
		case "title":
			o.Title = val
		case "file":
			file, region, hasRegion := strings.Cut(val, ":")
			if !fs.ValidPath(file) || file == "." || (hasRegion && region == "") {
				return o, fmt.Errorf("code option file=%q: want a path inside the site folder, as recipes/worker-pool/main.go, optionally with :REGION", val)
			}
			o.embed = &Embed{Path: file, Region: region}
		default:
			return o, fmt.Errorf("unknown code option %q (want linenos, linenostart, hl_lines, title or file)", key)
		}
	}
	// hl_lines counts from the block's first line, chroma from its number.
	for i := range o.hlLines {
		o.hlLines[i][0] += max(o.lineStart, 1) - 1
		o.hlLines[i][1] += max(o.lineStart, 1) - 1
	}
	if e := o.embed; e != nil && o.Title == "" {
		o.Title = strings.TrimSuffix(e.Path+" · "+e.Region, " · ")
	}
	return o, nil
}

// plainSpace passes whitespace on as plain text, which the formatter
// writes without a span: their spans were a sixth of the elements of the
// one-page view, the page that costs a phone the most to lay out.
func plainSpace(it chroma.Iterator) chroma.Iterator {
	return func() chroma.Token {
		t := it()
		if t.Type == chroma.TextWhitespace {
			t.Type = chroma.Text
		}
		return t
	}
}

// The two palettes; the dark one is for screens only, so that a page printed
// from a dark system is light. minContrast is WCAG AA for normal text.
const (
	lightStyle  = "github"
	darkStyle   = "github-dark"
	darkMedia   = "screen and (prefers-color-scheme: dark)"
	minContrast = 4.5
)

// CSS returns the stylesheet for highlighted code: the light palette, and the
// dark one for screens whose system prefers a dark scheme. Each sits in its
// own media query, so that no colour of one leaks into the other.
func CSS() []byte {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.LineNumbersInTable(true))
	for _, p := range [][2]string{{"not " + darkMedia, lightStyle}, {darkMedia, darkStyle}} {
		fmt.Fprintf(&b, "@media %s {\n/* Code: %s */\n", p[0], p[1])
		f.WriteCSS(&b, accessible(p[1])) // a buffer takes every write
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// accessible returns the named style with every foreground colour moved,
// if needed, until it reaches minContrast on the style's background.
func accessible(name string) *chroma.Style {
	s := styles.Get(name)
	bg := s.Get(chroma.Background).Background
	// A highlighted line keeps its tokens' colours, so its background must
	// be one they can all be read on.
	hl := mix(bg, 128, 0.15)
	b := s.Builder()
	// The line numbers' colour reaches the page too, though a style may
	// give it only through inheritance.
	for _, tt := range append(s.Types(), chroma.LineNumbers, chroma.LineNumbersTable) {
		e := s.Get(tt)
		switch {
		case tt == chroma.LineHighlight:
			e.Colour, e.Background = 0, hl
		case !e.Colour.IsSet() || tt == chroma.Background:
			continue
		case e.Background.IsSet():
			e.Colour = fixContrast(e.Colour, e.Background)
		default:
			e.Colour = fixContrast(fixContrast(e.Colour, bg), hl)
		}
		b.AddEntry(tt, e)
	}
	st, _ := b.Build() // entries from AddEntry always parse
	return st
}

// fixContrast darkens or lightens fg, away from bg, until the pair reaches
// minContrast; TestCSSContrast checks that it does for both styles.
func fixContrast(fg, bg chroma.Colour) chroma.Colour {
	to := 0.0
	if luminance(bg) < 0.5 {
		to = 255
	}
	for i := 0; i < 60 && contrast(fg, bg) < minContrast; i++ {
		fg = mix(fg, to, 0.08)
	}
	return fg
}

func mix(c chroma.Colour, to float64, t float64) chroma.Colour {
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v)*(1-t) + to*t)) }
	return chroma.NewColour(m(c.Red()), m(c.Green()), m(c.Blue()))
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG relative luminance of c.
func luminance(c chroma.Colour) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.Red()) + 0.7152*ch(c.Green()) + 0.0722*ch(c.Blue())
}

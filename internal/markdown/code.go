package markdown

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// CodeOptions says how a block of code is shown.
type CodeOptions struct {
	// Lang names the chroma lexer; unknown languages are shown as plain text.
	Lang string
	// Title replaces the language in the block's label.
	Title string
	// LineNumbers shows line numbers in a column of their own.
	LineNumbers bool
	// LineStart is the number of the first line (default 1).
	LineStart int
	// Highlight lists the ranges of lines to highlight, counted from 1.
	Highlight [][2]int
	// File is the file a block shows instead of its own lines, by its
	// path from the site folder, and Region the region of it shown (see
	// Embed). Highlight reads neither: a File only gives the box the
	// class demo-source.
	File, Region string
}

// preWrapper makes the code box reachable from the keyboard, since it may
// scroll sideways.
var preWrapper = chromahtml.WithPreWrapper(codePre{})

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

// Highlight writes code as a labelled, highlighted block, the same way fenced
// code is shown in pages, so that demo sources look like the rest.
func (m *Markdown) Highlight(w io.Writer, code string, opts CodeOptions) error {
	return highlight(w, code, opts)
}

func highlight(w io.Writer, code string, opts CodeOptions) error {
	lexer := lexers.Get(opts.Lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return fmt.Errorf("highlighting %s: %w", opts.Lang, err)
	}
	it = plainSpace(it)
	// hl_lines counts from the block's first line, chroma from the first
	// line's number.
	start := max(opts.LineStart, 1)
	hl := make([][2]int, len(opts.Highlight))
	for i, r := range opts.Highlight {
		hl[i] = [2]int{r[0] + start - 1, r[1] + start - 1}
	}
	o := []chromahtml.Option{chromahtml.WithClasses(true), preWrapper, chromahtml.HighlightLines(hl), chromahtml.BaseLineNumber(start)}
	if opts.LineNumbers {
		o = append(o, chromahtml.WithLineNumbers(true), chromahtml.LineNumbersInTable(true))
	}
	label := opts.Title
	if label == "" {
		label = opts.Lang
	}
	if label == "" {
		label = "text"
	}
	class := "code"
	if opts.File != "" {
		// A file shown whole is the point of its page, as a demo's
		// source is: the page weight check leaves both out.
		class += " demo-source"
	}
	fmt.Fprintf(w, "<div class=\"%s\"><div class=\"code-label\">%s</div>\n", class, template.HTMLEscapeString(label))
	if err := chromahtml.New(o...).Format(w, styles.Fallback, it); err != nil {
		return err
	}
	_, err = io.WriteString(w, "</div>\n")
	return err
}

// parseInfo reads a fenced block's info string: a language and options in
// braces, as described in the package comment.
func parseInfo(info string) (CodeOptions, error) {
	var o CodeOptions
	lang, rest, _ := strings.Cut(strings.TrimSpace(info), " ")
	if i := strings.IndexByte(lang, '{'); i >= 0 {
		lang, rest = lang[:i], lang[i:]+" "+rest
	}
	o.Lang = lang
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return o, nil
	}
	if !strings.HasPrefix(rest, "{") || !strings.HasSuffix(rest, "}") {
		return o, fmt.Errorf("code options %q: want {key=value ...} after the language", rest)
	}
	fields, err := splitFields(rest[1 : len(rest)-1])
	if err != nil {
		return o, fmt.Errorf("code options: %w", err)
	}
	for _, f := range fields {
		key, val, _ := strings.Cut(f, "=")
		val = strings.Trim(val, `"'`)
		switch key {
		case "linenos":
			switch val {
			case "true", "table", "inline":
				o.LineNumbers = true
			case "false":
			default:
				return o, fmt.Errorf("code option linenos=%q: want true or false", val)
			}
		case "linenostart":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return o, fmt.Errorf("code option linenostart=%q: want a line number", val)
			}
			o.LineStart = n
		case "hl_lines":
			for _, r := range strings.FieldsFunc(strings.Trim(val, "[]"), func(r rune) bool { return r == ' ' || r == ',' }) {
				a, b, isRange := strings.Cut(r, "-")
				lo, err1 := strconv.Atoi(a)
				hi, err2 := lo, error(nil)
				if isRange {
					hi, err2 = strconv.Atoi(b)
				}
				if err1 != nil || err2 != nil || lo < 1 || hi < lo {
					return o, fmt.Errorf("code option hl_lines: bad range %q", r)
				}
				o.Highlight = append(o.Highlight, [2]int{lo, hi})
			}
		case "title":
			o.Title = val
		case "file":
			if o.File, o.Region, err = parseFile(val); err != nil {
				return o, err
			}
		default:
			return o, fmt.Errorf("unknown code option %q (want linenos, linenostart, hl_lines, title or file)", key)
		}
	}
	return o, nil
}

// splitFields splits s at spaces outside double or single quotes.
func splitFields(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	var quote rune // the quote open, or 0
	quoted := false
	for _, r := range s {
		switch {
		case (r == '"' || r == '\'') && (!quoted || r == quote):
			quoted = !quoted
			quote = r
			cur.WriteRune(r)
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if quoted {
		return nil, fmt.Errorf("unclosed quote in %q", s)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out, nil
}

// plainSpace passes whitespace on as plain text, which the formatter
// writes without a span: spaces need no colour, and their spans were a
// sixth of the elements of the one-page view, the page that costs a phone
// the most to lay out.
func plainSpace(it chroma.Iterator) chroma.Iterator {
	return func() chroma.Token {
		t := it()
		if t.Type == chroma.TextWhitespace {
			t.Type = chroma.Text
		}
		return t
	}
}

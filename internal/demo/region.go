package demo

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// markers are the region marker patterns of one comment syntax.
type markers struct{ start, end *regexp.Regexp }

func newMarkers(comment string) markers {
	c := regexp.QuoteMeta(comment)
	return markers{
		start: regexp.MustCompile(`^\s*` + c + `\s*region\s+(\S+)\s*$`),
		end:   regexp.MustCompile(`^\s*` + c + `\s*endregion(\s+\S+)?\s*$`),
	}
}

var (
	slashMarkers = newMarkers("//")
	hashMarkers  = newMarkers("#")
)

// markersFor picks the region markers of file by its extension: "#" for
// Python and shell, "//" for Go and everything else.
func markersFor(file string) markers {
	switch path.Ext(file) {
	case ".py", ".sh":
		return hashMarkers
	}
	return slashMarkers
}

// Region returns the lines of the region called name in src, the text of
// file, with every region marker line removed, nested ones included; an
// empty name returns the whole file without its markers. Markers are
// comments in the file's language, chosen by its extension: "// region
// NAME" and "// endregion" in Go, "# region NAME" and "# endregion" in
// Python. A region loses its leading and trailing blank lines and the
// indentation all its lines share. Markers must balance and region names
// must be unique within the file.
func Region(file, src, name string) (string, error) {
	mk := markersFor(file)
	lines := strings.SplitAfter(src, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	type open struct {
		name string
		line int
	}
	var (
		stack  []open
		seen   []string
		kept   []string
		found  bool
		inside = name == ""
	)
	for i, l := range lines {
		switch m := mk.start.FindStringSubmatch(l); {
		case m != nil:
			if slices.Contains(seen, m[1]) {
				return "", &markerError{i + 1, fmt.Sprintf("region %q defined twice", m[1])}
			}
			seen = append(seen, m[1])
			stack = append(stack, open{m[1], i + 1})
			if m[1] == name {
				inside, found = true, true
			}
		case mk.end.MatchString(l):
			if len(stack) == 0 {
				return "", &markerError{i + 1, "endregion without a region"}
			}
			if end := strings.TrimSpace(mk.end.FindStringSubmatch(l)[1]); end != "" && end != stack[len(stack)-1].name {
				return "", &markerError{i + 1, fmt.Sprintf("endregion %s closes region %q", end, stack[len(stack)-1].name)}
			}
			if stack[len(stack)-1].name == name {
				inside = false
			}
			stack = stack[:len(stack)-1]
		default:
			if inside {
				kept = append(kept, l)
			}
		}
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return "", &markerError{o.line, fmt.Sprintf("region %q has no endregion", o.name)}
	}
	if name == "" {
		return strings.Join(kept, ""), nil
	}
	if !found {
		if len(seen) == 0 {
			return "", fmt.Errorf("unknown region %q (the file has no regions)", name)
		}
		return "", fmt.Errorf("unknown region %q (have %s)", name, strings.Join(seen, ", "))
	}
	for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
		kept = kept[1:]
	}
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	return dedent(kept), nil
}

// dedent removes the leading white space that all non-blank lines share.
func dedent(lines []string) string {
	prefix, first := "", true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ws, false
			continue
		}
		for !strings.HasPrefix(ws, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			b.WriteString(strings.TrimLeft(l, " \t\r"))
			continue
		}
		b.WriteString(strings.TrimPrefix(l, prefix))
	}
	return b.String()
}

// markerError is a mistake in a file's region markers, at a line of it.
type markerError struct {
	line int
	msg  string
}

func (e *markerError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

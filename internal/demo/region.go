package demo

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Region returns the lines of the region called name in src, the text of
// file, with every region marker line removed, nested ones included; an
// empty name returns the whole file without its markers. Markers are
// comments in the file's language, chosen by its extension: "// region
// NAME" and "// endregion" in Go and most files, "# region NAME" and "#
// endregion" in Python and shell. A region loses its leading and trailing
// blank lines and the indentation all its lines share. Markers must
// balance and region names must be unique within the file.
func Region(file, src, name string) (string, error) {
	comment := "//"
	if ext := path.Ext(file); ext == ".py" || ext == ".sh" {
		comment = "#"
	}
	lines := strings.SplitAfter(src, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	type open struct {
		name string
		line int
	}
	var (
		stack      []open
		seen, kept []string
		inside     = name == ""
	)
	for i, l := range lines {
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), comment)
		f := strings.Fields(rest)
		switch {
		case ok && len(f) == 2 && f[0] == "region":
			if slices.Contains(seen, f[1]) {
				return "", &markerError{i + 1, fmt.Sprintf("region %q defined twice", f[1])}
			}
			seen = append(seen, f[1])
			stack = append(stack, open{f[1], i + 1})
			inside = inside || f[1] == name
		case ok && len(f) > 0 && len(f) <= 2 && f[0] == "endregion":
			if len(stack) == 0 {
				return "", &markerError{i + 1, "endregion without a region"}
			}
			top := stack[len(stack)-1].name
			if len(f) == 2 && f[1] != top {
				return "", &markerError{i + 1, fmt.Sprintf("endregion %s closes region %q", f[1], top)}
			}
			inside = inside && top != name
			stack = stack[:len(stack)-1]
		case inside:
			kept = append(kept, l)
		}
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return "", &markerError{o.line, fmt.Sprintf("region %q has no endregion", o.name)}
	}
	if name == "" {
		return strings.Join(kept, ""), nil
	}
	if len(seen) == 0 {
		return "", fmt.Errorf("unknown region %q (the file has no regions)", name)
	}
	if !slices.Contains(seen, name) {
		return "", fmt.Errorf("unknown region %q (have %s)", name, strings.Join(seen, ", "))
	}
	for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
		kept = kept[1:]
	}
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
	}
	// Dedent by the white space all non-blank lines share, the first's at
	// most; blank lines keep none.
	prefix := ""
	for i, l := range kept {
		ws := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if i == 0 {
			prefix = ws
		}
		for strings.TrimSpace(l) != "" && !strings.HasPrefix(ws, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	var b strings.Builder
	for _, l := range kept {
		if strings.TrimSpace(l) == "" {
			b.WriteString(strings.TrimLeft(l, " \t\r"))
		} else {
			b.WriteString(l[len(prefix):])
		}
	}
	return b.String(), nil
}

// markerError is a mistake in a file's region markers, at a line of it.
type markerError struct {
	line int
	msg  string
}

func (e *markerError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

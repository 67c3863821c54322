package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Locate rewrites err, an error of Validate or of decoding the JSON
// document data, as lines of the form "file:line: message", one per
// problem, the line being that of the value at fault. under is the path
// of the results within data, as "results" for a file that holds them
// under that key. Any other error comes back prefixed with the file.
func Locate(err error, file string, data []byte, under ...any) error {
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("%s:%d: %w", file, lineAt(data, syntax.Offset), err)
	case errors.As(err, &typ):
		return fmt.Errorf("%s:%d: %w", file, lineAt(data, typ.Offset), err)
	}
	var list interface{ Unwrap() []error }
	if !errors.As(err, &list) {
		return fmt.Errorf("%s: %w", file, err)
	}
	// Validate's error starts with the demo's name; each line keeps it.
	prefix := ""
	if joined, ok := list.(error); ok {
		prefix = strings.TrimSuffix(err.Error(), joined.Error())
	}
	var lines []string
	for _, e := range list.Unwrap() {
		var p *problem
		if errors.As(e, &p) {
			path := append(append([]any{}, under...), p.path...)
			lines = append(lines, fmt.Sprintf("%s:%d: %s%s", file, lineAt(data, valueOffset(data, path)), prefix, p.msg))
		} else {
			lines = append(lines, fmt.Sprintf("%s: %s%v", file, prefix, e))
		}
	}
	return &located{msg: strings.Join(lines, "\n"), err: err}
}

// located is an error of Validate with its lines located in a file.
type located struct {
	msg string
	err error
}

func (l *located) Error() string { return l.msg }
func (l *located) Unwrap() error { return l.err }

// lineAt returns the line of data that holds byte offset off, from 1.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// valueOffset returns the offset in data of the value at path, object keys
// and array indexes, or of the deepest value on the way that exists.
func valueOffset(data []byte, path []any) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	var off int64
walk:
	for _, step := range path {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		delim, _ := tok.(json.Delim)
		switch step := step.(type) {
		case string:
			if delim != '{' {
				break walk
			}
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					break walk
				}
				if key == step {
					off = dec.InputOffset()
					continue walk
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					break walk
				}
			}
		case int:
			if delim != '[' {
				break walk
			}
			for i := 0; dec.More(); i++ {
				if i == step {
					off = dec.InputOffset()
					continue walk
				}
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					break walk
				}
			}
		}
		break
	}
	// The offset is that of the end of the token before the value: skip
	// to the value itself.
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
		off++
	}
	return off
}

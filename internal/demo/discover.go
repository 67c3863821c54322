package demo

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// frozenName holds a demo's frozen result; pythonMain is a Python demo.
const (
	frozenName = "frozen.json"
	pythonMain = "main.py"
)

// kind is the language of a demo.
type kind int

const (
	notDemo kind = iota
	goDemo
	pythonDemo
)

// dir returns the folder of the demo called name and its kind: Go when a
// non-test Go file is of package main (only package clauses are parsed,
// so a demo with a type error still counts), Python when the folder has a
// main.py and no Go file at all. Folders internal and testdata, and names
// starting with "." or "_", are never demos.
func (r *Runner) dir(name string) (string, kind, error) {
	if name == "" || name == "internal" || name == "testdata" || strings.ContainsAny(name[:1], "._") ||
		strings.ContainsAny(name, `/\`) {
		return "", notDemo, fmt.Errorf("unknown demo %q", name)
	}
	d := filepath.Join(r.demos, name)
	entries, err := os.ReadDir(d)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", notDemo, fmt.Errorf("demo %s: %w", name, err)
	}
	hasGo, hasPy := false, false
	for _, e := range entries {
		n := e.Name()
		hasPy = hasPy || n == pythonMain && e.Type().IsRegular()
		if e.IsDir() || !strings.HasSuffix(n, ".go") {
			continue
		}
		hasGo = true
		if isTest(n) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(d, n), nil, parser.PackageClauseOnly)
		if err != nil {
			return "", notDemo, fmt.Errorf("demo %s: %w", name, err)
		}
		if f.Name.Name == "main" {
			return d, goDemo, nil
		}
	}
	if hasPy && !hasGo {
		return d, pythonDemo, nil
	}
	return "", notDemo, fmt.Errorf("unknown demo %q", name)
}

// Command returns the command that runs the demo called name from the
// module root, for a reader: "go run ./demos/cpu", "python3.13 demos/x/main.py".
func (r *Runner) Command(name string) (string, error) {
	_, k, err := r.dir(name)
	if err != nil {
		return "", err
	}
	if k == goDemo {
		return "go run " + pkgPath(name), nil
	}
	req, err := r.requirement(name)
	if err != nil {
		return "", err
	}
	if req.Min != [2]int{} {
		return fmt.Sprintf("python%d.%d %s", req.Min[0], req.Min[1], pyMain(name)), nil
	}
	return "python3 " + pyMain(name), nil
}

// Files returns the files of the demo called name as sorted slash paths
// relative to its folder, without frozen.json: the files a page may show.
func (r *Runner) Files(name string) ([]string, error) {
	d, _, err := r.dir(name)
	if err != nil {
		return nil, err
	}
	files, err := walkFiles(d)
	if err != nil {
		return nil, fmt.Errorf("listing demo %s: %w", name, err)
	}
	return files, nil
}

// walkFiles lists the regular files under dir except the top-level
// frozen.json and ignored ones, as sorted slash paths relative to dir.
func walkFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		if ignored(d.Name()) && d.IsDir() {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(dir, path)
		if rel = filepath.ToSlash(rel); d.Type().IsRegular() && !ignored(d.Name()) && rel != frozenName {
			files = append(files, rel)
		}
		return err
	})
	slices.Sort(files)
	return files, err
}

// ignored reports whether a file or folder in a demo is no part of it:
// hidden files, editor backups and Python's byte-code caches.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		name == "__pycache__" || strings.HasSuffix(name, ".pyc")
}

// Source returns the text of file (a path from Files) of the demo called
// name, reduced to region unless empty, without region markers.
func (r *Runner) Source(name, file, region string) (string, error) {
	files, err := r.Files(name)
	if err != nil {
		return "", err
	}
	if !slices.Contains(files, file) {
		return "", fmt.Errorf("demo %s has no file %q", name, file)
	}
	return r.readRegion(name, name+"/"+file, region)
}

// readRegion returns region of the file at path, relative to the demos
// folder; a marker mistake is at demos/PATH:LINE, where editors jump.
func (r *Runner) readRegion(name, path, region string) (string, error) {
	b, err := os.ReadFile(filepath.Join(r.demos, filepath.FromSlash(path)))
	if err != nil {
		return "", fmt.Errorf("reading demo %s: %w", name, err)
	}
	text, err := Region(path, string(b), region)
	if me, ok := err.(*markerError); ok {
		err = fmt.Errorf("demos/%s:%d: %s", path, me.line, me.msg)
	} else if err != nil {
		err = fmt.Errorf("demos/%s: %w", path, err)
	}
	return text, err
}

// Region returns the region called name of src, the text of file, or all
// of it for an empty name, without region markers: comments from "//
// region NAME" to "// endregion [NAME]", "#" for .py and .sh files, that
// balance and name each region once. A region loses its blank ends and
// the indentation all its lines share.
func Region(file, src, name string) (string, error) {
	comment := "//"
	if ext := path.Ext(file); ext == ".py" || ext == ".sh" {
		comment = "#"
	}
	type open struct {
		name string
		line int
	}
	var (
		stack      []open
		seen, kept []string
		inside     = name == ""
		n          = 0 // the line number
	)
	for l := range strings.Lines(src) {
		n++
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), comment)
		f := strings.Fields(rest)
		switch {
		case ok && len(f) == 2 && f[0] == "region":
			if slices.Contains(seen, f[1]) {
				return "", &markerError{n, fmt.Sprintf("region %q defined twice", f[1])}
			}
			seen = append(seen, f[1])
			stack = append(stack, open{f[1], n})
			inside = inside || f[1] == name
		case ok && len(f) > 0 && len(f) <= 2 && f[0] == "endregion":
			if len(stack) == 0 {
				return "", &markerError{n, "endregion without a region"}
			}
			top := stack[len(stack)-1].name
			if len(f) == 2 && f[1] != top {
				return "", &markerError{n, fmt.Sprintf("endregion %s closes region %q", f[1], top)}
			}
			inside = inside && top != name
			stack = stack[:len(stack)-1]
		case inside:
			kept = append(kept, l)
		}
	}
	switch {
	case len(stack) > 0:
		o := stack[len(stack)-1]
		return "", &markerError{o.line, fmt.Sprintf("region %q has no endregion", o.name)}
	case name == "":
		return strings.Join(kept, ""), nil
	case len(seen) == 0:
		return "", fmt.Errorf("unknown region %q (the file has no regions)", name)
	case !slices.Contains(seen, name):
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
		if i == 0 {
			prefix = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		}
		for strings.TrimSpace(l) != "" && !strings.HasPrefix(l, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	for i, l := range kept {
		if strings.TrimSpace(l) == "" {
			kept[i] = strings.TrimLeft(l, " \t\r")
		} else {
			kept[i] = l[len(prefix):]
		}
	}
	return strings.Join(kept, ""), nil
}

// markerError is a mistake in a file's region markers, at a line of it.
type markerError struct {
	line int
	msg  string
}

func (e *markerError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

package watch

import (
	"fmt"
	"path/filepath"
	"strings"
)

// vcsDirs are version-control folders, never watched.
var vcsDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// filter decides which paths are left out: editor temp files, version-control
// folders and excluded folders.
type filter struct {
	exclude []string // absolute, cleaned
}

func newFilter(exclude []string) (*filter, error) {
	f := &filter{}
	for _, e := range exclude {
		abs, err := filepath.Abs(e)
		if err != nil {
			return nil, fmt.Errorf("watching: excluded folder %s: %w", e, err)
		}
		f.exclude = append(f.exclude, abs)
	}
	return f, nil
}

// skip reports whether path is left out.
func (f *filter) skip(path string) bool {
	if tempName(filepath.Base(path)) {
		return true
	}
	for _, el := range strings.Split(filepath.ToSlash(path), "/") {
		if vcsDirs[el] {
			return true
		}
	}
	if len(f.exclude) > 0 {
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		for _, e := range f.exclude {
			if abs == e || strings.HasPrefix(abs, e+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

// tempName reports whether a file name is one editors use for swap, backup,
// lock or atomic-save files.
func tempName(name string) bool {
	switch {
	case name == "4913": // vim's probe for a writable folder
		return true
	case strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"):
		return true
	case strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, ".#"): // emacs lock files
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs auto-save
		return true
	case strings.HasSuffix(name, ".tmp"):
		return true
	case strings.Contains(name, "___jb_"): // JetBrains safe write
		return true
	}
	return false
}

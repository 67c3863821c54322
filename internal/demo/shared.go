package demo

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Shared returns, for each demo named, the shared files a page may show
// beside it, as sorted slash paths relative to the demos folder: for a Go
// demo the non-test files of every package under demos/ it imports, directly
// or not, whatever their build constraints so that every system shows the
// same; for a Python demo every .py file under demos/internal/py.
func (r *Runner) Shared(ctx context.Context, names []string) (map[string][]string, error) {
	shared := map[string][]string{}
	var goNames []string
	for _, n := range names {
		_, k, err := r.dir(n)
		if err != nil {
			return nil, err
		}
		if k == goDemo {
			goNames = append(goNames, n)
		} else if shared[n], err = r.pySharedFiles(); err != nil {
			return nil, fmt.Errorf("listing demo %s: %w", n, err)
		}
	}
	if len(goNames) == 0 {
		return shared, nil
	}
	byPath, byDir, err := r.list(ctx, goNames)
	if err != nil {
		return nil, err
	}
	for _, n := range goNames {
		files := []string{}
		pkg := cmp.Or(byDir[realPath(filepath.Join(r.demos, n))], &listed{})
		for _, dep := range pkg.Deps {
			p := byPath[dep]
			if p == nil || p.Standard || p.Module == nil || !p.Module.Main || p.Dir == "" {
				continue
			}
			rel, err := filepath.Rel(r.demos, realPath(p.Dir))
			if err != nil || !filepath.IsLocal(rel) {
				continue // in the module, outside the demos folder
			}
			src, err := sourceFiles(p.Dir)
			if err != nil {
				return nil, fmt.Errorf("listing demo %s: %w", n, err)
			}
			for _, f := range src {
				files = append(files, path.Join(filepath.ToSlash(rel), f))
			}
		}
		slices.Sort(files)
		shared[n] = slices.Compact(files)
	}
	return shared, nil
}

// IsShared reports whether file, as a directive's show= names it, is a
// shared file rather than one of own, the demo's files from Files.
func IsShared(file string, own []string) bool {
	return strings.Contains(file, "/") && !slices.Contains(own, file)
}

// SharedSource returns the text of file, reduced to region as Source does,
// when shared, the demo's list from Shared, holds it. Otherwise the error
// says what the demo called name may show.
func (r *Runner) SharedSource(name, file, region string, shared []string) (string, error) {
	if slices.Contains(shared, file) {
		return r.readRegion(name, file, region)
	}
	var dirs []string
	for _, f := range shared {
		if d := "demos/" + path.Dir(f); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	imports := "it imports no shared package"
	if len(dirs) > 0 {
		imports = "it imports " + strings.Join(dirs, ", ")
	}
	if !fs.ValidPath(file) || strings.Contains(file, `\`) {
		return "", fmt.Errorf("demo %s: show=%s: a path with a slash must name a file inside demos/ of a package the demo imports (%s)",
			name, file, imports)
	}
	have := slices.DeleteFunc(slices.Clone(shared), func(f string) bool { return path.Dir(f) != path.Dir(file) })
	if len(have) == 0 {
		return "", fmt.Errorf("demo %s does not import a package in demos/%s (%s)", name, path.Dir(file), imports)
	}
	return "", fmt.Errorf("demo %s has no shared file %q (have %s; tests are never shown)", name, file, strings.Join(have, ", "))
}

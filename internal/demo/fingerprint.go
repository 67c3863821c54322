package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// listed is the part of `go list -json` output that list asks for.
type listed struct {
	ImportPath, Dir string
	Standard        bool
	Module          *struct {
		Path, Version string
		Main          bool
	}
	EmbedFiles, Deps []string
}

// goEnv is the part of the Go environment that decides what a build makes.
type goEnv struct {
	GOVERSION, GOOS, GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT, GOAMD64, GOARM64 string
}

// env reads the Go environment.
func (r *Runner) env(ctx context.Context) (e goEnv, err error) {
	out, err := r.goCmd(ctx, "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS",
		"CGO_ENABLED", "GOEXPERIMENT", "GOAMD64", "GOARM64")
	if err == nil {
		err = json.Unmarshal(out, &e)
	}
	if err != nil {
		return e, fmt.Errorf("reading the go environment: %w", err)
	}
	return e, nil
}

// goCmd runs the go command in the module root with workspaces off, so
// that a build depends on go.mod and go.sum only; its error is its stderr.
func (r *Runner) goCmd(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, r.goTool, args...)
	cmd.Dir = r.cfg.Root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if msg := strings.TrimSpace(stderr.String()); err != nil && msg != "" {
		err = errors.New(msg)
	} else if err != nil {
		err = fmt.Errorf("go %s: %w", args[0], err)
	}
	return out, err
}

// fingerprints returns the fingerprint of each named Go demo; one whose
// imports cannot be resolved gets one of what exists, and fails to build.
func (r *Runner) fingerprints(ctx context.Context, names []string, e goEnv) (map[string]string, error) {
	byPath, byDir, err := r.list(ctx, names)
	if err != nil {
		return nil, err
	}
	fps := map[string]string{}
	for _, n := range names {
		if fps[n], err = r.fingerprint(filepath.Join(r.demos, n), byPath, byDir, e.GOVERSION); err != nil {
			return nil, fmt.Errorf("fingerprinting demo %s: %w", n, err)
		}
	}
	return fps, nil
}

// list returns every package the named demos depend on, by import path
// and by real folder, from one `go list -deps`.
func (r *Runner) list(ctx context.Context, names []string) (byPath, byDir map[string]*listed, err error) {
	args := []string{"list", "-e", "-deps", "-json=ImportPath,Dir,Standard,Module,EmbedFiles,Deps"}
	for _, n := range names {
		args = append(args, pkgPath(n))
	}
	out, err := r.goCmd(ctx, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("listing demo packages: %w", err)
	}
	byPath, byDir = map[string]*listed{}, map[string]*listed{}
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		p := new(listed)
		if err := dec.Decode(p); err != nil {
			return nil, nil, fmt.Errorf("listing demo packages: %w", err)
		}
		byPath[p.ImportPath] = p
		byDir[realPath(p.Dir)] = p
	}
	return byPath, byDir, nil
}

// pkgPath returns the demo's package as go commands in the root name it.
func pkgPath(name string) string { return "./demos/" + name }

// realPath returns p with symbolic links resolved, as go list names
// folders, or p when that fails.
func realPath(p string) string {
	if q, err := filepath.EvalSymlinks(p); err == nil {
		return q
	}
	return p
}

// fingerprint hashes everything the build of the demo in dir depends on,
// with paths relative to the module root and files whatever their build
// constraints, so that every machine with the same Go agrees.
func (r *Runner) fingerprint(dir string, byPath, byDir map[string]*listed, goVersion string) (string, error) {
	own, err := walkFiles(dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "sitegen demo fingerprint 1\ngo %s\n", goVersion)
	if err := errors.Join(r.hashFiles(h, r.cfg.Root, []string{"go.mod", "go.sum"}),
		r.hashFiles(h, dir, slices.DeleteFunc(own, isTest))); err != nil {
		return "", err
	}
	var deps []string
	if pkg := byDir[realPath(dir)]; pkg != nil {
		deps = slices.Sorted(slices.Values(pkg.Deps))
	}
	for _, path := range deps {
		switch p := byPath[path]; {
		case p == nil || p.Standard: // the Go version covers the standard library
		case p.Dir == "": // not found: the build says so, and the fingerprint changes once it exists
			fmt.Fprintf(h, "missing %s\n", path)
		case p.Module != nil && !p.Module.Main: // go.sum covers other modules
			fmt.Fprintf(h, "module %s %s %s\n", path, p.Module.Path, p.Module.Version)
		default:
			fmt.Fprintf(h, "package %s\n", path)
			files, err := sourceFiles(p.Dir)
			if err != nil {
				return "", fmt.Errorf("package %s: %w", path, err)
			}
			files = append(files, p.EmbedFiles...)
			slices.Sort(files)
			if err := r.hashFiles(h, p.Dir, slices.Compact(files)); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFiles writes to h the name relative to the module root, length and
// content of each of files (slash paths relative to dir), or its absence.
func (r *Runner) hashFiles(h io.Writer, dir string, files []string) error {
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f))
		name, _ := filepath.Rel(r.cfg.Root, path)
		name = filepath.ToSlash(name)
		switch b, err := os.ReadFile(path); {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(h, "absent %q\n", name)
		case err != nil:
			return err
		default:
			fmt.Fprintf(h, "file %q %d\n", name, len(b))
			h.Write(b)
		}
	}
	return nil
}

// isTest reports whether the Go file f is a test.
func isTest(f string) bool { return strings.HasSuffix(f, "_test.go") }

// sourceFiles lists the non-test files that build the package in dir on any system.
func sourceFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	kinds := []string{".go", ".c", ".h", ".s", ".S", ".cc", ".cpp", ".cxx",
		".hh", ".hpp", ".hxx", ".m", ".swig", ".swigcxx", ".syso", ".f", ".F", ".for", ".f90"}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !ignored(n) && !isTest(n) && slices.Contains(kinds, filepath.Ext(n)) {
			files = append(files, n)
		}
	}
	return files, nil
}

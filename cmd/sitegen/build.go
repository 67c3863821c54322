package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

var buildCmd = &command{
	name:    "build",
	summary: "Build the site into a folder of static files",
	usage:   "[-src DIR] [-out DIR] [-base-url URL] [-demos MODE] [-drafts]",
	flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
		var f siteFlags
		f.register(fs, true)
		return func(ctx context.Context, _ []string) error {
			cfg, err := f.config()
			if err != nil {
				return err
			}
			return site.Build(ctx, cfg)
		}
	},
}

// sourceDirs are the folders of a site that its pages are made from: build
// must not write into them, serve watches them.
var sourceDirs = []string{"content", "demos", "recipes", "theme"}

// siteFlags are the flags shared by the commands that build the site.
type siteFlags struct {
	src, out, baseURL string
	demos             demo.Mode
	drafts            bool
}

// register declares the flags on fs; with output, also -out and -base-url.
func (f *siteFlags) register(fs *flag.FlagSet, output bool) {
	fs.StringVar(&f.src, "src", ".", "the site `folder`, holding content/ and optionally demos/ and theme/")
	fs.Var(&f.demos, "demos", "the demo `mode`: auto runs a demo when its sources changed, force runs every demo, frozen never runs one and fails on a stale result, off shows placeholders")
	fs.BoolVar(&f.drafts, "drafts", false, "include the chapters marked draft: true")
	if output {
		fs.StringVar(&f.out, "out", "", "the output `folder`, replaced only when the build succeeds (default SRC/public)")
		fs.StringVar(&f.baseURL, "base-url", cmp.Or(os.Getenv("URL"), "/"), "the site's `URL`, for canonical links and the sitemap; defaults to $URL when set")
	}
}

// checkBaseURL reports a bad -base-url as a mistake on the command line.
func (f *siteFlags) checkBaseURL() error {
	if _, err := site.ParseBaseURL(f.baseURL); err != nil {
		return &usageError{fmt.Sprintf("-base-url %s: %v", f.baseURL, err)}
	}
	return nil
}

// config turns the flags into a site configuration, choosing the theme: the
// site's theme/ folder when it exists, else the built-in one.
func (f *siteFlags) config() (site.Config, error) {
	if err := f.checkBaseURL(); err != nil {
		return site.Config{}, err
	}
	src, err := filepath.Abs(f.src)
	if err != nil {
		return site.Config{}, err
	}
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return site.Config{}, fmt.Errorf("-src %s: no such folder", f.src)
	}
	out, err := filepath.Abs(cmp.Or(f.out, filepath.Join(src, "public")))
	if err != nil {
		return site.Config{}, err
	}
	if within(src, out) {
		return site.Config{}, &usageError{fmt.Sprintf("-out %s would replace the site folder", out)}
	}
	for _, dir := range sourceDirs {
		if within(out, filepath.Join(src, dir)) {
			return site.Config{}, &usageError{fmt.Sprintf("-out %s is inside the site's %s/ folder, which the build would then overwrite", out, dir)}
		}
	}
	// A symbolic link may point anywhere inside the site folder, not out.
	root, err := os.OpenRoot(src)
	if err != nil {
		return site.Config{}, fmt.Errorf("-src %s: %w", f.src, err)
	}
	cfg := site.Config{
		Src:       root.FS(),
		Root:      src,
		Theme:     theme.FS,
		ThemeName: "theme",
		Out:       out,
		BaseURL:   f.baseURL,
		Demos:     f.demos,
		Drafts:    f.drafts,
		Logf:      func(format string, args ...any) { fmt.Fprintf(os.Stderr, "sitegen: "+format+"\n", args...) },
	}
	// The theme is a root of its own: fs.Sub cannot stat without opening.
	if th, err := root.OpenRoot("theme"); err == nil {
		cfg.Theme, cfg.ThemeName = th.FS(), filepath.Join(f.src, "theme")
	} else if !errors.Is(err, fs.ErrNotExist) {
		return site.Config{}, fmt.Errorf("%s: %w", filepath.Join(f.src, "theme"), err)
	}
	return cfg, nil
}

// within reports whether path is dir or lies inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// demoState is what a site keeps between builds for its demos: the runner,
// whose lock and build cache serve every build, and the demo pages of the
// current build.
type demoState struct {
	runner *demo.Runner
	pages  []*demoPage
}

// resolver prepares what pages show for demos and inline numbers. It is
// where the demos run: one at a time, before any page renders, so that no
// timing competes with rendering. It checks every directive first (the
// demo, the file and the region shown), runs the demos the mode asks for,
// then builds every demo block and every number, so that all content
// errors surface before a page is written.
//
// A site without a folder on disk (Config.Root empty) cannot run demos:
// it gets placeholders, as -demos=off does.
func (s *Site) resolver(ctx context.Context) (markdown.Resolver, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.demoState.pages = nil
	refs, values := s.demoUses()
	if len(refs) == 0 && len(values) == 0 {
		return placeholder{}, nil
	}
	if s.cfg.Root == "" {
		s.cfg.logf("demos: the site is not in a folder on disk; %d demo blocks shown as placeholders", len(refs))
		return placeholder{}, nil
	}
	r, err := s.runner()
	if err != nil && s.cfg.Demos == demo.ModeOff {
		// Nothing runs, so a folder that is no Go module may still build.
		s.cfg.logf("demos: not checked: %v", err)
		return placeholder{}, nil
	}
	if err != nil {
		return nil, err
	}
	if !s.theme.hasDemo() {
		return nil, fmt.Errorf("%s/layouts/demo.html: the site has demos but the theme has no demo layout", s.theme.name)
	}
	sources, err := checkSources(ctx, r, refs, values)
	if err != nil {
		return nil, err
	}
	if s.demoState.pages, err = s.buildDemoPages(ctx, r, refs); err != nil {
		return nil, err
	}
	if s.cfg.Demos == demo.ModeOff {
		return placeholder{}, nil
	}
	outs, err := runDemos(ctx, r, s.cfg.Demos, refs, values)
	if err != nil {
		return nil, err
	}
	return s.prepare(refs, values, sources, outs)
}

// runner returns the site's demo runner, made on first use. Its progress
// lines go to Config.Logf, or to standard error when there is none.
func (s *Site) runner() (*demo.Runner, error) {
	if s.demoState.runner != nil {
		return s.demoState.runner, nil
	}
	var progress io.Writer = os.Stderr
	if s.cfg.Logf != nil {
		progress = &lineWriter{logf: s.cfg.Logf}
	}
	r, err := demo.New(demo.Config{Root: s.cfg.Root, Mode: s.cfg.Demos, Progress: progress, Grace: s.cfg.DemoGrace})
	if err != nil {
		return nil, err
	}
	s.demoState.runner = r
	return r, nil
}

// demoUses lists the demo directives and inline numbers of every published
// page, in reading order.
func (s *Site) demoUses() ([]*markdown.DemoRef, []*markdown.ValueRef) {
	var values []*markdown.ValueRef
	if s.intro != nil {
		values = append(values, s.intro.Values...)
	}
	for _, ch := range s.Chapters {
		values = append(values, ch.Doc.Values...)
	}
	return s.Demos(), values
}

// shown is what one directive shows of its demo's source.
type shown struct {
	// Text is the file or its region, markers removed.
	Text string
	// Shared says the file is a shared package's, named from demos/
	// ("internal/gil/gil.go"), not one of the demo's folder.
	Shared bool
}

// checkSources checks that every directive names a demo, a file and a
// region that exist, and a versus chart a demo too, and every number a
// demo, before anything runs. A file with a slash that is none of the
// demo's own is a shared package's, which the demo must import. It returns
// what each directive shows.
func checkSources(ctx context.Context, r *demo.Runner, refs []*markdown.DemoRef, values []*markdown.ValueRef) (map[*markdown.DemoRef]shown, error) {
	var errs []error
	files := map[string][]string{}
	known := func(name string) ([]string, error) {
		if f, ok := files[name]; ok {
			return f, nil
		}
		f, err := r.Files(name)
		if err == nil {
			files[name] = f
		}
		return f, err
	}
	// One go list serves every demo whose directives need its shared
	// files: to show one, or to suggest one for a file it lacks.
	var needShared []string
	for _, ref := range refs {
		have, err := known(ref.Name)
		if err != nil {
			errs = append(errs, ref.Errorf("%w", err))
			continue
		}
		if ref.ShowDefault && !slices.Contains(have, "main.go") && slices.Contains(have, "main.py") {
			ref.Show = "main.py" // a Python demo
		}
		if ref.Show != "" && (demo.IsShared(ref.Show, have) || !slices.Contains(have, ref.Show)) &&
			!slices.Contains(needShared, ref.Name) {
			needShared = append(needShared, ref.Name)
		}
	}
	shared, err := r.Shared(ctx, needShared)
	if err != nil {
		return nil, err
	}
	sources := map[*markdown.DemoRef]shown{}
	for _, ref := range refs {
		have, ok := files[ref.Name]
		if !ok || ref.Show == "" {
			continue
		}
		var sh shown
		switch {
		case demo.IsShared(ref.Show, have):
			sh.Shared = true
			sh.Text, err = r.SharedSource(ref.Name, ref.Show, ref.Region, shared[ref.Name])
		case !slices.Contains(have, ref.Show):
			err = fmt.Errorf("demo %s has no file %q (have %s)%s", ref.Name, ref.Show, strings.Join(have, ", "), suggest(ref.Show, shared[ref.Name]))
		default:
			sh.Text, err = r.Source(ref.Name, ref.Show, ref.Region)
		}
		if err != nil {
			errs = append(errs, ref.Errorf("%w", err))
			continue
		}
		sources[ref] = sh
	}
	for _, ref := range refs {
		if ref.Versus == "" {
			continue
		}
		if _, err := known(ref.Versus); err != nil {
			errs = append(errs, ref.Errorf("demo %s: chart versus:%s: %w", ref.Name, ref.Versus, err))
		}
	}
	for _, v := range values {
		if _, err := known(v.Demo); err != nil {
			errs = append(errs, v.Errorf("{{%s}}: %w", v.Raw, err))
		}
	}
	return sources, errors.Join(errs...)
}

// runDemos runs every demo the pages use, once each, and returns the
// outcomes by demo. An outcome's error is wrapped with the file and line
// of the first directive or number that uses the demo.
func runDemos(ctx context.Context, r *demo.Runner, mode demo.Mode, refs []*markdown.DemoRef, values []*markdown.ValueRef) (map[string]*demo.Outcome, error) {
	var reqs []demo.Request
	where := map[string]string{}
	for _, ref := range refs {
		reqs = append(reqs, demo.Request{Demo: ref.Name, Timeout: ref.Timeout, AllowError: ref.AllowError})
		if where[ref.Name] == "" {
			where[ref.Name] = fmt.Sprintf("%s:%d", ref.File, ref.Line)
		}
	}
	// A versus chart or a number alone does not change how its demo
	// runs; only demos that no directive shows need a request of their
	// own.
	for _, ref := range refs {
		if ref.Versus != "" && where[ref.Versus] == "" {
			reqs = append(reqs, demo.Request{Demo: ref.Versus})
			where[ref.Versus] = fmt.Sprintf("%s:%d", ref.File, ref.Line)
		}
	}
	for _, v := range values {
		if where[v.Demo] == "" {
			reqs = append(reqs, demo.Request{Demo: v.Demo})
			where[v.Demo] = fmt.Sprintf("%s:%d", v.File, v.Line)
		}
	}
	outs, err := r.Run(ctx, reqs)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil && outs == nil {
		return nil, fmt.Errorf("running demos: %w", err)
	}
	byName := map[string]*demo.Outcome{}
	var errs []error
	stale := 0
	for i := range outs {
		o := &outs[i]
		byName[o.Demo] = o
		if o.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where[o.Demo], o.Err))
		}
		if o.Stale {
			stale++
		}
	}
	if stale > 0 && mode == demo.ModeFrozen {
		return nil, fmt.Errorf("-demos=frozen: %d of %d demos need a run (build with -demos=auto and commit their frozen.json):\n%w",
			stale, len(outs), errors.Join(errs...))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return byName, nil
}

// lineWriter turns the runner's progress into one log message a line.
type lineWriter struct {
	mu   sync.Mutex
	logf func(format string, args ...any)
	buf  []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.logf("%s", w.buf[:i])
		w.buf = w.buf[i+1:]
	}
}

// placeholder shows that a demo did not run and writes a dash for each
// inline number, rather than failing, so that chapters can be written and
// read with -demos=off or before their demos exist.
type placeholder struct{}

func (placeholder) Demo(ref *markdown.DemoRef) (template.HTML, error) {
	const page = `<figure class="demo demo-placeholder" data-demo="%s"><p class="demo-status">demo %s: not run in this build</p>%s</figure>`
	caption := ""
	if ref.Caption != "" {
		caption = "<figcaption>" + template.HTMLEscapeString(ref.Caption) + "</figcaption>"
	}
	name := template.HTMLEscapeString(ref.Name)
	return template.HTML(fmt.Sprintf(page, name, name, caption)), nil
}

func (placeholder) Value(ref *markdown.ValueRef) (string, error) {
	return "—", nil
}

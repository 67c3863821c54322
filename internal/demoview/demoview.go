// Package demoview presents the demos on the pages: the block a demo
// directive becomes, the numbers quoted in prose and each demo's own page.
//
// Views resolves a site's demo directives and inline numbers (package
// markdown describes both). It checks them against demos/ before any page
// renders, each error naming the directive's file and line, then runs each
// demo used once, as the mode says: auto runs a demo whose sources changed
// since its frozen result, force every one, frozen none and fails on each
// missing or stale result, off none and shows placeholders, as does a site
// not on disk. A demo that fails to build, exits non-zero (without
// allow-error) or times out fails the build at its first use.
//
// A block shows the file or region with a link to the whole file, the
// output, the charts with their numbers as tables, the expected shape and
// whether the run met it (with the bars or a versus chart), a note when
// the run was noisy, and the machine, date and command that reproduce it.
// A timeline shows only the strategy the shown region is named after
// (show=strategies.go:threads-gil) when it has events. A demo without
// results needs chart=none. Numbers in prose are times with their unit,
// speedups and ratios with ×, metrics and parameters by their name's unit
// suffix (_s, _bytes, _per_s, _x, _pct, else a count). Each demo shown gets
// a page, demos/NAME/, with its files and the command to run it.
package demoview

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// Site is what the demo views need from the site around them.
type Site struct {
	// Root is the site folder on disk; empty for a site only in memory.
	Root string
	// Mode and Grace configure the runner (see package demo).
	Mode  demo.Mode
	Grace time.Duration
	// Logf, when set, receives progress, which else goes to standard error.
	Logf     func(format string, args ...any)
	Markdown *markdown.Markdown
	// Layout defines "demo-block" (given a Block) and "demo-files" (given
	// a Page), nil in a theme for sites without demos. LayoutFile names it
	// in errors; TemplateError makes a template's error name its file.
	Layout        *template.Template
	LayoutFile    string
	TemplateError func(error) error
	// Base is the path every URL of the site starts with, as /primer/.
	Base string
	// PageOf links to the page made from a Markdown file; zero for none.
	PageOf func(file string) Link
}

// Link is a link to a page: its title and URL.
type Link struct{ Title, URL string }

func (s *Site) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

// Views keeps the runner, whose lock and build cache serve every build,
// and what the demos showed in the last build, so that a rebuild makes
// only what changed. The zero Views is ready to use. It is not safe for
// concurrent use, but the Set that Resolve returns is.
type Views struct {
	runner *demo.Runner
	outs   map[string]*demo.Outcome
	blocks map[string]cachedBlock
	pages  map[string]*Page
	stale  map[string]bool // "" stands for every demo
}

// Forget makes the next Resolve run the named demos again, as the mode
// decides, and make their blocks and pages again; "" names every demo.
func (v *Views) Forget(names ...string) {
	if v.stale == nil {
		v.stale = map[string]bool{}
	}
	for _, n := range names {
		v.stale[n] = true
	}
}

// Outcome returns the outcome of the named demo in the last build, or nil.
func (v *Views) Outcome(name string) *demo.Outcome { return v.outs[name] }

func (v *Views) isStale(name string) bool { return v.outs[name] == nil || v.forgotten(name) }

func (v *Views) forgotten(name string) bool { return v.stale[name] || v.stale[""] }

// Set answers the pages' demo directives and inline numbers of one build
// (it is a markdown.Resolver) and holds the pages of the demos shown.
type Set struct {
	Pages  []*Page
	blocks map[*markdown.DemoRef]template.HTML // nil: placeholders
	values map[*markdown.ValueRef]string
}

// Demo returns the HTML of a directive's block.
func (s *Set) Demo(ref *markdown.DemoRef) (template.HTML, error) {
	if s.blocks == nil {
		// A placeholder rather than a failure lets chapters be written and
		// read with -demos=off.
		name, caption := template.HTMLEscapeString(ref.Name), ""
		if ref.Caption != "" {
			caption = "<figcaption>" + template.HTMLEscapeString(ref.Caption) + "</figcaption>"
		}
		return template.HTML(fmt.Sprintf(`<figure class="demo demo-placeholder" data-demo="%s"><p class="demo-status">demo %s: not run in this build</p>%s</figure>`, name, name, caption)), nil
	}
	h, ok := s.blocks[ref]
	if !ok {
		return "", ref.Errorf("demo %s: not prepared in this build", ref.Name)
	}
	return h, nil
}

// Value returns an inline number's text.
func (s *Set) Value(ref *markdown.ValueRef) (string, error) {
	if s.blocks == nil {
		return "—", nil
	}
	v, ok := s.values[ref]
	if !ok {
		return "", ref.Errorf("{{%s}}: not prepared in this build", ref.Raw)
	}
	return v, nil
}

// Resolve prepares the demo blocks, numbers and demo pages of docs, the
// parsed Markdown of every published page in reading order. Every content
// error surfaces here, before a page is written. A failed Resolve keeps
// the outcomes of demos that ran and the blocks of the last build.
func (v *Views) Resolve(ctx context.Context, site Site, docs []*markdown.Doc) (*Set, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var refs []*markdown.DemoRef
	var values []*markdown.ValueRef
	for _, d := range docs {
		refs = append(refs, d.Demos...)
		values = append(values, d.Values...)
	}
	if len(refs) == 0 && len(values) == 0 {
		return &Set{}, nil
	}
	if site.Root == "" {
		site.logf("demos: the site is not in a folder on disk; %d demo blocks shown as placeholders", len(refs))
		return &Set{}, nil
	}
	if v.runner == nil {
		cfg := demo.Config{Root: site.Root, Mode: site.Mode, Grace: site.Grace}
		if site.Logf != nil {
			cfg.Progress = logWriter(site.Logf)
		}
		r, err := demo.New(cfg)
		if err != nil && site.Mode == demo.ModeOff {
			// Nothing runs, so a folder that is no Go module may still build.
			site.logf("demos: not checked: %v", err)
			return &Set{}, nil
		}
		if err != nil {
			return nil, err
		}
		v.runner = r
	}
	r := v.runner
	if site.Layout == nil {
		return nil, fmt.Errorf("%s: the site has demos but the theme has no demo layout", site.LayoutFile)
	}
	// A directive whose block was made before, from outcomes that stay,
	// needs neither checking nor making again.
	var fresh []*markdown.DemoRef
	for _, ref := range refs {
		c, ok := v.blocks[blockKey(ref)]
		if !ok || v.isStale(ref.Name) || c.out != v.outs[ref.Name] ||
			ref.Versus != "" && (v.isStale(ref.Versus) || c.versus != v.outs[ref.Versus]) {
			fresh = append(fresh, ref)
		}
	}
	sources, err := checkSources(ctx, r, fresh, values)
	if err != nil {
		return nil, err
	}
	set := &Set{}
	if set.Pages, err = v.demoPages(ctx, site, r, refs); err != nil {
		return nil, err
	}
	if site.Mode == demo.ModeOff {
		clear(v.stale)
		return set, nil
	}
	if err := v.run(ctx, r, site.Mode, refs, values); err != nil {
		return nil, err
	}
	made := make(map[string]cachedBlock, len(fresh))
	var errs []error
	for _, ref := range fresh {
		b, err := view(site, r, ref, sources[ref], v.outs)
		if err != nil {
			errs = append(errs, ref.Errorf("%w", err))
			continue
		}
		h, err := execute(site, "demo-block", b)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		made[blockKey(ref)] = cachedBlock{out: v.outs[ref.Name], versus: v.outs[ref.Versus], html: h}
	}
	set.values = make(map[*markdown.ValueRef]string, len(values))
	for _, val := range values {
		text, err := value(v.outs[val.Demo].Results, val)
		if err != nil {
			errs = append(errs, val.Errorf("{{%s}}: %w", val.Raw, err))
			continue
		}
		set.values[val] = text
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Only the blocks of this build's directives are kept.
	set.blocks = make(map[*markdown.DemoRef]template.HTML, len(refs))
	kept := make(map[string]cachedBlock, len(refs))
	for _, ref := range refs {
		k := blockKey(ref)
		c, ok := made[k]
		if !ok {
			c = v.blocks[k]
		}
		kept[k], set.blocks[ref] = c, c.html
	}
	v.blocks = kept
	clear(v.stale)
	return set, nil
}

// cachedBlock is the HTML of a demo directive and the outcomes it shows.
type cachedBlock struct {
	out    *demo.Outcome
	versus *demo.Outcome // the compared demo's, for a versus chart
	html   template.HTML
}

// blockKey is what decides a directive's block: all but its place.
func blockKey(ref *markdown.DemoRef) string {
	k := *ref
	k.File, k.Line = "", 0
	return fmt.Sprintf("%#v", k)
}

// shown is the text a directive shows, markers removed, and its file's name,
// a shared package's from the repository's root (demos/internal/gil/gil.go).
type shown struct{ Text, Name string }

// checkSources checks, before anything runs, that the directives and
// numbers name demos, files and regions that exist, and returns what each
// directive shows.
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
	// One go list serves every demo that shows a file it lacks: a shared one.
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
		if ref.Show != "" && !slices.Contains(have, ref.Show) && !slices.Contains(needShared, ref.Name) {
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
		sh := shown{Name: ref.Show}
		switch {
		case demo.IsShared(ref.Show, have):
			sh.Name = "demos/" + ref.Show
			sh.Text, err = r.SharedSource(ref.Name, ref.Show, ref.Region, shared[ref.Name])
		case !slices.Contains(have, ref.Show):
			hint := ""
			if i := slices.IndexFunc(shared[ref.Name], func(f string) bool { return path.Base(f) == ref.Show }); i >= 0 {
				hint = "; did you mean show=" + shared[ref.Name][i] + "?"
			}
			err = fmt.Errorf("demo %s has no file %q (have %s)%s", ref.Name, ref.Show, strings.Join(have, ", "), hint)
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

// run runs the stale demos the pages use, once each, and keeps their
// outcomes; an error names the first directive or number using the demo.
func (v *Views) run(ctx context.Context, r *demo.Runner, mode demo.Mode, refs []*markdown.DemoRef, values []*markdown.ValueRef) error {
	var reqs []demo.Request
	where := map[string]string{}
	add := func(req demo.Request, file string, line int) {
		reqs = append(reqs, req)
		if where[req.Demo] == "" {
			where[req.Demo] = fmt.Sprintf("%s:%d", file, line)
		}
	}
	// Every directive of a demo that runs goes to the runner, so that
	// their timeouts and allow-error merge as in a first build.
	refs = slices.DeleteFunc(slices.Clone(refs), func(ref *markdown.DemoRef) bool {
		return !v.isStale(ref.Name) && (ref.Versus == "" || !v.isStale(ref.Versus))
	})
	for _, ref := range refs {
		add(demo.Request{Demo: ref.Name, Timeout: ref.Timeout, AllowError: ref.AllowError}, ref.File, ref.Line)
	}
	// A versus chart or a number alone does not change how its demo runs.
	for _, ref := range refs {
		if ref.Versus != "" && where[ref.Versus] == "" {
			add(demo.Request{Demo: ref.Versus}, ref.File, ref.Line)
		}
	}
	for _, val := range values {
		if v.isStale(val.Demo) && where[val.Demo] == "" {
			add(demo.Request{Demo: val.Demo}, val.File, val.Line)
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	outs, err := r.Run(ctx, reqs)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err != nil && outs == nil {
		return fmt.Errorf("running demos: %w", err)
	}
	var errs []error
	stale := 0
	for _, o := range outs {
		if o.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where[o.Demo], o.Err))
		}
		if o.Stale {
			stale++
		}
	}
	if stale > 0 && mode == demo.ModeFrozen {
		return fmt.Errorf("-demos=frozen: %d of %d demos need a run (build with -demos=auto and commit their frozen.json):\n%w",
			stale, len(outs), errors.Join(errs...))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if v.outs == nil {
		v.outs = map[string]*demo.Outcome{}
	}
	for i := range outs {
		v.outs[outs[i].Demo] = &outs[i]
	}
	return nil
}

// logWriter passes each line of the runner's progress to a Logf.
type logWriter func(format string, args ...any)

func (w logWriter) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		w("%s", strings.TrimSuffix(line, "\n"))
	}
	return len(p), nil
}

package site

import (
	"context"
	"fmt"
	"html/template"
	"slices"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// resolve prepares the demo blocks and inline numbers of docs, as resolver
// does for a whole build, but keeps the demos' outcomes between rebuilds:
// a demo used by docs runs (as the mode decides) only when rerun reports
// its name, when rerun is nil, or when no outcome of it is known yet, and
// a directive's block is made again only then or when the directive
// changed. The pages of the demos for which pages holds are made again,
// as are those of demos that had none; the others are kept. A nil pages
// keeps every demo's page.
func (l *Live) resolve(ctx context.Context, s *Site, docs []*markdown.Doc, rerun func(string) bool, pages func(string) bool) (markdown.Resolver, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	allRefs, allValues := s.demoUses()
	if len(allRefs) == 0 && len(allValues) == 0 || l.cfg.Root == "" {
		s.demoState.pages = nil
		return placeholder{}, nil
	}
	r, err := s.runner()
	if err != nil {
		return nil, err
	}
	if !s.theme.hasDemo() {
		return nil, fmt.Errorf("%s/layouts/demo.html: the site has demos but the theme has no demo layout", s.theme.name)
	}
	if rerun == nil {
		rerun = func(string) bool { return true }
		l.blocks = map[string]cachedBlock{}
	}
	// A directive whose block was made before, from the same outcome,
	// needs neither checking nor making again.
	var refs []*markdown.DemoRef
	var values []*markdown.ValueRef
	cached := map[*markdown.DemoRef]template.HTML{}
	for _, d := range docs {
		for _, ref := range d.Demos {
			if c, ok := l.blocks[blockKey(ref)]; ok && c.out == l.outs[ref.Name] && !rerun(ref.Name) &&
				(ref.Versus == "" || c.versus == l.outs[ref.Versus] && !rerun(ref.Versus)) {
				cached[ref] = c.html
			} else {
				refs = append(refs, ref)
			}
		}
		values = append(values, d.Values...)
	}
	sources, err := checkSources(ctx, r, refs, values)
	if err != nil {
		return nil, err
	}
	if s.demoState.pages, err = s.remakeDemoPages(ctx, r, allRefs, pages); err != nil {
		return nil, err
	}
	if l.cfg.Demos == demo.ModeOff {
		return placeholder{}, nil
	}
	need := map[string]bool{}
	for _, d := range docs {
		for _, ref := range d.Demos {
			need[ref.Name] = need[ref.Name] || l.outs[ref.Name] == nil || rerun(ref.Name)
			if ref.Versus != "" {
				// The runner is asked for the compared demo through
				// this directive (see runDemos).
				need[ref.Name] = need[ref.Name] || l.outs[ref.Versus] == nil || rerun(ref.Versus)
			}
		}
		for _, v := range d.Values {
			need[v.Demo] = need[v.Demo] || l.outs[v.Demo] == nil || rerun(v.Demo)
		}
	}
	// Every directive of a demo that runs goes to the runner, so that
	// their timeouts and allow-error merge as in a whole build.
	var runRefs []*markdown.DemoRef
	var runValues []*markdown.ValueRef
	for _, ref := range allRefs {
		if need[ref.Name] {
			runRefs = append(runRefs, ref)
		}
	}
	for _, v := range allValues {
		if need[v.Demo] {
			runValues = append(runValues, v)
		}
	}
	if len(runRefs)+len(runValues) > 0 {
		outs, err := runDemos(ctx, r, l.cfg.Demos, runRefs, runValues)
		if err != nil {
			return nil, err
		}
		if l.outs == nil {
			l.outs = outs
		} else {
			for name, o := range outs {
				l.outs[name] = o
			}
		}
	}
	res, err := s.prepare(refs, values, sources, l.outs)
	if err != nil {
		return nil, err
	}
	for _, ref := range refs {
		if h, err := res.Demo(ref); err == nil {
			l.blocks[blockKey(ref)] = cachedBlock{out: l.outs[ref.Name], versus: l.outs[ref.Versus], html: h}
		}
	}
	return &liveResolver{Resolver: res, cached: cached}, nil
}

// remakeDemoPages returns the pages of the demos refs show, in the order
// buildDemoPages gives them: made again for the demos for which remake
// holds, and for those that had no page; kept from s for the others.
func (s *Site) remakeDemoPages(ctx context.Context, r *demo.Runner, refs []*markdown.DemoRef, remake func(string) bool) ([]*demoPage, error) {
	old := map[string]*demoPage{}
	for _, d := range s.demoState.pages {
		old[d.Name] = d
	}
	var want []*markdown.DemoRef
	for _, ref := range refs {
		if remake != nil && remake(ref.Name) || old[ref.Name] == nil {
			want = append(want, ref)
		}
	}
	var made []*demoPage
	if len(want) > 0 {
		var err error
		if made, err = s.buildDemoPages(ctx, r, want); err != nil {
			return nil, err
		}
	}
	byName := map[string]*demoPage{}
	for _, d := range made {
		byName[d.Name] = d
	}
	var pages []*demoPage
	for _, ref := range refs {
		d := byName[ref.Name]
		if d == nil {
			d = old[ref.Name]
		}
		if !slices.Contains(pages, d) {
			pages = append(pages, d)
		}
	}
	return pages, nil
}

// cachedBlock is the HTML of a demo directive and the outcome it shows.
type cachedBlock struct {
	out    *demo.Outcome
	versus *demo.Outcome // the compared demo's, for a versus chart
	html   template.HTML
}

// blockKey identifies a directive by what decides its block: everything
// but its place in the file.
func blockKey(ref *markdown.DemoRef) string {
	k := *ref
	k.File, k.Line = "", 0
	return fmt.Sprintf("%#v", k)
}

// liveResolver answers with the blocks kept from earlier builds first.
type liveResolver struct {
	markdown.Resolver
	cached map[*markdown.DemoRef]template.HTML
}

func (r *liveResolver) Demo(ref *markdown.DemoRef) (template.HTML, error) {
	if h, ok := r.cached[ref]; ok {
		return h, nil
	}
	return r.Resolver.Demo(ref)
}

// liveDocs lists the parsed Markdown of every published page.
func liveDocs(s *Site) []*markdown.Doc {
	var docs []*markdown.Doc
	if s.intro != nil {
		docs = append(docs, s.intro)
	}
	for _, ch := range s.Chapters {
		docs = append(docs, ch.Doc)
	}
	return docs
}

// usesDemo reports whether d shows or quotes a demo for which match holds.
func usesDemo(d *markdown.Doc, match func(string) bool) bool {
	for _, ref := range d.Demos {
		if match(ref.Name) || ref.Versus != "" && match(ref.Versus) {
			return true
		}
	}
	for _, v := range d.Values {
		if match(v.Demo) {
			return true
		}
	}
	return false
}

package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/chart"
	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/results"
)

// demoView is what the template "demo-block" of layouts/demo.html sees for
// one demo directive. Go computes every field; the template only places
// them.
type demoView struct {
	// Name is the demo's folder under demos/.
	Name string
	// Caption is the directive's text, its inline Markdown rendered.
	Caption template.HTML
	// Source is the highlighted file or region shown, empty for show=none;
	// SourceFile names the file as the demo's page does (pageName),
	// Region the region ("" for all of it).
	Source             template.HTML
	SourceFile, Region string
	// FileURL links to the file on the demo's page, PageURL to the page.
	FileURL, PageURL string
	// ShowOutput says whether Output, the standard output exactly as
	// printed (plain text, with the runner's truncation note), is shown.
	ShowOutput bool
	Output     string
	// Stderr is the standard error of a demo that exited non-zero under
	// allow-error, with its ExitCode; empty otherwise.
	Stderr   string
	ExitCode int
	// Machine and Date stamp the run ("2 × AMD EPYC 7B13, linux/amd64,
	// go1.26.8, GOMAXPROCS=2" and "2026-11-26"); empty without results.
	Machine, Date string
	// Command reproduces the run: "go run ./demos/cpu" or
	// "python3 demos/cpu-py/main.py".
	Command string
	// NoPython, for a Python demo, says why no Python could run it where
	// the site was built ("no Python 3.13 or later was found"), so that
	// the results are the frozen ones; empty otherwise.
	NoPython string
	// Versus stamps the other demo of a versus chart; nil without one.
	Versus *versusStamp
	// Noisy, when set, says in a sentence why the times are less reliable.
	Noisy string
	// Charts are the SVG charts asked for; Tables their numbers (the
	// demo's, then those of a versus chart).
	Charts []template.HTML
	Tables []template.HTML
	// HasCheck says whether the block shows the expected shape (with the
	// bars, when the results state one):
	// Expected in words, whether this run met it (CheckOK) and each claim.
	HasCheck bool
	Expected string
	CheckOK  bool
	Claims   []claimView
}

// versusStamp says where the numbers of the other demo of a versus chart
// come from, as the block's own stamp does for its demo. It does not link
// to that demo's page, which exists only when a directive shows the demo.
type versusStamp struct {
	Name, Machine, Date, Command string
}

// claimView is one expected property of a run and whether it held, in
// words and with a mark, so that colour is never the only signal.
type claimView struct {
	OK                       bool
	Mark, Verdict, Text, Got string
}

// resolved is the Resolver of a build whose demos ran: every block and
// number is computed before rendering, which only looks them up.
type resolved struct {
	blocks map[*markdown.DemoRef]template.HTML
	values map[*markdown.ValueRef]string
}

func (r *resolved) Demo(ref *markdown.DemoRef) (template.HTML, error) {
	h, ok := r.blocks[ref]
	if !ok {
		return "", ref.Errorf("demo %s: not prepared in this build", ref.Name)
	}
	return h, nil
}

func (r *resolved) Value(ref *markdown.ValueRef) (string, error) {
	v, ok := r.values[ref]
	if !ok {
		return "", ref.Errorf("{{%s}}: not prepared in this build", ref.Raw)
	}
	return v, nil
}

// prepare computes every demo block and number of the build from the
// outcomes.
func (s *Site) prepare(refs []*markdown.DemoRef, values []*markdown.ValueRef, sources map[*markdown.DemoRef]shown, outs map[string]*demo.Outcome) (*resolved, error) {
	res := &resolved{blocks: map[*markdown.DemoRef]template.HTML{}, values: map[*markdown.ValueRef]string{}}
	var errs []error
	for _, ref := range refs {
		v, err := s.demoView(ref, sources[ref], outs)
		if err != nil {
			errs = append(errs, ref.Errorf("%w", err))
			continue
		}
		var b bytes.Buffer
		if err := s.theme.pages["demo"].ExecuteTemplate(&b, "demo-block", v); err != nil {
			return nil, s.theme.templateError(err)
		}
		res.blocks[ref] = template.HTML(b.String())
	}
	for _, v := range values {
		o := outs[v.Demo]
		if o == nil {
			errs = append(errs, v.Errorf("{{%s}}: demo %s did not run", v.Raw, v.Demo))
			continue
		}
		text, err := value(o.Results, v)
		if err != nil {
			errs = append(errs, v.Errorf("{{%s}}: %w", v.Raw, err))
			continue
		}
		res.values[v] = text
	}
	return res, errors.Join(errs...)
}

// demoView computes the view of one directive from the outcomes of the
// build's demos.
func (s *Site) demoView(ref *markdown.DemoRef, src shown, outs map[string]*demo.Outcome) (*demoView, error) {
	o := outs[ref.Name]
	if o == nil {
		return nil, fmt.Errorf("demo %s did not run", ref.Name)
	}
	command, err := s.demoState.runner.Command(ref.Name)
	if err != nil {
		return nil, err
	}
	page := s.demoURL(ref.Name)
	caption, err := s.md.Inline(ref.Caption)
	if err != nil {
		return nil, fmt.Errorf("demo %s: caption: %w", ref.Name, err)
	}
	v := &demoView{
		Name: ref.Name, Caption: caption, PageURL: page,
		Command:    command,
		ShowOutput: ref.Output, Output: o.Stdout,
	}
	if o.NoPython {
		v.NoPython = cmp.Or(o.Missing, "no Python could run it")
	}
	if o.ExitCode != 0 {
		v.Stderr, v.ExitCode = o.Stderr, o.ExitCode
		if v.Stderr == "" {
			v.Stderr = "(nothing)\n"
		}
	}
	if ref.Show != "" {
		v.SourceFile, v.Region = pageName(ref.Show, src.Shared), ref.Region
		v.FileURL = page + "#" + fileID(v.SourceFile)
		title := v.SourceFile
		if ref.Region != "" {
			title += " · " + ref.Region
		}
		var b bytes.Buffer
		if err := s.md.Highlight(&b, src.Text, markdown.CodeOptions{Lang: langOf(ref.Show), Title: title}); err != nil {
			return nil, err
		}
		v.Source = template.HTML(b.String())
	}
	r := o.Results
	if r == nil {
		if len(ref.Charts) > 0 && o.ExitCode == 0 {
			return nil, fmt.Errorf("demo %s wrote no results to chart (use chart=none)", ref.Name)
		}
		return v, nil
	}
	v.Machine, v.Date = machine(r.Env), r.Env.Time.UTC().Format("2006-01-02")
	v.Noisy = noisy(r)
	var other *results.Results
	if ref.Versus != "" {
		if other, v.Versus, err = s.versusOf(ref, outs[ref.Versus]); err != nil {
			return nil, err
		}
	}
	for _, c := range ref.Charts {
		var h template.HTML
		var err error
		switch c {
		case "bars":
			h, err = chart.Bars(r)
		case "timeline":
			h, err = chart.Timeline(r, timelineOf(r, ref.Region)...)
		case "versus":
			h, err = chart.Versus(r, other)
		}
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", ref.Name, err)
		}
		v.Charts = append(v.Charts, h)
	}
	if len(v.Charts) > 0 {
		t, err := chart.Table(r)
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", ref.Name, err)
		}
		v.Tables = append(v.Tables, t)
	}
	if other != nil {
		t, err := chart.VersusTable(r, other)
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", ref.Name, err)
		}
		v.Tables = append(v.Tables, t)
	}
	// The expected shape speaks of the strategies' times: it goes with
	// the bars, or the versus chart, which shows them too.
	v.HasCheck = (slices.Contains(ref.Charts, "bars") || ref.Versus != "") && (r.Check.Expected != "" || len(r.Check.Claims) > 0)
	v.Expected, v.CheckOK = strings.TrimSuffix(r.Check.Expected, "."), r.Check.OK
	for _, c := range r.Check.Claims {
		cv := claimView{OK: c.OK, Mark: "✓", Verdict: "held", Text: c.Claim, Got: c.Got}
		if !c.OK {
			cv.Mark, cv.Verdict = "✗", "did not hold"
		}
		v.Claims = append(v.Claims, cv)
	}
	return v, nil
}

// versusOf returns the results a versus chart compares the directive's
// demo with, from o, the other demo's outcome, and the stamp that says
// where they were measured.
func (s *Site) versusOf(ref *markdown.DemoRef, o *demo.Outcome) (*results.Results, *versusStamp, error) {
	if o == nil {
		return nil, nil, fmt.Errorf("demo %s: chart versus:%s: demo %s did not run", ref.Name, ref.Versus, ref.Versus)
	}
	if o.Results == nil {
		return nil, nil, fmt.Errorf("demo %s: chart versus:%s: demo %s wrote no results", ref.Name, ref.Versus, ref.Versus)
	}
	command, err := s.demoState.runner.Command(ref.Versus)
	if err != nil {
		return nil, nil, err
	}
	e := o.Results.Env
	return o.Results, &versusStamp{Name: ref.Versus, Machine: machine(e),
		Date: e.Time.UTC().Format("2006-01-02"), Command: command}, nil
}

// timelineOf picks the strategies a timeline shows: the one the directive's
// region is named after when it has events (show=strategies.go:threads-gil
// shows the threads-gil timeline), else every strategy with events.
func timelineOf(r *results.Results, region string) []string {
	if region == "" {
		return nil
	}
	for _, ev := range r.Timeline {
		if ev.Strategy == region {
			return []string{region}
		}
	}
	return nil
}

// parseDemoLayout parses layouts/demo.html when the theme has it: it
// defines "main" for a demo's page, "demo-block" for a directive (with a
// demoView) and "demo-files" for the body of a demo's page (with a
// demoPage). A theme without it can build only sites without demos.
func (t *themeFiles) parseDemoLayout(ctx context.Context, fsys fs.FS, base *template.Template) error {
	if _, err := fs.Stat(fsys, "layouts/demo.html"); err != nil {
		return nil
	}
	c, err := base.Clone()
	if err != nil {
		return fmt.Errorf("%s/layouts/demo.html: %w", t.name, err)
	}
	if t.pages["demo"], err = t.parse(ctx, fsys, c.New("demo.html"), "demo.html"); err != nil {
		return err
	}
	for _, name := range []string{"demo-block", "demo-files"} {
		if t.pages["demo"].Lookup(name) == nil {
			return fmt.Errorf("%s/layouts/demo.html: no template %q defined", t.name, name)
		}
	}
	return nil
}

func (t *themeFiles) hasDemo() bool { return t.pages["demo"] != nil }

package demoview

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/chart"
	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/results"
)

// Block is what the template "demo-block" of layouts/demo.html sees for
// one demo directive. Go computes every field; the template only places
// them.
type Block struct {
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
	Versus *VersusStamp
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
	Claims   []Claim
}

// VersusStamp says where the numbers of the other demo of a versus chart
// come from, as the block's own stamp does for its demo. It does not link
// to that demo's page, which exists only when a directive shows the demo.
type VersusStamp struct {
	Name, Machine, Date, Command string
}

// Claim is one expected property of a run and whether it held, in
// words and with a mark, so that colour is never the only signal.
type Claim struct {
	OK                       bool
	Mark, Verdict, Text, Got string
}

// blockMaker makes the blocks of one build.
type blockMaker struct {
	site   Site
	runner *demo.Runner
}

// block makes the HTML of one directive from the outcomes of the demos.
func (b *blockMaker) block(ref *markdown.DemoRef, src shown, outs map[string]*demo.Outcome) (template.HTML, error) {
	v, err := b.view(ref, src, outs)
	if err != nil {
		return "", ref.Errorf("%w", err)
	}
	var buf bytes.Buffer
	if err := b.site.Layout.ExecuteTemplate(&buf, "demo-block", v); err != nil {
		return "", b.site.TemplateError(err)
	}
	return template.HTML(buf.String()), nil
}

// view computes the view of one directive from the outcomes of the
// build's demos.
func (b *blockMaker) view(ref *markdown.DemoRef, src shown, outs map[string]*demo.Outcome) (*Block, error) {
	o := outs[ref.Name]
	if o == nil {
		return nil, fmt.Errorf("demo %s did not run", ref.Name)
	}
	command, err := b.runner.Command(ref.Name)
	if err != nil {
		return nil, err
	}
	page := demoURL(b.site.Base, ref.Name)
	v := &Block{
		Name: ref.Name, Caption: b.site.Markdown.Inline(ref.Caption), PageURL: page,
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
		var buf bytes.Buffer
		if err := b.site.Markdown.Highlight(&buf, src.Text, markdown.CodeOptions{Lang: langOf(ref.Show), Title: title}); err != nil {
			return nil, err
		}
		v.Source = template.HTML(buf.String())
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
		if other, v.Versus, err = b.versusOf(ref, outs[ref.Versus]); err != nil {
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
		cv := Claim{OK: c.OK, Mark: "✓", Verdict: "held", Text: c.Claim, Got: c.Got}
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
func (b *blockMaker) versusOf(ref *markdown.DemoRef, o *demo.Outcome) (*results.Results, *VersusStamp, error) {
	if o == nil {
		return nil, nil, fmt.Errorf("demo %s: chart versus:%s: demo %s did not run", ref.Name, ref.Versus, ref.Versus)
	}
	if o.Results == nil {
		return nil, nil, fmt.Errorf("demo %s: chart versus:%s: demo %s wrote no results", ref.Name, ref.Versus, ref.Versus)
	}
	command, err := b.runner.Command(ref.Versus)
	if err != nil {
		return nil, nil, err
	}
	e := o.Results.Env
	return o.Results, &VersusStamp{Name: ref.Versus, Machine: machine(e),
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

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
// one demo directive: Go computes every field, the template only places
// them. Stderr and ExitCode show a demo that failed under allow-error;
// NoPython says why no Python here could run a Python demo, whose
// committed results then show; Noisy why the times are less reliable.
type Block struct {
	Stamp
	Caption                      template.HTML // the directive's text, rendered
	Source                       template.HTML // empty for show=none
	SourceFile, FileURL, PageURL string
	ShowOutput                   bool
	Output, Stderr               string
	ExitCode                     int
	NoPython, Noisy              string
	Versus                       *Stamp // the compared demo's, for a versus chart
	Charts, Tables               []template.HTML
	HasCheck, CheckOK            bool // whether the expected shape shows, and was met
	Expected                     string
	Claims                       []Claim
}

// Stamp says where a demo's numbers come from, so that a reader can
// reproduce them: the machine and date of the run (empty without
// results) and the command.
type Stamp struct{ Name, Machine, Date, Command string }

// Claim is one expected property of a run and whether it held, in words
// and with a mark, so that colour is never the only signal.
type Claim struct {
	OK                       bool
	Mark, Verdict, Text, Got string
}

func stamp(r *demo.Runner, name string, res *results.Results) (Stamp, error) {
	command, err := r.Command(name)
	s := Stamp{Name: name, Command: command}
	if res != nil {
		s.Machine, s.Date = machine(res.Env), res.Env.Time.UTC().Format("2006-01-02")
	}
	return s, err
}

// execute renders the layout's template name with data.
func execute(site Site, name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := site.Layout.ExecuteTemplate(&b, name, data); err != nil {
		return "", site.TemplateError(err)
	}
	return template.HTML(b.String()), nil
}

// view computes the block of one directive from the build's outcomes,
// which hold those of its demo and of the demo it compares it with.
func view(site Site, run *demo.Runner, ref *markdown.DemoRef, src shown, outs map[string]*demo.Outcome) (*Block, error) {
	o := outs[ref.Name]
	st, err := stamp(run, ref.Name, o.Results)
	if err != nil {
		return nil, err
	}
	v := &Block{Stamp: st, Caption: site.Markdown.Inline(ref.Caption), PageURL: demoURL(site.Base, ref.Name), ShowOutput: ref.Output, Output: o.Stdout}
	if o.NoPython {
		v.NoPython = cmp.Or(o.Missing, "no Python could run it")
	}
	if o.ExitCode != 0 {
		v.Stderr, v.ExitCode = cmp.Or(o.Stderr, "(nothing)\n"), o.ExitCode
	}
	if ref.Show != "" {
		v.SourceFile = src.Name
		v.FileURL = v.PageURL + "#" + fileID(v.SourceFile)
		title := strings.TrimSuffix(v.SourceFile+" · "+ref.Region, " · ")
		if v.Source, err = markdown.Highlight(src.Text, markdown.CodeOptions{Lang: langOf(ref.Show), Title: title}); err != nil {
			return nil, err
		}
	}
	r := o.Results
	if r == nil {
		if len(ref.Charts) > 0 && o.ExitCode == 0 {
			return nil, fmt.Errorf("demo %s wrote no results to chart (use chart=none)", ref.Name)
		}
		return v, nil
	}
	v.Noisy = noisy(r)
	var other *results.Results
	if ref.Versus != "" {
		if outs[ref.Versus].Results == nil {
			return nil, fmt.Errorf("demo %s: chart versus:%s: demo %s wrote no results", ref.Name, ref.Versus, ref.Versus)
		}
		other = outs[ref.Versus].Results
		vs, err := stamp(run, ref.Versus, other)
		if err != nil {
			return nil, err
		}
		v.Versus = &vs
	}
	var only []string // a region named after a strategy with events shows its timeline alone
	if slices.ContainsFunc(r.Timeline, func(e results.Event) bool { return e.Strategy == ref.Region && e.Strategy != "" }) {
		only = []string{ref.Region}
	}
	add := func(to *[]template.HTML) func(template.HTML, error) {
		return func(h template.HTML, e error) { *to, err = append(*to, h), cmp.Or(err, e) }
	}
	chartOf, tableOf := add(&v.Charts), add(&v.Tables)
	for _, c := range ref.Charts {
		switch c {
		case "bars":
			chartOf(chart.Bars(r))
		case "timeline":
			chartOf(chart.Timeline(r, only...))
		case "versus":
			chartOf(chart.Versus(r, other))
		}
	}
	if len(v.Charts) > 0 {
		tableOf(chart.Table(r))
	}
	if other != nil {
		tableOf(chart.VersusTable(r, other))
	}
	if err != nil {
		return nil, fmt.Errorf("demo %s: %w", ref.Name, err)
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

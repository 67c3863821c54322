package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
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
	// Name is the demo's folder under demos/; Caption the directive's text.
	Name, Caption string
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
	// Command reproduces the run: "go run ./demos/cpu".
	Command string
	// Noisy, when set, says in a sentence why the times are less reliable.
	Noisy string
	// Charts are the SVG charts asked for; Table their numbers.
	Charts []template.HTML
	Table  template.HTML
	// HasCheck says whether the block shows the expected shape (with the
	// bars, when the results state one):
	// Expected in words, whether this run met it (CheckOK) and each claim.
	HasCheck bool
	Expected string
	CheckOK  bool
	Claims   []claimView
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
		v, err := s.demoView(ref, sources[ref], outs[ref.Name])
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

// demoView computes the view of one directive.
func (s *Site) demoView(ref *markdown.DemoRef, src shown, o *demo.Outcome) (*demoView, error) {
	if o == nil {
		return nil, fmt.Errorf("demo %s did not run", ref.Name)
	}
	page := s.demoURL(ref.Name)
	v := &demoView{
		Name: ref.Name, Caption: ref.Caption, PageURL: page,
		Command:    "go run ./demos/" + ref.Name,
		ShowOutput: ref.Output, Output: o.Stdout,
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
	for _, c := range ref.Charts {
		var h template.HTML
		var err error
		switch c {
		case "bars":
			h, err = chart.Bars(r)
		case "timeline":
			h, err = chart.Timeline(r, timelineOf(r, ref.Region)...)
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
		v.Table = t
	}
	// The expected shape speaks of the strategies' times: it goes with
	// the bars.
	v.HasCheck = slices.Contains(ref.Charts, "bars") && (r.Check.Expected != "" || len(r.Check.Claims) > 0)
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

// machine names the machine of a run in words: "2 × AMD EPYC 7B13,
// linux/amd64, go1.26.8, GOMAXPROCS=2".
func machine(e results.Env) string {
	return fmt.Sprintf("%d × %s, %s/%s, %s, GOMAXPROCS=%d", e.Cores, e.CPU, e.OS, e.Arch, e.Go, e.GOMAXPROCS)
}

// noisy explains why a run's times are less reliable, or returns "".
func noisy(r *results.Results) string {
	if !r.Env.Noisy && !r.Check.Noisy {
		return ""
	}
	msg := "Another program competed for the processor during this run, so its times are less reliable than usual."
	if r.Env.Load1 > 0 {
		msg += fmt.Sprintf(" The load average was %s when it started, on %d cores.", chart.Number(r.Env.Load1), r.Env.Cores)
	}
	return msg
}

// langOf names the chroma lexer for a demo file by its extension.
func langOf(file string) string {
	switch ext := strings.TrimPrefix(path.Ext(file), "."); ext {
	case "txt", "":
		return "text"
	default:
		return ext
	}
}

// pageName is how a demo's page and blocks name a file shown: a file of
// the demo's folder by its path there ("main.go"), a shared package's by
// its path from the repository's root ("demos/internal/gil/gil.go").
func pageName(file string, shared bool) string {
	if shared {
		return "demos/" + file
	}
	return file
}

// fileID is the id of a file's section on its demo's page.
func fileID(file string) string {
	return "file-" + strings.NewReplacer("/", "-", " ", "-").Replace(file)
}

// parseDemoLayout parses layouts/demo.html when the theme has it: it
// defines "main" for a demo's page, "demo-block" for a directive (with a
// demoView) and "demo-files" for the body of a demo's page (with a
// demoPage). A theme without it can build only sites without demos.
func (t *themeFiles) parseDemoLayout(fsys fs.FS, base *template.Template) error {
	if _, err := fs.Stat(fsys, "layouts/demo.html"); err != nil {
		return nil
	}
	c, err := base.Clone()
	if err != nil {
		return fmt.Errorf("%s/layouts/demo.html: %w", t.name, err)
	}
	if t.pages["demo"], err = t.parse(fsys, c.New("demo.html"), "demo.html"); err != nil {
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

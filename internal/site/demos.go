package site

import (
	"context"
	"fmt"
	"html/template"

	"github.com/concurrency-primer/site/internal/markdown"
)

// resolver prepares what pages show for demos and inline numbers. It is
// where the demos run: one at a time, before any page renders (s.Demos()
// lists them), so that no timing competes with rendering.
//
// The demo runner is not wired in yet: every mode renders placeholders.
func (s *Site) resolver(ctx context.Context) (markdown.Resolver, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return placeholder{}, nil
}

// placeholder shows that a demo did not run and writes a dash for each
// inline number, rather than failing, so that chapters can be written and
// read before their demos exist. It checks nothing about the demos: the
// runner reports unknown demos, files, regions, strategies and metrics.
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

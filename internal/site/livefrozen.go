package site

import (
	"context"

	"github.com/concurrency-primer/site/internal/demo"
)

// shown reports whether file, a demo's frozen.json, holds the outcome of
// that demo that the pages show: the result the runner wrote after a run,
// or one read before and written again unchanged. Such a change needs no
// rebuild.
func (l *Live) shown(file string) bool {
	kind, name := classify(file)
	if kind != "results" {
		return false
	}
	o := l.outs[name]
	if o == nil || o.Skipped {
		return false
	}
	data, err := readSource(context.Background(), l.cfg.Src, file)
	if err != nil {
		return false
	}
	return demo.Holds(data, o)
}

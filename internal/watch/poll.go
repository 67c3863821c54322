package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"
)

// stamp is what poll mode compares between two scans.
type stamp struct {
	size  int64
	mtime time.Time
	dir   bool
}

// poll watches by scanning the roots every PollInterval until ctx is done.
func (w *watcher) poll(ctx context.Context, roots []string, fn func(Batch)) error {
	prev, err := w.scan(roots)
	if err != nil {
		return err
	}
	w.ready()

	tick := time.NewTicker(w.opts.PollInterval)
	defer tick.Stop()
	timer := debounce()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			cur, err := w.scan(roots)
			if err != nil {
				w.logf("watch: %v", err)
				continue
			}
			if w.diff(prev, cur) {
				timer.Reset(w.opts.Debounce)
			}
			prev = cur
		case <-timer.C:
			w.flush(fn)
		}
	}
}

// scan stats every path under roots that is not left out.
func (w *watcher) scan(roots []string) (map[string]stamp, error) {
	m := map[string]stamp{}
	for _, r := range roots {
		err := filepath.WalkDir(r, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					// A root removed (to be made again by a checkout)
					// holds nothing: its files are reported when it
					// goes, and again when it is back.
					return nil
				}
				return err
			}
			if path == r {
				m[filepath.Clean(r)] = stamp{dir: true}
			}
			if path != r && w.filter.skip(path) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil // removed since it was listed
			}
			if path != r {
				m[path] = stamp{size: info.Size(), mtime: info.ModTime(), dir: d.IsDir()}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("watching %s: %w", r, err)
		}
	}
	return m, nil
}

// diff records the differences between two scans and reports whether there
// were any.
func (w *watcher) diff(prev, cur map[string]stamp) bool {
	changed := false
	for p, s := range cur {
		old, ok := prev[p]
		switch {
		case !ok:
			changed = w.record(p, true) || changed
		case old.dir != s.dir:
			changed = w.record(p, true) || changed
		case !s.dir && (old.size != s.size || !old.mtime.Equal(s.mtime)):
			changed = w.record(p, false) || changed
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			changed = w.record(p, false) || changed
		}
	}
	return changed
}

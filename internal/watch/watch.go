// Package watch reports changes under a set of folders as debounced batches.
//
// fsnotify is not recursive: Watch watches every folder under each root,
// adds folders made later and reports what they hold (mkdir -p, unzip),
// and watches the folder above each root so that a root made again (git
// checkout) is watched again. Changes gather until the file system has
// been quiet for 40ms, so that an editor's write-rename-chmod or a checkout
// is one Batch. Left out are paths created and removed within a batch,
// editor temporary files, version-control folders and attribute changes.
// For file systems that send no events, Options.Poll scans the roots.
package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Batch lists the paths changed in one burst, each once, sorted; it says
// that a path changed, not what is there now.
type Batch []string

// Options configures Watch. The zero value is ready to use.
type Options struct {
	// Poll scans the roots twice a second instead of asking the operating
	// system for events.
	Poll bool
	// debounce and pollInterval replace 40ms and 500ms when set.
	debounce, pollInterval time.Duration
	// Ready, when set, is called once every root is watched: a change made
	// after it returns is reported.
	Ready func()
	// Logf, when set, receives problems that do not stop watching.
	Logf func(format string, args ...any)
}

// watcher is owned by the goroutine of Watch.
type watcher struct {
	fw      *fsnotify.Watcher // nil in poll mode
	roots   map[string]string // each cleaned root to the form it is walked in
	parents map[string]bool   // the folders above the roots, watched for their names
	pending map[string]bool   // each changed path to whether it was created
	logf    func(format string, args ...any)
}

// Watch reports changes under roots to fn, one batch at a time, until ctx
// is done, then returns nil. It returns an error if a root cannot be
// watched.
func Watch(ctx context.Context, roots []string, opts Options, fn func(Batch)) error {
	debounce := cmp.Or(opts.debounce, 40*time.Millisecond)
	w := &watcher{roots: map[string]string{}, parents: map[string]bool{}, pending: map[string]bool{}, logf: opts.Logf}
	if w.logf == nil {
		w.logf = func(string, ...any) {}
	}
	for _, r := range roots {
		info, err := os.Stat(r)
		if err == nil && !info.IsDir() {
			err = errors.New("not a folder")
		}
		if err != nil {
			return fmt.Errorf("watching %s: %w", r, err)
		}
		// The trailing separator walks through a root that is a link.
		w.roots[filepath.Clean(r)] = r + string(filepath.Separator)
	}
	var (
		events <-chan fsnotify.Event
		errs   <-chan error
		tick   <-chan time.Time
		prev   map[string]stamp
	)
	if opts.Poll {
		var err error
		if prev, err = w.scan(); err != nil {
			return err
		}
		t := time.NewTicker(cmp.Or(opts.pollInterval, 500*time.Millisecond))
		defer t.Stop()
		tick = t.C
	} else {
		fw, err := fsnotify.NewWatcher()
		if err != nil {
			return fmt.Errorf("watching: %w", err)
		}
		defer fw.Close()
		w.fw, events, errs = fw, fw.Events, fw.Errors
		for clean, r := range w.roots {
			w.parents[filepath.Dir(clean)] = true
			if err := fw.Add(filepath.Dir(clean)); err != nil {
				return fmt.Errorf("watching %s: %w", filepath.Dir(clean), err)
			}
			if err := w.addTree(r, false); err != nil {
				return fmt.Errorf("watching %s: %w", r, err)
			}
		}
	}
	if opts.Ready != nil {
		opts.Ready()
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		kept := false
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
			w.flush(fn)
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			kept = w.event(ev)
		case err, ok := <-errs:
			if !ok {
				return nil
			}
			w.logf("watch: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: anything under a root may have changed.
				for clean := range w.roots {
					kept = w.record(clean, false)
				}
			}
		case <-tick:
			cur, err := w.scan()
			if err != nil {
				w.logf("watch: %v", err)
				continue
			}
			for p, s := range cur {
				if old, ok := prev[p]; !ok || old != s {
					kept = w.record(p, !ok || old.dir != s.dir) || kept
				}
			}
			for p := range prev {
				if _, ok := cur[p]; !ok {
					kept = w.record(p, false) || kept
				}
			}
			prev = cur
		}
		if kept {
			timer.Reset(debounce)
		}
	}
}

// record adds a change to the batch and reports whether it was kept.
func (w *watcher) record(path string, created bool) bool {
	if ignored(filepath.Base(path)) {
		return false
	}
	if _, seen := w.pending[path]; !seen {
		w.pending[path] = created
	}
	return true
}

func (w *watcher) flush(fn func(Batch)) {
	var b Batch
	for p, created := range w.pending {
		// Created and gone within one burst: nothing changed on disk.
		if _, err := os.Lstat(p); err == nil || !created {
			b = append(b, p)
		}
	}
	clear(w.pending)
	if len(b) > 0 {
		slices.Sort(b)
		fn(b)
	}
}

// event records one fsnotify event and reports whether it was kept.
func (w *watcher) event(ev fsnotify.Event) bool {
	if !ev.Has(fsnotify.Create | fsnotify.Write | fsnotify.Remove | fsnotify.Rename) {
		return false
	}
	name := filepath.Clean(ev.Name)
	dir := cmp.Or(w.roots[name], name) // a root is walked in its own form
	isRoot := dir != name
	if !isRoot && w.parents[filepath.Dir(name)] {
		return false // a sibling of a root
	}
	if isRoot && ev.Has(fsnotify.Remove|fsnotify.Rename) {
		// A folder moved away keeps its watches, which would report its
		// changes under the root's name.
		for _, p := range w.fw.WatchList() {
			if p == name || strings.HasPrefix(p, name+string(filepath.Separator)) {
				_ = w.fw.Remove(p)
			}
		}
	}
	created := ev.Has(fsnotify.Create)
	if !w.record(name, created) {
		return false
	}
	if info, err := os.Stat(dir); created && err == nil && info.IsDir() {
		if err := w.addTree(dir, true); err != nil {
			w.logf("watch: adding %s: %v", name, err)
		}
	}
	return true
}

// addTree watches dir and every folder under it. With report, what it finds
// is recorded as created, as it may predate the watch.
func (w *watcher) addTree(dir string, report bool) error {
	return walk(dir, func(path string, d fs.DirEntry) error {
		if report && path != dir {
			w.record(path, true)
		}
		if d.IsDir() {
			if err := w.fw.Add(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
}

// walk calls fn for dir and everything under it that is not ignored,
// skipping what is removed meanwhile.
func walk(dir string, fn func(path string, d fs.DirEntry) error) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case path != dir && ignored(d.Name()) && d.IsDir():
			return filepath.SkipDir
		case path != dir && ignored(d.Name()):
			return nil
		}
		return fn(path, d)
	})
}

type stamp struct {
	size, mtime int64
	dir         bool
}

func (w *watcher) scan() (map[string]stamp, error) {
	m := map[string]stamp{}
	for clean, r := range w.roots {
		err := walk(r, func(path string, d fs.DirEntry) error {
			if path == r {
				path = clean
			}
			if d.IsDir() {
				m[path] = stamp{dir: true}
			} else if info, err := d.Info(); err == nil {
				m[path] = stamp{info.Size(), info.ModTime().UnixNano(), false}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("watching %s: %w", r, err)
		}
	}
	return m, nil
}

// ignored reports whether a file name is a version-control folder's or an
// editor's temporary file.
func ignored(name string) bool {
	return slices.Contains([]string{".git", ".hg", ".svn", "4913"}, name) || // 4913: vim's probe
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".tmp") ||
		strings.HasPrefix(name, ".#") || // emacs lock files
		len(name) > 1 && name[0] == '#' && strings.HasSuffix(name, "#") || // emacs auto-save
		strings.Contains(name, "___jb_") // JetBrains safe write
}

package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// notify watches with the operating system's events until ctx is done.
func (w *watcher) notify(ctx context.Context, roots []string, fn func(Batch)) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching: %w", err)
	}
	defer fw.Close()
	for _, r := range roots {
		if err := w.addTree(fw, r, false); err != nil {
			return fmt.Errorf("watching %s: %w", r, err)
		}
	}
	// A root can be removed and made again (git checkout, git stash): the
	// folder above each root is watched for the root's own name, so that
	// a root coming back is watched again.
	w.roots = map[string]string{}
	w.above = map[string]bool{}
	for _, r := range roots {
		w.roots[filepath.Clean(r)] = r
	}
	for clean := range w.roots {
		up := filepath.Dir(clean)
		if w.underRoot(up) {
			continue // events there come from the root's own watch
		}
		if err := fw.Add(up); err != nil {
			return fmt.Errorf("watching %s: %w", up, err)
		}
		w.above[up] = true
	}
	w.ready()

	timer := debounce()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if w.event(fw, ev) {
				timer.Reset(w.opts.Debounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.logf("watch: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: say that anything under each root
				// may have changed.
				for _, r := range roots {
					w.record(filepath.Clean(r), false)
				}
				timer.Reset(w.opts.Debounce)
			}
		case <-timer.C:
			w.flush(fn)
		}
	}
}

// event records one fsnotify event and reports whether it was kept. A new
// folder is added to the watch and its contents reported.
func (w *watcher) event(fw *fsnotify.Watcher, ev fsnotify.Event) bool {
	if !ev.Has(fsnotify.Create | fsnotify.Write | fsnotify.Remove | fsnotify.Rename) {
		return false // an attribute change (chmod, touch without writing)
	}
	created := ev.Has(fsnotify.Create)
	name := filepath.Clean(ev.Name)
	if w.above[name] || w.above[filepath.Dir(name)] && w.roots[name] == "" {
		return false // the folder above a root, or a sibling of the root
	}
	if r, ok := w.roots[name]; ok {
		return w.rootEvent(fw, r, ev)
	}
	if !w.record(ev.Name, created) {
		return false
	}
	if created {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(fw, ev.Name, true); err != nil {
				w.logf("watch: adding %s: %v", ev.Name, err)
			}
		}
	}
	return true
}

// rootEvent records a change to a root itself. A root that is gone loses
// the watches under it (a folder moved away keeps its watches otherwise,
// and would report its changes under the root's name); a root that is back
// is watched again and what it holds is reported.
func (w *watcher) rootEvent(fw *fsnotify.Watcher, root string, ev fsnotify.Event) bool {
	clean := filepath.Clean(root)
	if ev.Has(fsnotify.Remove | fsnotify.Rename) {
		for _, p := range fw.WatchList() {
			if p == clean || strings.HasPrefix(p, clean+string(filepath.Separator)) {
				_ = fw.Remove(p) // already gone when the folder was deleted
			}
		}
	}
	created := ev.Has(fsnotify.Create)
	kept := w.record(clean, created)
	if info, err := os.Stat(root); err == nil && info.IsDir() && created {
		if err := w.addTree(fw, root, true); err != nil {
			w.logf("watch: adding %s: %v", clean, err)
		}
	}
	return kept
}

// underRoot reports whether path is a root or lies under one.
func (w *watcher) underRoot(path string) bool {
	for clean := range w.roots {
		if path == clean || strings.HasPrefix(path, clean+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// addTree watches dir and every folder under it that is not left out. With
// report, what it finds is recorded as created: those files may have been
// written before the folder was watched.
func (w *watcher) addTree(fw *fsnotify.Watcher, dir string, report bool) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path != dir {
				return nil // removed while we walked
			}
			return err
		}
		if path != dir && w.filter.skip(path) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if report && path != dir {
			w.record(path, true)
		}
		if !d.IsDir() {
			return nil
		}
		if err := fw.Add(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

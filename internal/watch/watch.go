// Package watch reports changes under a set of folders as debounced batches.
//
// Watch walks each root at start and watches every folder in it (fsnotify is
// not recursive), adding folders created later. A folder that appears is
// scanned at once and the files already in it are reported, so a
// folder created and filled in one go (mkdir -p, git checkout, unzip) loses
// nothing. A root that is removed or moved away and then made again (git
// checkout, git stash) is watched again: the folder above it is watched for
// its name, and the files of the new root are reported.
//
// Events are gathered until the file system has been quiet for
// Options.Debounce: a trailing-edge debounce with one timer, reset by each
// event. An editor's write-rename-chmod or a checkout touching a hundred files
// thus becomes one Batch, one rebuild. A Batch lists each path that was
// created, written, removed or renamed (under either name) once, sorted by
// path. It says that a path changed, not what is there now: a caller that
// needs to know stats the path.
//
// Left out: editor temp files (*.swp, *.swx, *~, .#*, #*#, 4913, *.tmp,
// JetBrains' *___jb_*), version-control folders (.git, .hg, .svn) and the
// folders named in Options.Exclude (the build's output folder when it lies
// inside a root). Attribute-only changes (chmod, touch without writing) are
// not reported.
//
// Some file systems send no events (network mounts, some container
// volumes). With Options.Poll, Watch scans the roots every
// Options.PollInterval instead and compares size and modification time; the
// changes it finds go through the same debounce.
package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Change is one changed path of a batch.
type Change struct {
	// Path is the changed file or folder, joined to the root it lies under
	// in the form the root was given (a relative root gives relative paths).
	Path string
}

// Batch is the set of changes of one burst, one entry per path, sorted by
// path.
type Batch []Change

// Options configures Watch. The zero value is ready to use.
type Options struct {
	// Debounce is how long the file system must be quiet before a batch is
	// delivered; 40ms when zero.
	Debounce time.Duration
	// Exclude names folders whose contents are never reported, such as the
	// build's output folder.
	Exclude []string
	// Poll scans the roots every PollInterval instead of asking the
	// operating system for events.
	Poll bool
	// PollInterval is the time between two scans in poll mode; 500ms when
	// zero.
	PollInterval time.Duration
	// Ready, when set, is called once every root is being watched: a change
	// made after it returns is reported.
	Ready func()
	// Logf, when set, receives problems that do not stop watching, such as
	// a folder that could not be added or an event queue overflow.
	Logf func(format string, args ...any)
}

// Watch reports changes under roots to fn until ctx is done, then returns
// nil. It calls fn from its own goroutine, one batch at a time; changes made
// while fn runs are gathered into the next batch. It returns an error if a
// root cannot be watched.
func Watch(ctx context.Context, roots []string, opts Options, fn func(Batch)) error {
	if opts.Debounce <= 0 {
		opts.Debounce = 40 * time.Millisecond
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	f, err := newFilter(opts.Exclude)
	if err != nil {
		return err
	}
	for _, r := range roots {
		info, err := os.Stat(r)
		if err != nil {
			return fmt.Errorf("watching %s: %w", r, err)
		}
		if !info.IsDir() {
			return fmt.Errorf("watching %s: not a folder", r)
		}
	}
	// A root that is a symbolic link to a folder is walked through the link
	// (the trailing separator makes the system follow it) and its paths
	// keep the form the root was given in.
	walk := make([]string, len(roots))
	for i, r := range roots {
		walk[i] = r
		if info, err := os.Lstat(r); err == nil && info.Mode()&os.ModeSymlink != 0 {
			walk[i] = r + string(filepath.Separator)
		}
	}
	roots = walk
	w := &watcher{opts: opts, filter: f, pending: map[string]bool{}}
	if opts.Poll {
		return w.poll(ctx, roots, fn)
	}
	return w.notify(ctx, roots, fn)
}

// watcher holds the state shared by both ways of watching: the filter and the
// changes gathered since the last batch. It is owned by the Watch goroutine.
type watcher struct {
	opts   Options
	filter *filter
	// pending holds the paths changed since the last batch, each with
	// whether its first change was a creation.
	pending map[string]bool
	// roots maps each cleaned root to the form it is walked in; above
	// holds the folders watched only for their roots' names (notify mode).
	roots map[string]string
	above map[string]bool
}

func (w *watcher) logf(format string, args ...any) {
	if w.opts.Logf != nil {
		w.opts.Logf(format, args...)
	}
}

func (w *watcher) ready() {
	if w.opts.Ready != nil {
		w.opts.Ready()
	}
}

// record adds a change to the pending batch, created telling whether path
// was created, and reports whether it was kept.
func (w *watcher) record(path string, created bool) bool {
	if w.filter.skip(path) {
		return false
	}
	if _, seen := w.pending[path]; !seen {
		w.pending[path] = created
	}
	return true
}

// flush hands the pending changes to fn as one sorted batch.
func (w *watcher) flush(fn func(Batch)) {
	if len(w.pending) == 0 {
		return
	}
	b := make(Batch, 0, len(w.pending))
	for p, born := range w.pending {
		if born && !exists(p) {
			// Created and gone within one burst (sed -i's temporary, an
			// editor's backup): nothing changed on disk.
			continue
		}
		b = append(b, Change{Path: p})
	}
	clear(w.pending)
	if len(b) == 0 {
		return
	}
	slices.SortFunc(b, func(x, y Change) int { return strings.Compare(x.Path, y.Path) })
	fn(b)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// debounce returns a stopped timer for the trailing-edge debounce.
func debounce() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}

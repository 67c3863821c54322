package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// readSource reads a regular file of fsys: opening a named pipe or a device
// would block. The read gives way when ctx is done all the same.
func readSource(ctx context.Context, fsys fs.FS, name string) ([]byte, error) {
	var data []byte
	done := make(chan error, 1)
	go func() {
		fi, err := fs.Stat(fsys, name)
		switch {
		case err != nil:
			err = sourceError(name, err)
		case !fi.Mode().IsRegular():
			err = fmt.Errorf("%s: is %s, not a regular file: only regular files are read", name, fileKind(fi.Mode()))
		default:
			if data, err = fs.ReadFile(fsys, name); err != nil {
				err = sourceError(name, err)
			}
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return data, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%s: %w", name, ctx.Err())
	}
}

// sourceError words an error reading name. os.Root's error for a path
// that leaves it has no exported value, so its text is matched.
func sourceError(name string, err error) error {
	if strings.Contains(err.Error(), "path escapes from parent") {
		return fmt.Errorf("%s: is a symbolic link out of the site folder (or, in a theme, out of the theme's folder), which is not read: copy the file in or link within the folder", name)
	}
	return fmt.Errorf("%s: %w", name, unwrapPath(err))
}

// fileKind names the kind of a file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// unwrapPath drops the *fs.PathError wrapper, whose path would repeat.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// embed gives each block of doc with file= the text it shows.
func (s *Site) embed(doc *markdown.Doc) error {
	var errs []error
	for _, e := range doc.Embeds {
		data, err := s.readSiteFile(e.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, e.Errorf("file=%s: no such file in the site folder", e.Path))
		case err != nil:
			errs = append(errs, e.Errorf("file=%s: %w", e.Path, err))
		default:
			text, err := demo.Region(e.Path, string(data), e.Region)
			if err != nil {
				errs = append(errs, e.Errorf("%s: %w", e.Path, err))
			}
			e.SetText(text)
		}
	}
	return errors.Join(errs...)
}

// readSiteFile reads through os.Root, so that no link leads out.
func (s *Site) readSiteFile(name string) ([]byte, error) {
	if s.cfg.Root == "" {
		return fs.ReadFile(s.cfg.Src, name)
	}
	f, err := os.OpenInRoot(s.cfg.Root, filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

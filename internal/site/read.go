package site

import (
	"cmp"
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
		if err == nil && !fi.Mode().IsRegular() {
			done <- fmt.Errorf("%s: is %s, not a regular file: only regular files are read", name, cmp.Or(fileKinds[fi.Mode().Type()], "a special file"))
			return
		}
		if err == nil {
			data, err = fs.ReadFile(fsys, name)
		}
		// os.Root's error for a path that leaves it has no exported value.
		var pe *fs.PathError
		switch {
		case err != nil && strings.Contains(err.Error(), "path escapes from parent"):
			err = fmt.Errorf("%s: is a symbolic link out of the site folder (or, in a theme, out of the theme's folder), which is not read: copy the file in or link within the folder", name)
		case errors.As(err, &pe): // its path would repeat name
			err = fmt.Errorf("%s: %w", name, pe.Err)
		case err != nil:
			err = fmt.Errorf("%s: %w", name, err)
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

// fileKinds names the kinds of file that are not regular.
var fileKinds = map[fs.FileMode]string{
	fs.ModeDir: "a folder", fs.ModeNamedPipe: "a named pipe", fs.ModeSocket: "a socket",
	fs.ModeDevice | fs.ModeCharDevice: "a character device", fs.ModeDevice: "a device", fs.ModeSymlink: "a symbolic link",
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

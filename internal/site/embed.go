package site

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// embed gives each block of doc that shows a file of the site (file= in
// package markdown) its text: the file, or the region of it named, with
// the region markers removed. A missing file or region is an error naming
// the block's file and line.
func (s *Site) embed(doc *markdown.Doc) error {
	var errs []error
	for _, e := range doc.Embeds {
		data, err := s.readSiteFile(e.Path)
		if errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, e.Errorf("file=%s: no such file in the site folder", e.Path))
			continue
		}
		if err != nil {
			errs = append(errs, e.Errorf("file=%s: %w", e.Path, err))
			continue
		}
		text, err := demo.Region(e.Path, string(data), e.Region)
		if err != nil {
			errs = append(errs, e.Errorf("%s: %w", e.Path, err))
			continue
		}
		e.SetText(text)
	}
	return errors.Join(errs...)
}

// readSiteFile reads a file of the site folder by its slash-separated
// path. On disk it goes through os.Root, so that a symbolic link cannot
// lead out of the folder either.
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

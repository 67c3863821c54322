package corpus

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// hugoSite holds hugo.toml, layouts/ and assets/: the Hugo side of the
// comparison. layouts/_default/baseof.html says what the pages hold and why.
//
//go:embed all:hugo
var hugoSite embed.FS

// WriteHugo writes the Hugo configuration and layouts into dir, beside the
// content folder Generate wrote, so that hugo --source dir builds the same
// chapters at the same URLs.
func WriteHugo(dir string) error {
	sub, err := fs.Sub(hugoSite, "hugo")
	if err != nil {
		return err
	}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return fmt.Errorf("writing the Hugo site: %w", err)
	}
	return nil
}

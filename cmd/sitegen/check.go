package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurrency-primer/site/internal/check"
	"github.com/concurrency-primer/site/internal/site"
)

var checkCmd = &command{
	name:    "check",
	summary: "Build the site, or read a built one, and report what is wrong with its pages",
	usage:   "[-dir DIR] [-budget BYTES] [-src DIR] [-base-url URL] [-demos MODE] [-drafts]",
	flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
		var f siteFlags
		f.register(fs, true)
		dir := fs.String("dir", "", "check the built site in `folder` instead of building one")
		budget := fs.Int("budget", check.DefaultBudget, "the most `bytes` of HTML, CSS and scripts a page may weigh, demo source excluded; negative turns the check off")
		return func(ctx context.Context, _ []string) error {
			switch {
			case *budget == 0:
				return &usageError{"-budget=0: want a number of bytes, or a negative number to turn the check off"}
			case *dir != "" && f.out != "":
				return &usageError{"-dir and -out: give one, the folder to check or the one to build into"}
			case *dir != "":
				if err := f.checkBaseURL(); err != nil {
					return err
				}
				return runCheck(ctx, *dir, f.baseURL, *budget)
			}
			if f.out == "" {
				tmp, err := os.MkdirTemp("", "sitegen-check-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				f.out = filepath.Join(tmp, "public")
			}
			cfg, err := f.config()
			if err != nil {
				return err
			}
			if err := site.Build(ctx, cfg); err != nil {
				return err
			}
			return runCheck(ctx, cfg.Out, cfg.BaseURL, *budget)
		}
	},
}

// runCheck checks the built site in dir and returns an error listing every
// problem, one a line, each naming its page and source file.
func runCheck(ctx context.Context, dir, baseURL string, budget int) error {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("-dir %s: no such folder", dir)
	}
	opts := check.Options{Budget: budget}
	// Only an absolute base URL makes absolute links internal.
	if strings.Contains(baseURL, "://") {
		opts.BaseURL = baseURL
	}
	problems, err := check.Run(ctx, os.DirFS(dir), opts)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		fmt.Fprintf(os.Stderr, "sitegen: checked %s: no problems\n", dir)
		return nil
	}
	noun := "problems"
	if len(problems) == 1 {
		noun = "problem"
	}
	lines := []string{fmt.Sprintf("checking %s: %d %s", dir, len(problems), noun)}
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	return errors.New(strings.Join(lines, "\n\t"))
}

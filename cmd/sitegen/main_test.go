package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	good := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\nHello.\n"})
	bad := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\nSee [b](02-b.md).\n"})
	draft := map[string]string{
		"content/01-a.md": "---\ntitle: A\n---\nHello.\n",
		"content/02-b.md": "---\ntitle: B\ndraft: true\n---\nNot yet.\n",
	}
	withDrafts, withoutDrafts := writeSite(t, draft), writeSite(t, draft)
	unbuilt := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\nHello.\n"})
	themed := writeSite(t, map[string]string{
		"content/01-a.md":            "---\ntitle: A\n---\nHello.\n",
		"theme/layouts/base.html":    "{{define \"nav-item\"}}{{end}}<html lang=\"en\">own theme {{block \"main\" .}}{{end}}</html>",
		"theme/layouts/index.html":   "{{define \"main\"}}index{{end}}",
		"theme/layouts/chapter.html": "{{define \"main\"}}chapter{{end}}",
		"theme/layouts/404.html":     "{{define \"main\"}}404{{end}}",
	})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		not    string // a string stderr must not contain
		file   string // a file the command must have written
		has    string // and a string it must contain
		absent string // a file the command must not have written
	}{
		{name: "no command", args: nil, code: 2, stderr: "usage: sitegen <command>"},
		{name: "unknown command", args: []string{"bild"}, code: 2, stderr: `sitegen: unknown command "bild"`},
		{name: "unknown flag", args: []string{"build", "-nope"}, code: 2, stderr: "flag provided but not defined: -nope"},
		{name: "bad demo mode", args: []string{"build", "-demos=sometimes"}, code: 2, stderr: `invalid value "sometimes" for flag -demos: unknown demo mode`},
		{name: "extra argument", args: []string{"build", "x"}, code: 2, stderr: `unexpected argument "x"`},
		{name: "out replaces the site", args: []string{"build", "-src", good, "-out", good}, code: 2, stderr: "would replace the site folder"},
		{name: "out inside content", args: []string{"build", "-src", good, "-out", filepath.Join(good, "content")}, code: 2, stderr: "inside the site's content/ folder"},
		{name: "help flag", args: []string{"build", "-h"}, code: 0, stderr: "-base-url"},
		{name: "help flag of serve", args: []string{"serve", "-h"}, code: 0, stderr: "-drafts"},
		{name: "demo mode named once", args: []string{"build", "-h"}, code: 0, stderr: "-demos mode\n    \tthe demo mode: auto runs", not: "mode: mode"},
		{name: "help flag without command", args: []string{"-h"}, code: 0, stderr: "usage: sitegen <command>"},
		{name: "long help flag without command", args: []string{"--help"}, code: 0, stderr: "usage: sitegen <command>"},
		{name: "bad base URL", args: []string{"build", "-src", unbuilt, "-base-url", "ftp:"}, code: 2, stderr: "sitegen build: -base-url ftp:: want an absolute URL", absent: filepath.Join(unbuilt, "public")},
		{name: "base URL of another scheme", args: []string{"build", "-src", good, "-base-url", "ftp://example.org/"}, code: 2, stderr: "-base-url ftp://example.org/: want"},
		{name: "relative base URL", args: []string{"build", "-src", good, "-base-url", "docs/"}, code: 2, stderr: "-base-url docs/: want"},
		{name: "bad base URL of check -dir", args: []string{"check", "-dir", good, "-base-url", "ftp:"}, code: 2, stderr: "-base-url ftp:: want"},
		{name: "drafts left out", args: []string{"build", "-src", withoutDrafts, "-demos", "off"}, code: 0,
			file: filepath.Join(withoutDrafts, "public", "a", "index.html"), absent: filepath.Join(withoutDrafts, "public", "b")},
		{name: "drafts", args: []string{"build", "-src", withDrafts, "-demos", "off", "-drafts"}, code: 0,
			file: filepath.Join(withDrafts, "public", "b", "index.html"), has: "Not yet."},
		{name: "help", args: []string{"help", "build"}, code: 0},
		{name: "help unknown", args: []string{"help", "nope"}, code: 2},
		{name: "version", args: []string{"version"}, code: 0},
		{name: "build", args: []string{"build", "-src", good, "-base-url", "https://example.org/"}, code: 0,
			file: filepath.Join(good, "public", "a", "index.html"), has: `<link rel="canonical" href="https://example.org/a/">`},
		{name: "build error", args: []string{"build", "-src", bad}, code: 1, stderr: "sitegen: content/01-a.md:4: link \"02-b.md\": no chapter content/02-b.md"},
		{name: "theme on disk", args: []string{"build", "-src", themed}, code: 0,
			file: filepath.Join(themed, "public", "a", "index.html"), has: "own theme chapter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stderr); code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if tt.not != "" && strings.Contains(stderr.String(), tt.not) {
				t.Errorf("stderr %q, want it without %q", stderr.String(), tt.not)
			}
			if tt.absent != "" {
				if _, err := os.Stat(tt.absent); !os.IsNotExist(err) {
					t.Errorf("%s exists (stat: %v), want it absent", tt.absent, err)
				}
			}
			if tt.file != "" {
				data, err := os.ReadFile(tt.file)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(data), tt.has) {
					t.Errorf("%s lacks %q:\n%s", tt.file, tt.has, data)
				}
			}
		})
	}
}

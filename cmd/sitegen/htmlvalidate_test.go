package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// htmlValidateDir holds html-validate's package.json and package-lock.json,
// which pin it and every package it needs, and its configuration for the
// site, htmlvalidate.cjs, where each rule turned off says why.
const htmlValidateDir = "testdata/html-validate"

// validateHTML runs html-validate over every page of the built site in
// dir but the one of all chapters, and reports each error it finds. It
// skips when node and npm are missing, or html-validate cannot be
// installed, and fails instead when SITEGEN_REQUIRE_TOOLS=1.
func validateHTML(t *testing.T, dir string) {
	t.Helper()
	node, bin := installHTMLValidate(t)
	var pages []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// all/ holds every chapter's body once more (860 KB), which
		// takes html-validate longer than all the other pages together.
		if d.IsDir() && p == filepath.Join(dir, "all") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 3 {
		t.Fatalf("only %d pages in %s", len(pages), dir)
	}
	config, err := filepath.Abs(filepath.Join(htmlValidateDir, "htmlvalidate.cjs"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	args := append([]string{bin, "--config", config, "--formatter", "text"}, pages...)
	cmd := exec.CommandContext(ctx, node, args...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running html-validate: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, l := range lines {
		if l != "" {
			t.Error(strings.TrimPrefix(l, dir+string(filepath.Separator)))
		}
	}
	if err != nil && len(lines) == 0 {
		t.Errorf("html-validate failed without saying why: %v", err)
	}
}

// installHTMLValidate returns node and html-validate's command, installed
// from the lock file with npm ci into the user's cache folder the first
// time, under a name that changes with the lock file.
func installHTMLValidate(t *testing.T) (node, bin string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = exec.LookPath("npm")
	}
	if err != nil {
		missingTool(t, "node and npm are needed to validate the built pages (apt-get install nodejs npm): "+err.Error())
	}
	h := sha256.New()
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join(htmlValidateDir, name))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		missingTool(t, "no cache folder to install html-validate into: "+err.Error())
	}
	dir := filepath.Join(cache, "sitegen", "html-validate-"+hex.EncodeToString(h.Sum(nil)[:8]))
	bin = filepath.Join(dir, "node_modules", "html-validate", "bin", "html-validate.mjs")
	if _, err := os.Stat(bin); err == nil {
		return node, bin
	}
	// npm ci into a folder of its own, moved into place when complete,
	// so that a test run beside this one never sees half an install.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".html-validate-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, _ := os.ReadFile(filepath.Join(htmlValidateDir, name))
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		missingTool(t, fmt.Sprintf("installing html-validate with npm ci: %v\n%s", err, out))
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(bin); statErr != nil {
			t.Fatalf("installing html-validate: %v", err)
		}
	}
	return node, bin
}

// missingTool skips the test for a tool that is missing, or fails it when
// SITEGEN_REQUIRE_TOOLS=1, as CI sets.
func missingTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg + ", and SITEGEN_REQUIRE_TOOLS=1")
	}
	t.Skip(msg + " (set SITEGEN_REQUIRE_TOOLS=1 to fail instead)")
}

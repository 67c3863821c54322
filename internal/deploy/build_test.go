package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/check"
	"github.com/goccy/go-yaml"
)

// siteURL stands for the address Netlify gives the site in $URL.
const siteURL = "https://example.netlify.app"

// TestNetlifyBuild runs the build command of netlify.toml the way Netlify
// does, from a clean copy of the repository, and checks what it publishes:
// a deploy is never the first time that command runs.
func TestNetlifyBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the Netlify build in -short mode: it compiles sitegen and builds the whole site")
	}
	c, settings := config(t), buildSettings(t)
	sh, err := exec.LookPath("sh")
	if err != nil {
		missing(t, fmt.Sprintf("the Netlify build command runs through a shell, and there is none: %v", err))
	}
	src := cleanCopy(t)
	env := map[string]string{"URL": siteURL, "DEPLOY_PRIME_URL": siteURL, "CONTEXT": "production"}
	for k, v := range settings.Build.Environment {
		env[k] = v
	}
	buildCmd := command(settings, "production")
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, sh, "-c", buildCmd)
	cmd.Dir = src
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Netlify build command %q failed in a clean copy: %v\n%s", buildCmd, err, out)
	}

	public := filepath.Join(src, settings.Build.Publish)
	for _, name := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt"} {
		if _, err := os.Stat(filepath.Join(public, name)); err != nil {
			t.Errorf("the build published no %s: %v", name, err)
		}
	}
	checkChapters(t, src, public)
	checkHeaders(t, c, public)

	problems, err := check.Run(ctx, os.DirFS(public), check.Options{BaseURL: siteURL})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("sitegen check: %s", p)
	}
}

// cleanCopy copies the files git tracks into a temporary folder, as a
// fresh clone would have them.
func cleanCopy(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		missing(t, fmt.Sprintf("listing the repository's files with git ls-files (the test needs git and a checkout): %v", err))
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		from, to := filepath.Join(root, name), filepath.Join(dst, name)
		info, err := os.Lstat(from)
		if os.IsNotExist(err) {
			continue // deleted but not yet committed
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(from)
			if err == nil {
				err = os.Symlink(target, to)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// missing skips the test for want of an outside tool, or fails it when
// SITEGEN_REQUIRE_TOOLS=1.
func missing(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// checkChapters checks that every chapter that is not a draft has its page,
// at /SLUG/, naming its source.
func checkChapters(t *testing.T, src, public string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(src, "content", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no chapters in content/: %v", err)
	}
	for _, file := range files {
		if filepath.Base(file) == "_index.md" {
			continue // the index page's title and introduction
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var fm struct {
			Slug  string `yaml:"slug"`
			Draft bool   `yaml:"draft"`
		}
		if head, ok := frontMatter(data); ok {
			if err := yaml.Unmarshal(head, &fm); err != nil {
				t.Fatalf("%s: front matter: %v", file, err)
			}
		}
		if fm.Draft {
			continue
		}
		base := filepath.Base(file)
		slug := fm.Slug
		if slug == "" {
			slug = regexp.MustCompile(`^\d+-`).ReplaceAllString(strings.TrimSuffix(base, ".md"), "")
		}
		page, err := os.ReadFile(filepath.Join(public, slug, "index.html"))
		if err != nil {
			t.Errorf("chapter content/%s has no page: %v", base, err)
			continue
		}
		if !bytes.Contains(page, []byte(`data-source="content/`+base+`"`)) {
			t.Errorf("%s/index.html does not name its source content/%s in data-source", slug, base)
		}
	}
}

// frontMatter returns the YAML between the first two --- lines.
func frontMatter(data []byte) ([]byte, bool) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, false
	}
	head, _, ok := bytes.Cut(rest, []byte("\n---\n"))
	return head, ok
}

// hashed matches a file name with a content hash before its extension.
var hashed = regexp.MustCompile(`\.[0-9a-f]{6,}\.[a-z0-9]+$`)

// checkHeaders checks the headers netlify.toml gives every published file:
// one policy, one Cache-Control, a long one only for fingerprinted names
// and a short one for pages; and that stylesheets are fingerprinted.
func checkHeaders(t *testing.T, c *Config, public string) {
	t.Helper()
	css := 0
	err := filepath.WalkDir(public, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, file)
		urlPath := "/" + filepath.ToSlash(rel)
		if path.Base(urlPath) == "index.html" {
			urlPath = strings.TrimSuffix(urlPath, "index.html")
		}
		h := c.Headers(urlPath)
		if n := len(h.Values("Content-Security-Policy")); n != 1 {
			t.Errorf("%s: %d Content-Security-Policy headers, want 1", urlPath, n)
		}
		cc := h.Values("Cache-Control")
		if len(cc) > 1 {
			t.Errorf("%s: several rules set Cache-Control: %q", urlPath, cc)
		}
		if len(cc) == 0 {
			cc = []string{netlifyDefault} // what Netlify sends when no rule sets one
		}
		immutable := len(cc) == 1 && strings.Contains(cc[0], "immutable")
		if immutable && !hashed.MatchString(urlPath) {
			t.Errorf("%s: cached as immutable, but its name has no content hash", urlPath)
		}
		switch path.Ext(rel) {
		case ".css":
			css++
			if !immutable || !hashed.MatchString(urlPath) {
				t.Errorf("%s: a stylesheet should have a content hash in its name and an immutable Cache-Control, has %q", urlPath, cc)
			}
		case ".html":
			if len(cc) != 1 || !strings.Contains(cc[0], "max-age=0") {
				t.Errorf("%s: a page should have a short Cache-Control, has %q", urlPath, cc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if css == 0 {
		t.Error("the build published no stylesheet")
	}
}

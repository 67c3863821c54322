package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestForRegexp(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/threads/", true},
		{"/*", "/css/site.css", true},
		{"/css/*", "/css/site.3f2a.css", true},
		{"/css/*", "/css", true},
		{"/css/*", "/css/a/b.css", true},
		// Netlify's own parser makes the slash before a lone "*"
		// optional, so this matches too.
		{"/css/*", "/cssx/a.css", true},
		{"/css/*", "/js/a.js", false},
		{"/:chapter/", "/threads/", true},
		{"/:chapter/", "/threads", true},
		{"/:chapter/", "/threads/x/", false},
		{"/:chapter/", "/", false},
		{"/img/*.svg", "/img/chart.svg", true},
		{"/img/*.svg", "/img/a/chart.svg", true},
		{"/img/*.svg", "/img/chartxsvg", false},
		{"/threads/", "/THREADS/", true},
		{"/threads/", "/threads", true},
		{"/threads/", "/threads/index.html", false},
		{"/", "/", true},
		{"/", "/a", false},
	}
	for _, tt := range tests {
		if got := forRegexp(tt.pattern).MatchString(tt.path); got != tt.want {
			t.Errorf("pattern %q matches %q = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestHeadersApplied(t *testing.T) {
	dir := fixture(t)
	s := newServer(t, Options{Dir: dir, SiteRoot: "testdata"})
	csp := "default-src 'self'; img-src 'self' data:; object-src 'none'"
	tests := []struct {
		target string
		want   map[string]string // "" means absent
	}{
		{"/", map[string]string{
			"X-Content-Type-Options": "nosniff", "Content-Security-Policy": csp,
			"Cache-Control": "public, max-age=0, must-revalidate", "X-Chapter": "",
		}},
		{"/threads/", map[string]string{"X-Chapter": "yes", "Cache-Control": "public, max-age=0, must-revalidate"}},
		{"/css/site.3f2a9c.css", map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable", "Content-Security-Policy": csp, "X-Chapter": "",
		}},
		{"/img/chart.svg", map[string]string{"X-Image": "svg", "X-Content-Type-Options": "nosniff"}},
		{"/nope/deeper", map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": csp}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, httptest.NewRequest("GET", tt.target, nil))
			for k, v := range tt.want {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
	// Restricted headers are Netlify's own: the rule's Content-Length is
	// ignored and the real one stays.
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/img/chart.svg", nil))
	if got := w.Header().Get("Content-Length"); got == "1" {
		t.Errorf("Content-Length taken from netlify.toml")
	}
}

func TestHeadersErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"syntax", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = \n", "netlify.toml:4:"},
		{"missing for", "[[headers]]\n[headers.values]\nX = \"y\"\n", `missing "for"`},
		{"number value", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = 3\n", "header X: value must be a string"},
		{"list of numbers", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = [1]\n", "header X: value must be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.WriteFile(filepath.Join(root, "netlify.toml"), []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := New(Options{Dir: root, SiteRoot: root})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New with a bad netlify.toml: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestNoNetlifyToml(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t), SiteRoot: t.TempDir()})
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusOK || w.Header().Get("Content-Security-Policy") != "" {
		t.Fatalf("without netlify.toml: %d, CSP %q", w.Code, w.Header().Get("Content-Security-Policy"))
	}
}

// TestRepositoryHeadersAllowReload reads the repository's own netlify.toml:
// its Content-Security-Policy must let the reload script, its event stream
// and the overlay's stylesheet through, all same-origin.
func TestRepositoryHeadersAllowReload(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "netlify.toml")); err != nil {
		t.Skipf("no netlify.toml at the repository root: %v", err)
	}
	rules, err := readHeaders(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/threads/", "/nope"} {
		h := http.Header{}
		applyHeaders(h, rules, p)
		csp := h.Get("Content-Security-Policy")
		if csp == "" {
			t.Errorf("%s: no Content-Security-Policy", p)
			continue
		}
		for _, d := range []string{"script-src", "connect-src", "style-src"} {
			if src := directive(csp, d); !slices.Contains(src, "'self'") {
				t.Errorf("%s: %s is %q: the reload script needs 'self'", p, d, src)
			}
		}
	}
}

// directive returns the sources of a CSP directive, or of default-src when
// the policy does not name it.
func directive(csp, name string) []string {
	var def []string
	for _, part := range strings.Split(csp, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case name:
			return f[1:]
		case "default-src":
			def = f[1:]
		}
	}
	return def
}

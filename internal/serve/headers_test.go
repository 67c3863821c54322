package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

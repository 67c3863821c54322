package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
		{"/THREADS", map[string]string{"X-Chapter": "yes"}},
		{"/img/chart.svg", map[string]string{"X-Image": "svg", "X-Content-Type-Options": "nosniff"}},
		{"/nope/deeper", map[string]string{"X-Content-Type-Options": "nosniff", "Content-Security-Policy": csp}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", tt.target, nil))
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
	s.ServeHTTP(w, httptest.NewRequest("GET", "/img/chart.svg", nil))
	if got := w.Header().Get("Content-Length"); got == "1" {
		t.Errorf("Content-Length taken from netlify.toml")
	}
}

func TestHeadersErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"syntax", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = \n", "netlify.toml:4: "},
		{"number value", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX = 3\n", "netlify.toml: header rule for \"/*\": header X: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.WriteFile(filepath.Join(root, "netlify.toml"), []byte(tt.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := New(Options{Dir: root, SiteRoot: root})
			if err == nil || !strings.Contains(err.Error(), root) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New with a bad netlify.toml: %v, want an error naming %s and containing %q", err, root, tt.want)
			}
		})
	}
}

func TestNoNetlifyToml(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t), SiteRoot: t.TempDir()})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusOK || w.Header().Get("Content-Security-Policy") != "" {
		t.Fatalf("without netlify.toml: %d, CSP %q", w.Code, w.Header().Get("Content-Security-Policy"))
	}
}

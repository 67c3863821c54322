package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestRevalidation checks that a browser revalidates a file by its content:
// a page rewritten with the same size in the same second is sent again, an
// unchanged one is not, and pages carry no Last-Modified to compare
// instead.
func TestRevalidation(t *testing.T) {
	dir := fixture(t)
	s := newServer(t, Options{Dir: dir, SiteRoot: t.TempDir()}) // no netlify.toml
	get := func(target, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", target, nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	tests := []struct {
		target, file, rewritten, cache string
	}{
		{"/threads/", "threads/index.html", "<!doctype html><html><head><title>Threads</title></head><body><p>THREADS PAGE</p></body></html>", "no-cache"},
		{"/bare.html", "bare.html", "<p>NO HEAD, NO BODY</p>", "no-cache"},
		{"/css/site.3f2a9c.css", "css/site.3f2a9c.css", "body{color:#222}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			first := get(tt.target, "")
			tag := first.Header().Get("ETag")
			if first.Code != http.StatusOK || len(tag) < 3 || tag[0] != '"' {
				t.Fatalf("GET %s: %d, ETag %q, want 200 and a strong ETag", tt.target, first.Code, tag)
			}
			if got := first.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if got := first.Header().Get("Last-Modified"); tt.cache != "" && got != "" {
				t.Errorf("a page has Last-Modified %q, want none", got)
			}
			if w := get(tt.target, tag); w.Code != http.StatusNotModified {
				t.Errorf("unchanged, If-None-Match %s: %d, want 304", tag, w.Code)
			}
			p := filepath.Join(dir, filepath.FromSlash(tt.file))
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tt.rewritten), 0o644); err != nil {
				t.Fatal(err)
			}
			// The same modification time: only the content tells.
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
			w := get(tt.target, tag)
			if w.Code != http.StatusOK || w.Header().Get("ETag") == tag {
				t.Fatalf("rewritten, If-None-Match %s: %d, ETag %s, want 200 and a new ETag", tag, w.Code, w.Header().Get("ETag"))
			}
		})
	}
}

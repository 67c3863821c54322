package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// refused are request paths that must get the site's 404 page and nothing
// from outside the site folder or from its dot files.
var refused = []string{
	"/../secret.txt",
	"/../../../../etc/passwd",
	"/css/../../secret.txt",
	"/%2e%2e/secret.txt",
	"/%2E%2E/%2e%2e/secret.txt",
	"/..%2fsecret.txt",
	"/%2e%2e%2fsecret.txt",
	"/css/..%2F..%2Fsecret.txt",
	"/..%5csecret.txt",
	"/..\\secret.txt",
	"/css\\..\\..\\secret.txt",
	"/link-out",
	"/abs-out",
	"/dir-out/secret.txt",
	"/.secret",
	"/%2esecret",
	"/.hidden/page.html",
	"/./.secret",
	"/empty/",
	"/empty",
	"/nope",
	"/threads/nope.html",
	"/%00",
}

func TestTraversalRefused(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	for _, target := range refused {
		t.Run(target, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
			body := w.Body.String()
			if w.Code != http.StatusNotFound || !strings.Contains(body, "site 404 page") {
				t.Errorf("GET %s: %d %q, want 404 with the site's 404 page", target, w.Code, body)
			}
			if strings.Contains(body, secret) {
				t.Errorf("GET %s: served a file from outside the site", target)
			}
		})
	}
}

// TestTraversalRawTCP sends request lines that an HTTP client would clean
// before sending.
func TestTraversalRawTCP(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	addr, cancel, done := listen(t, s)
	defer func() { cancel(); <-done }()

	for _, target := range append([]string{"/a/b/../../../secret.txt", "//../secret.txt"}, refused...) {
		t.Run(target, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), secret) {
				t.Fatalf("GET %s: served a file from outside the site", target)
			}
			// net/http itself answers 400 to some malformed request lines.
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("GET %s: %s, want 404 (or 400 from net/http)", target, resp.Status)
			}
		})
	}
}

func TestFiles(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	tests := []struct {
		method, target string
		code           int
		ctype          string // prefix
		tag            bool   // reload script present
		contains       string
		location       string
	}{
		{"GET", "/", 200, "text/html", true, "home page", ""},
		{"GET", "/threads/", 200, "text/html", true, "threads page", ""},
		{"GET", "/threads", 301, "", false, "", "threads/"},
		{"GET", "/threads/index.html", 301, "", false, "", "./"},
		{"GET", "/bare.html", 200, "text/html", true, "no head, no body", ""},
		{"GET", "/css/site.3f2a9c.css", 200, "text/css", false, "body{color:#111}", ""},
		{"GET", "/js/copy.js", 200, "text/javascript", false, "document.title", ""},
		{"GET", "/img/chart.svg", 200, "image/svg+xml", false, "<svg", ""},
		{"GET", "/notes.txt", 200, "text/plain", false, "plain", ""},
		{"GET", "/notes-link", 200, "", false, "plain", ""},
		{"GET", "/nope", 404, "text/html", true, "site 404 page", ""},
		{"HEAD", "/", 200, "text/html", false, "", ""},
		{"POST", "/", 405, "", false, "", ""},
		{"GET", "/_sitegen/reload.js", 200, "text/javascript", false, "EventSource", ""},
		{"GET", "/_sitegen/overlay.css", 200, "text/css", false, ".sitegen-overlay", ""},
		{"GET", "/_sitegen/other", 404, "text/html", true, "site 404 page", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(tt.method, tt.target, nil))
			body := w.Body.String()
			if w.Code != tt.code {
				t.Fatalf("status %d, want %d; body %q", w.Code, tt.code, body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if got := strings.Contains(body, reloadTag); got != tt.tag {
				t.Errorf("reload script present = %v, want %v; body %q", got, tt.tag, body)
			}
			if strings.Count(body, "/_sitegen/reload.js") > 1 {
				t.Errorf("reload script added twice: %q", body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body %q, want it to contain %q", body, tt.contains)
			}
			if loc := w.Header().Get("Location"); loc != tt.location {
				t.Errorf("Location %q, want %q", loc, tt.location)
			}
			if n := w.Header().Get("Content-Length"); tt.method == "GET" && n != "" && n != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, body has %d bytes", n, len(body))
			}
		})
	}
}

func TestInject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<html><head><title>x</title></head><body></body></html>",
			"<html><head><title>x</title>" + reloadTag + "</head><body></body></html>"},
		{"<HTML><HEAD></HEAD></HTML>", "<HTML><HEAD>" + reloadTag + "</HEAD></HTML>"},
		{"<p>x</p></body>", "<p>x</p>" + reloadTag + "</body>"},
		{"<p>x</p>", "<p>x</p>" + reloadTag},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.in))); got != tt.want {
			t.Errorf("inject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFolderReadAtEachRequest checks that the server reads its folder at
// each request: a page built after New is served, and a site without a
// 404.html still answers a miss with status 404.
func TestFolderReadAtEachRequest(t *testing.T) {
	dir := t.TempDir()
	s := newServer(t, Options{Dir: dir})
	get := func(target string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		return w
	}
	if w := get("/"); w.Code != http.StatusNotFound {
		t.Fatalf("empty folder, / = %d, want 404", w.Code)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>first build</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if w := get("/"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "first build") {
		t.Fatalf("after the build, / = %d %q", w.Code, w.Body.String())
	}
	if w := get("/threads/"); w.Code != http.StatusNotFound {
		t.Fatalf("no 404.html, /threads/ = %d, want 404", w.Code)
	}
}

func TestNewMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	_, err := New(Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("New over a missing folder: %v, want an error naming %s", err, dir)
	}
}

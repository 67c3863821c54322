package serve

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// files serves a request for the built site: a file, a folder's index.html,
// or the site's 404 page.
func (s *Server) files(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if s.netlify != nil {
		for name, values := range s.netlify.Headers(r.URL.Path) {
			w.Header()[name] = values
		}
	}
	name, ok := fileName(r.URL)
	if !ok || !servable(s.fsys, name) {
		notFound(w, r, s.fsys)
		return
	}
	if t := contentType(name); t != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", t)
	}
	validators(w.Header(), s.fsys, name)
	s.static.ServeHTTP(w, r)
}

// validators sets a strong ETag, a digest of the bytes served, so that a
// browser revalidates a file by its content, and for pages Cache-Control:
// no-cache unless the site's headers set one, so that it always does.
// Pages carry no Last-Modified (see liveFS): counting whole seconds, it
// would let a page rewritten twice in one second pass as unchanged.
func validators(h http.Header, fsys fs.FS, name string) {
	if info, err := fs.Stat(fsys, name); err == nil && info.IsDir() {
		name = path.Join(name, "index.html")
	}
	f, err := liveFS{fsys}.Open(name)
	if err != nil {
		return // the file server answers
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return
	}
	h.Set("ETag", fmt.Sprintf(`"%x"`, sum.Sum(nil)[:16]))
	if isHTML(name) && h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
}

// fileName returns the name in the site folder a request path asks for, or
// false for a path no file of a built site can have: one with a backslash,
// an encoded slash or backslash, a NUL, or a segment starting with a dot
// (dot files, "." and "..", however they were encoded). The file server
// would also keep such requests inside the folder; refusing them outright
// makes the rule plain.
func fileName(u *url.URL) (string, bool) {
	if !strings.HasPrefix(u.Path, "/") || strings.ContainsAny(u.Path, "\\\x00") {
		return "", false
	}
	raw := strings.ToLower(u.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	name := strings.Trim(path.Clean(u.Path), "/")
	if name == "" {
		name = "."
	}
	return name, true
}

// servable reports whether name is a file in fsys, or a folder with an
// index.html: folders are never listed.
func servable(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return false
	}
	if !info.IsDir() {
		return info.Mode().IsRegular()
	}
	index, err := fs.Stat(fsys, path.Join(name, "index.html"))
	return err == nil && index.Mode().IsRegular()
}

// notFound answers with the site's 404.html, carrying the reload script so
// a page that does not exist yet appears once it is built.
func notFound(w http.ResponseWriter, r *http.Request, fsys fs.FS) {
	doc, err := fs.ReadFile(fsys, "404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	doc = inject(doc)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(doc)
	}
}

// moreTypes are content types the standard library does not know without a
// system mime.types file.
var moreTypes = map[string]string{
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".webmanifest": "application/manifest+json",
	".map":         "application/json",
}

// contentType returns the content type to set for name, or "" to leave it
// to the file server.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if mime.TypeByExtension(ext) != "" {
		return ""
	}
	return moreTypes[ext]
}

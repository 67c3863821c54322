package serve

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// files serves a request for the built site: a file, a folder's index.html,
// or the site's 404 page. HTML carries the reload script; every response
// carries a strong ETag, a digest of the bytes sent, so that a browser
// revalidates a file by its content. None carries Last-Modified: counting
// whole seconds, it would let a page rewritten twice in one second pass as
// unchanged.
func (s *Server) files(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	if s.netlify != nil {
		for name, values := range s.netlify.Headers(r.URL.Path) {
			h[name] = values
		}
	}
	name, ok := fileName(r.URL)
	if !ok {
		notFound(w, r, s.fsys)
		return
	}
	file, isDir := name, false
	info, err := fs.Stat(s.fsys, name)
	if err == nil && info.IsDir() {
		// Folders are never listed: one without index.html is a miss.
		file, isDir = path.Join(name, "index.html"), true
		info, err = fs.Stat(s.fsys, file)
	}
	if err != nil || !info.Mode().IsRegular() {
		notFound(w, r, s.fsys)
		return
	}
	// The addresses http.FileServer gives: a folder's ends in a slash, a
	// file's does not, and a folder's index.html is the folder.
	slash := strings.HasSuffix(r.URL.Path, "/")
	switch {
	case strings.HasSuffix(r.URL.Path, "/index.html"):
		redirect(w, r, "./")
		return
	case isDir && !slash:
		redirect(w, r, path.Base(r.URL.Path)+"/")
		return
	case !isDir && slash:
		redirect(w, r, "../"+path.Base(r.URL.Path))
		return
	}
	body, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		notFound(w, r, s.fsys)
		return
	}
	if isHTML(file) {
		body = inject(body)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
	}
	sum := sha256.Sum256(body)
	h.Set("ETag", fmt.Sprintf(`"%x"`, sum[:16]))
	if t := contentType(file); t != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", t)
	}
	http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(body))
}

// redirect sends a request to the address to, relative to its own, keeping
// its query.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusMovedPermanently)
}

// fileName returns the name in the site folder a request path asks for, or
// false for a path no file of a built site can have: one with a backslash,
// an encoded slash or backslash, a NUL, or a segment starting with a dot
// (dot files, "." and "..", however they were encoded). The os.Root would
// also keep such requests inside the folder; refusing them outright makes
// the rule plain.
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

// reloadTag is what the server adds to every HTML response.
const reloadTag = `<script src="/_sitegen/reload.js" defer></script>`

// inject adds the reload script to an HTML document: before </head> when
// there is one, else before </body>, else at the end.
func inject(doc []byte) []byte {
	lower := bytes.ToLower(doc)
	at := bytes.Index(lower, []byte("</head>"))
	if at < 0 {
		at = bytes.LastIndex(lower, []byte("</body>"))
	}
	if at < 0 {
		at = len(doc)
	}
	out := make([]byte, 0, len(doc)+len(reloadTag))
	out = append(out, doc[:at]...)
	out = append(out, reloadTag...)
	return append(out, doc[at:]...)
}

func isHTML(name string) bool {
	return strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm")
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
// to http.ServeContent.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if mime.TypeByExtension(ext) != "" {
		return ""
	}
	return moreTypes[ext]
}

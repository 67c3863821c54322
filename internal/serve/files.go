package serve

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// files serves a file of the built site, a folder's index.html, or the
// site's 404 page. The ETag is a digest of the bytes: Last-Modified, in
// whole seconds, would pass a page rewritten within a second as unchanged.
func (s *Server) files(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	maps.Copy(h, s.netlify.Headers(r.URL.Path))
	name := cmp.Or(strings.Trim(path.Clean(r.URL.Path), "/"), ".")
	file, isDir := name, false
	info, err := fs.Stat(s.fsys, name)
	if err == nil && info.IsDir() {
		file, isDir = path.Join(name, "index.html"), true
		info, err = fs.Stat(s.fsys, file)
	}
	// Encoded slashes and names starting with a dot are refused, however
	// encoded, as are files that are not regular.
	if err == nil && (!info.Mode().IsRegular() || strings.Contains(r.URL.Path, "/.") ||
		strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%2f")) {
		err = fs.ErrNotExist
	}
	var body []byte
	if err == nil {
		body, err = fs.ReadFile(s.fsys, file)
	}
	if err != nil {
		// With the reload script, a page not built yet appears once it is.
		doc, err := fs.ReadFile(s.fsys, "404.html")
		if err != nil {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(inject(doc))
		return
	}
	// The addresses http.FileServer gives: a folder's ends in a slash, a
	// file's does not, and a folder's index.html is the folder.
	to, slash := "", strings.HasSuffix(r.URL.Path, "/")
	switch {
	case strings.HasSuffix(r.URL.Path, "/index.html"):
		to = "./"
	case isDir && !slash:
		to = path.Base(r.URL.Path) + "/"
	case !isDir && slash:
		to = "../" + path.Base(r.URL.Path)
	}
	if to != "" {
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		h.Set("Location", to)
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	if strings.HasSuffix(file, ".html") {
		body = inject(body)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
	}
	sum := sha256.Sum256(body)
	h.Set("ETag", fmt.Sprintf(`"%x"`, sum[:16]))
	http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(body))
}

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
	return slices.Insert(doc, at, []byte(reloadTag)...)
}

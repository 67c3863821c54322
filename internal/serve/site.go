package serve

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// site is one opened build folder. Requests hold a reference; the root is
// closed when the folder has been replaced and its last request is done.
type site struct {
	root    *os.Root
	fsys    fs.FS        // the folder as it is on disk
	files   http.Handler // http.FileServerFS over the folder with the reload script added
	refs    int
	retired bool
}

func openSite(dir string) (*site, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serving %s: %w", dir, err)
	}
	fsys := root.FS()
	return &site{root: root, fsys: fsys, files: http.FileServerFS(liveFS{fsys})}, nil
}

// sites holds the current site and counts its users.
type sites struct {
	mu  sync.Mutex
	cur *site
}

// acquire returns the current site, or nil after Close; release gives it back.
func (ss *sites) acquire() *site {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.cur != nil {
		ss.cur.refs++
	}
	return ss.cur
}

func (ss *sites) release(st *site) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	st.refs--
	if st.retired && st.refs == 0 {
		st.root.Close()
	}
}

// swap makes st current and retires the previous site.
func (ss *sites) swap(st *site) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	old := ss.cur
	ss.cur = st
	if old != nil && !old.retired {
		old.retired = true
		if old.refs == 0 {
			old.root.Close()
		}
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

// liveFS is a build folder whose HTML files carry the reload script. The
// file server sees the final size, so lengths and ranges stay right, and
// no modification time, so it sends no Last-Modified for a page: pages are
// revalidated by their ETag (see validators).
type liveFS struct{ fs.FS }

func (l liveFS) Open(name string) (fs.File, error) {
	f, err := l.FS.Open(name)
	if err != nil || !isHTML(name) {
		return f, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return l.FS.Open(name)
	}
	doc, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	doc = inject(doc)
	return &memFile{Reader: bytes.NewReader(doc), info: sized{info, int64(len(doc))}}, nil
}

// memFile is an HTML file after injection.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// sized is a file's information with the size of its injected content and
// no modification time.
type sized struct {
	fs.FileInfo
	size int64
}

func (s sized) Size() int64        { return s.size }
func (s sized) ModTime() time.Time { return time.Time{} }

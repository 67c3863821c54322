package serve

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"time"
)

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

package site

import (
	"context"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"time"
)

// The one-page view holds every chapter, so a partial rebuild that changed
// one chapter would rewrite it whole: 30 MB for a site of 1,000 chapters,
// more than everything else the edit costs. After a partial rebuild, Live
// writes it in the background instead, and Settle waits for it: the edited
// pages are in place, and can reload, before it is done.

// lateBook is the one-page view being written in the background.
type lateBook struct {
	done    chan struct{}
	sum     string // its digest
	wrote   bool   // its bytes changed and it was written
	err     error
	elapsed time.Duration
}

// startBook writes the one-page view of s into out in the background, by
// one rename from a scratch folder beside out. The caller must not change
// s, nor l.files, until Settle returns.
func (l *Live) startBook(s *Site, out string) {
	lb := &lateBook{done: make(chan struct{})}
	known := l.files[bookFile]
	l.book = lb
	go func() {
		defer close(lb.done)
		start := time.Now()
		lb.err = lb.write(s, out, known)
		lb.elapsed = time.Since(start)
	}()
}

func (lb *lateBook) write(s *Site, out, known string) error {
	head, sections, tail, err := s.bookPage()
	if err != nil {
		return err
	}
	if lb.sum = partsDigest(head, sections, tail); lb.sum == known {
		return nil
	}
	// A build into the same folder may hold it; the next rebuild settles
	// this write first, so it cannot be waiting for its own.
	unlock, err := lockOut(context.Background(), out, func() {})
	if err != nil {
		return err
	}
	defer unlock()
	scratch, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := writeParts(scratch, bookFile, head, sections, tail); err != nil {
		return err
	}
	dst := filepath.Join(out, filepath.FromSlash(bookFile))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(scratch, filepath.FromSlash(bookFile)), dst); err != nil {
		return err
	}
	lb.wrote = true
	return nil
}

// Settle waits for the one-page view that the last rebuild left to write
// in the background, and reports what that wrote: its page, to reload,
// when its bytes changed. It returns nil, nil when nothing was left.
// Rebuild settles first by itself; a caller settles to know when the
// output is complete. After an error the next rebuild is a full one.
func (l *Live) Settle() (*Report, error) {
	lb := l.book
	if lb == nil {
		return nil, nil
	}
	<-lb.done
	l.book = nil
	if lb.err != nil {
		l.stale = true
		return nil, fmt.Errorf("writing the one-page view %s: %w", bookFile, lb.err)
	}
	l.files[bookFile] = lb.sum
	rep := &Report{What: "one-page view", Elapsed: lb.elapsed}
	if lb.wrote {
		rep.Written = []string{bookFile}
		rep.Pages = []string{pageURL(bookFile)}
	}
	return rep, nil
}

// partsDigest is the digest of the file made of head, parts and tail.
func partsDigest(head []byte, parts []string, tail []byte) string {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	h.Write(head)
	for _, p := range parts {
		h.WriteString(p)
	}
	h.Write(tail)
	return string(h.Sum(nil))
}

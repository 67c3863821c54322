package demotest

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps its cleanups and errors, so that a
// test can see what Settled reports.
type recorder struct {
	testing.TB
	cleanups []func()
	errs     []string
}

func (r *recorder) Helper()           {}
func (r *recorder) Cleanup(f func())  { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

func (r *recorder) finish() {
	for _, f := range slices.Backward(r.cleanups) {
		f()
	}
}

func TestSettled(t *testing.T) {
	settleTimeout = 200 * time.Millisecond
	t.Cleanup(func() { settleTimeout = 10 * time.Second })
	for _, tc := range []struct {
		name string
		leak func() (undo func())
		want string // in the error; empty for none
	}{
		{"nothing left", func() func() { return func() {} }, ""},
		{"goroutine", func() func() {
			stop := make(chan struct{})
			go func() { <-stop }()
			return func() { close(stop) }
		}, "goroutines"},
		{"descriptor", func() func() {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			return func() { r.Close(); w.Close() }
		}, "file descriptors open"},
		{"GOMAXPROCS", func() func() {
			old := runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + 1)
			return func() { runtime.GOMAXPROCS(old) }
		}, "GOMAXPROCS left at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "file descriptors open" && openFiles() == 0 {
				t.Skip("no /proc/self/fd to count descriptors")
			}
			r := &recorder{TB: t}
			Settled(r)
			undo := tc.leak()
			r.finish()
			undo()
			got := strings.Join(r.errs, "\n")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("Settled reported %q, want %q", got, tc.want)
			}
		})
	}
}

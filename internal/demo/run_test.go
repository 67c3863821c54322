package demo

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fixture copies testdata/fixture, a small module with demos, into a
// temporary folder and returns its root.
func fixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/fixture")); err != nil {
		t.Fatal(err)
	}
	return root
}

// newRunner returns a runner over root with test-sized timeouts and the
// progress lines collected in the returned buffer. Its machine lock is its
// own, so that a sitegen measuring elsewhere on the machine cannot hold up
// a test with a deadline.
func newRunner(t *testing.T, root string, mode Mode) (*Runner, *bytes.Buffer) {
	t.Helper()
	var progress bytes.Buffer
	r, err := New(Config{Root: root, Mode: mode, Grace: 300 * time.Millisecond, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	r.timeout, r.lock = 30*time.Second, filepath.Join(root, ".test.lock")
	return r, &progress
}

// runOne runs one demo and returns its outcome and Run's error.
func runOne(t *testing.T, r *Runner, q Request) (Outcome, error) {
	t.Helper()
	outs, err := r.Run(context.Background(), []Request{q})
	if len(outs) != 1 {
		t.Fatalf("Run(%s) gave %d outcomes, want 1 (err %v)", q.Demo, len(outs), err)
	}
	return outs[0], err
}

func TestRunGood(t *testing.T) {
	root := fixture(t)
	r, progress := newRunner(t, root, ModeAuto)
	o, err := runOne(t, r, Request{Demo: "good"})
	if err != nil {
		t.Fatal(err)
	}
	if !o.Ran || o.ExitCode != 0 || o.Stdout != "sum: 5050\n" || o.Stderr != "" {
		t.Errorf("outcome = ran %v, exit %d, stdout %q, stderr %q; want ran, exit 0, \"sum: 5050\\n\", no stderr",
			o.Ran, o.ExitCode, o.Stdout, o.Stderr)
	}
	if o.Results == nil || o.Results.Demo != "good" || len(o.Results.Strategies) != 1 {
		t.Errorf("results = %+v, want the fixture's", o.Results)
	}
	fr, err := readFrozen(filepath.Join(root, "demos", "good"))
	if err != nil || fr == nil {
		t.Fatalf("frozen result: %v, %v", fr, err)
	}
	if fr.Fingerprint != o.Fingerprint || fr.Stdout != o.Stdout || fr.Results == nil || fr.Go != o.Go {
		t.Errorf("frozen = %+v, want the outcome's fingerprint, go, stdout and results", fr)
	}
	for _, want := range []string{"demo 1/1 good: no frozen result, running", "good: building", "good: done in "} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress)
		}
	}

	// A forced rerun of an unchanged demo reuses its binary.
	r, progress = newRunner(t, root, ModeForce)
	if o, err := runOne(t, r, Request{Demo: "good"}); err != nil || !o.Ran {
		t.Fatalf("forced run: ran %v, %v", o.Ran, err)
	}
	if strings.Contains(progress.String(), "building") {
		t.Errorf("forced run of an unchanged demo rebuilt it:\n%s", progress)
	}
	bins, _ := filepath.Glob(filepath.Join(root, ".sitegen-cache", "demos", "good-*"))
	if len(bins) != 1 {
		t.Errorf("cache holds %v, want one binary of good", bins)
	}
}

func TestRunBadDemos(t *testing.T) {
	root := fixture(t)
	tests := []struct {
		req        Request
		wantErr    []string // substrings; none means no error
		wantStdout []string
		wantExit   int
		wantFrozen bool
	}{
		{req: Request{Demo: "broken"}, wantErr: []string{"demo broken does not build", "main.go:7", "cannot use"}, wantExit: -1},
		{req: Request{Demo: "fail"}, wantErr: []string{"demo fail: exit status 1", "fail: the disk is full"},
			wantStdout: []string{"partial report"}, wantExit: 1},
		{req: Request{Demo: "fail", AllowError: true}, wantStdout: []string{"partial report"}, wantExit: 1, wantFrozen: true},
		{req: Request{Demo: "badresults"}, wantErr: []string{"demo badresults wrote invalid results", "strategies: none"}},
		{req: Request{Demo: "html"}, wantFrozen: true,
			wantStdout: []string{`<script>alert("x")</script> & <b>bold</b>`, `bad \xff\xfe bytes, good é`}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/allow=%v", tt.req.Demo, tt.req.AllowError), func(t *testing.T) {
			os.Remove(filepath.Join(root, "demos", tt.req.Demo, frozenName))
			r, _ := newRunner(t, root, ModeAuto)
			o, err := runOne(t, r, tt.req)
			if len(tt.wantErr) == 0 && (err != nil || o.Err != nil) {
				t.Fatalf("Run: %v", err)
			}
			if len(tt.wantErr) > 0 && (err == nil || o.Err == nil) {
				t.Fatalf("Run succeeded, want an error with %q", tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			for _, want := range tt.wantStdout {
				if !strings.Contains(o.Stdout, want) {
					t.Errorf("stdout %q lacks %q", o.Stdout, want)
				}
			}
			if tt.wantErr == nil && o.ExitCode != tt.wantExit {
				t.Errorf("exit code = %d, want %d", o.ExitCode, tt.wantExit)
			}
			fr, _ := readFrozen(filepath.Join(root, "demos", tt.req.Demo))
			if (fr != nil) != tt.wantFrozen {
				t.Errorf("frozen result written = %v, want %v", fr != nil, tt.wantFrozen)
			}
		})
	}
}

func TestRunFloodIsCapped(t *testing.T) {
	root := fixture(t)
	r, _ := newRunner(t, root, ModeAuto)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	o, err := runOne(t, r, Request{Demo: "flood"})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !o.TruncatedStdout || !strings.Contains(o.Stdout, "[output truncated: the first 1.0 MiB of 100.0 MiB shown]") {
		t.Errorf("stdout not marked truncated: %v, ends %q", o.TruncatedStdout, o.Stdout[max(0, len(o.Stdout)-100):])
	}
	if n := len(o.Stdout); n > 1<<20+200 {
		t.Errorf("kept %d bytes of stdout, want at most the 1 MiB cap and a note", n)
	}
	if o.TruncatedStderr || o.Stderr != "flood: done\n" {
		t.Errorf("stderr = %q (truncated %v), want it whole", o.Stderr, o.TruncatedStderr)
	}
	// Keeping the whole output would allocate at least 100 MB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 40<<20 {
		t.Errorf("running the demo allocated %d MiB, want far less than its 100 MB of output", grew>>20)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// settled fails t when a goroutine or a child process outlives the test.
func settled(t *testing.T) {
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := worker.Settle(ctx, base); err != nil {
			t.Error(err)
		}
	})
}

func TestStrategies(t *testing.T) {
	d := &raceDemo{workers: 4, increments: 50_000}
	for _, s := range d.demo().Strategies {
		t.Run(s.Name, func(t *testing.T) {
			if s.Name == "plain" && raceDetector == 1 {
				t.Skip("the plain increment is the data race the detector reports")
			}
			settled(t)
			r := measure.NewRun()
			got, err := s.Run(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			n := got.(int64)
			lost := r.Metrics()["lost"]
			if n+int64(lost) != d.want() {
				t.Errorf("counter %d and lost %v do not add up to %d", n, lost, d.want())
			}
			// Only the strategies that may lose updates are allowed to.
			if !s.AnyAnswer && n != d.want() {
				t.Errorf("counter = %d, want %d", n, d.want())
			}
			if n <= 0 || n > d.want() {
				t.Errorf("counter = %d, outside 1..%d", n, d.want())
			}
		})
	}
}

func TestQuickRun(t *testing.T) {
	if raceDetector == 1 {
		t.Skip("the plain increment is the data race the detector reports")
	}
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&raceDemo{workers: 4, increments: 10_000_000}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := results.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if res.Params["increments"] != 100_000 || len(res.Strategies) != 5 || len(res.Check.Claims) != 3 {
		t.Errorf("unexpected results: %+v", res)
	}
}

// TestRaceDetector builds the demo with -race and checks that the detector
// reports the plain increment's data race, and only that one: the GIL's
// lost updates are invisible to it.
func TestRaceDetector(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo with -race")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "race")
	if out, err := exec.Command(goTool, "build", "-race", "-o", bin, ".").CombinedOutput(); err != nil {
		// The race detector needs cgo and a C compiler.
		unsupported := strings.Contains(string(out), "-race") || strings.Contains(string(out), "C compiler")
		if unsupported && os.Getenv("SITEGEN_REQUIRE_TOOLS") != "1" {
			t.Skipf("go build -race is not possible here (set SITEGEN_REQUIRE_TOOLS=1 to fail instead): %s", out)
		}
		t.Fatalf("go build -race: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-quick", "-repeats", "1")
	cmd.Env = append(os.Environ(), "DEMO_RESULTS=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	report := stderr.String()
	if err == nil || !strings.Contains(report, "WARNING: DATA RACE") {
		t.Fatalf("the race detector reported nothing (err %v):\n%s", err, report)
	}
	if !strings.Contains(report, "(*raceDemo).plain") {
		t.Errorf("the report does not name the plain increment:\n%s", report)
	}
	for _, clean := range []string{"(*raceDemo).atomic", "(*raceDemo).mutex", "(*raceDemo).gil"} {
		if strings.Contains(report, clean) {
			t.Errorf("the report names %s:\n%s", clean, report)
		}
	}
}

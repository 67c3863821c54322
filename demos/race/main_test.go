package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategies(t *testing.T) {
	d := &raceDemo{workers: 4, increments: 50_000, interval: 100 * time.Microsecond}
	dm := d.demo()
	if raceDetector == 1 {
		// The plain increment is the data race the detector reports.
		dm.Strategies = slices.DeleteFunc(dm.Strategies, func(s measure.Strategy) bool { return s.Name == "plain" })
	}
	// Only the strategies that may lose updates (AnyAnswer) may differ.
	demotest.Agree(t, dm, d.want(), func(t *testing.T, s measure.Strategy, got any, r *measure.Run) {
		n := got.(int64)
		if lost := r.Metrics()["lost"]; n+int64(lost) != d.want() {
			t.Errorf("counter %d and lost %v do not add up to %d", n, lost, d.want())
		}
		if n <= 0 || n > d.want() {
			t.Errorf("counter = %d, outside 1..%d", n, d.want())
		}
	})
}

func TestQuickRun(t *testing.T) {
	if raceDetector == 1 {
		t.Skip("the plain increment is the data race the detector reports")
	}
	res, _ := demotest.QuickRun(t, (&raceDemo{workers: 4, increments: 10_000_000}).demo())
	if res.Params["increments"] != 100_000 || res.Params["gil_interval_s"] != 100e-6 {
		t.Errorf("unexpected params: %+v", res.Params)
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

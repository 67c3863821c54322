package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// runMain, set in the environment, makes the test binary run the demo
// itself, as go run would: the signal test needs a whole process.
const runMain = "IPC_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	worker.Main(digesting)
	if os.Getenv(runMain) != "" {
		os.Args = os.Args[:1]
		main()
	}
	os.Exit(m.Run())
}

// settled fails t when a goroutine or a child process outlives the test.
func settled(t *testing.T) {
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := worker.Settle(ctx, base); err != nil {
			t.Error(err)
		}
	})
}

func TestStrategiesAgree(t *testing.T) {
	settled(t)
	d := &ipcDemo{}
	dm := d.demo()
	if _, err := dm.Setup(context.Background(), measure.Options{Quick: true}); err != nil {
		t.Fatal(err)
	}
	defer d.stop()
	for _, s := range dm.Strategies {
		t.Run(s.Name, func(t *testing.T) {
			r := measure.NewRun()
			got, err := s.Run(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got != d.messages {
				t.Errorf("got %v, want %d messages answered right", got, d.messages)
			}
			if v := r.Metrics()["per_message_s"]; v <= 0 {
				t.Errorf("per_message_s = %v", v)
			}
		})
	}
}

func TestDigestSeesTheBytes(t *testing.T) {
	a := make([]byte, 4096)
	b := make([]byte, 4096)
	b[64] = 1 // the second of the 64 sampled bytes
	if digest(a) == digest(b) {
		t.Error("digest ignores a sampled byte")
	}
	if digest(a[:1024]) == digest(a[:2048]) {
		t.Error("digest ignores the length")
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&ipcDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Strategies) != 2*len(sizes) {
		t.Errorf("%d strategies, want %d", len(res.Strategies), 2*len(sizes))
	}
	for _, m := range []string{"channel_largest_per_smallest_x", "process_largest_per_smallest_x", "process_per_channel_largest_x"} {
		if res.Metrics[m] <= 0 {
			t.Errorf("metric %s = %v", m, res.Metrics[m])
		}
	}
}

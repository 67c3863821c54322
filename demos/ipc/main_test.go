package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main, digesting) }

func TestStrategiesAgree(t *testing.T) {
	demotest.Settled(t) // registered first, so it runs after the teardown
	d := &ipcDemo{}
	dm := d.demo()
	if _, err := dm.Setup(context.Background(), measure.Options{Quick: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dm.Teardown)
	// Each size has its own digest: no answer is common to all.
	demotest.Agree(t, dm, nil, func(t *testing.T, s measure.Strategy, got any, r *measure.Run) {
		size := 0
		for _, n := range sizes {
			if name("", n)[1:] == s.Group {
				size = n
			}
		}
		if want := digest(d.payloads[size]); got != want {
			t.Errorf("got %v, want the digest %v of the %s payload", got, want, s.Group)
		}
		if v := r.Metrics()["per_message_s"]; v <= 0 {
			t.Errorf("per_message_s = %v", v)
		}
	})
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
	res, out := demotest.QuickRun(t, (&ipcDemo{}).demo())
	for _, m := range []string{"channel_largest_per_smallest_x", "process_largest_per_smallest_x", "process_per_channel_largest_x"} {
		if res.Metrics[m] <= 0 {
			t.Errorf("metric %s = %v", m, res.Metrics[m])
		}
	}
	for _, s := range res.Strategies {
		if s.Speedup != 0 {
			t.Errorf("strategy %s has a speedup, %v, though the sizes differ", s.Name, s.Speedup)
		}
	}
	if strings.Contains(out, "speedup") {
		t.Errorf("the report shows a speedup column:\n%s", out)
	}
}

// TestTeardownAfterFailure breaks one strategy and checks that the
// receiving process ends all the same: Settled fails the test otherwise.
func TestTeardownAfterFailure(t *testing.T) {
	demotest.Settled(t)
	d := &ipcDemo{}
	dm := d.demo()
	dm.Strategies[len(dm.Strategies)-1].Run = func(context.Context, *measure.Run) (any, error) {
		return nil, errors.New("broken on purpose")
	}
	var stdout, stderr bytes.Buffer
	if code := dm.Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d with a broken strategy, want 1", code)
	}
	if d.proc != nil {
		t.Error("the receiving process was not closed")
	}
}

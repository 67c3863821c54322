package results

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// valid returns results that pass Validate, for the cases to break.
func valid() *Results {
	return &Results{
		Demo: "cpu",
		Env: Env{CPU: "AMD EPYC 7B13", Cores: 2, GOMAXPROCS: 2, Go: "go1.26.8", OS: "linux", Arch: "amd64",
			Time: time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)},
		Strategies: []Strategy{
			{Name: "sequential", RunsS: []float64{0.41, 0.42, 0.40}, MedianS: 0.41, MinS: 0.40, MaxS: 0.42},
			{Name: "threads", RunsS: []float64{0.21}, MedianS: 0.21, MinS: 0.21, MaxS: 0.21, Speedup: 1.95},
			{Name: "processes", Unavailable: "no fork here"},
		},
		Timeline: []Event{
			{Strategy: "threads", Worker: 1, Task: 0, StartS: 0, EndS: 0.1},
			{Strategy: "threads", Worker: 1, Task: 1, StartS: 0.1, EndS: 0.1, Kind: "wait"},
		},
		Ideal: &Ideal{S: 0.205, Label: "sequential / 2 cores"},
		Check: Check{OK: true},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Results)
		want   []string // every one must appear in the error; none means valid
	}{
		{"valid", func(*Results) {}, nil},
		{"no ideal", func(r *Results) { r.Ideal = nil }, nil},
		{"zero times", func(r *Results) { r.Strategies[1] = Strategy{Name: "threads", RunsS: []float64{0}} },
			[]string{`strategies[1] "threads": time 0 is not a finite number of seconds above 0`}},
		{"huge median", func(r *Results) { r.Strategies[0].MedianS, r.Strategies[0].MaxS = 1e308, 1e308 },
			[]string{`strategies[0] "sequential": time 1e+308 is not a finite number of seconds above 0 and at most 86400`}},
		{"too many strategies", func(r *Results) {
			for i := range MaxStrategies {
				r.Strategies = append(r.Strategies, Strategy{Name: fmt.Sprint("s", i), Unavailable: "no"})
			}
		}, []string{"strategies: 259, more than the 256 allowed"}},
		{"too many events", func(r *Results) {
			for i := range MaxEvents {
				r.Timeline = append(r.Timeline, Event{Strategy: "threads", Task: i, StartS: 0, EndS: 0.1})
			}
		}, []string{`timeline: strategy "threads" has more than the 5000 events allowed`}},
		{"metric not finite", func(r *Results) { r.Strategies[0].Metrics = map[string]float64{"x_bytes": math.Inf(1)} },
			[]string{`strategies[0] "sequential": metric x_bytes is +Inf, not a finite number`}},
		{"huge speedup", func(r *Results) { r.Strategies[1].Speedup = 1e300 }, []string{"at most 1e+06, got 1e+300"}},
		{"empty demo", func(r *Results) { r.Demo = "" }, []string{"demo: empty"}},
		{"env missing", func(r *Results) { r.Env.CPU = "" }, []string{"env: cpu, os and arch are required"}},
		{"env cores", func(r *Results) { r.Env.Cores = 0 }, []string{"env: cores must be at least 1"}},
		{"env gomaxprocs", func(r *Results) { r.Env.GOMAXPROCS = 0 }, []string{"env: want go and gomaxprocs of at least 1 (a Go demo) or python"}},
		{"env no go", func(r *Results) { r.Env.Go = "" }, []string{"env: want go and gomaxprocs"}},
		{"python", func(r *Results) { r.Env.Go, r.Env.GOMAXPROCS, r.Env.Python, r.Env.GIL = "", 0, "3.11.7", "enabled" }, nil},
		{"python without gil", func(r *Results) { r.Env.Go, r.Env.GOMAXPROCS, r.Env.Python = "", 0, "3.13.1" }, nil},
		{"neither go nor python", func(r *Results) { r.Env.Go, r.Env.GOMAXPROCS = "", 0 }, []string{"env: want go and gomaxprocs"}},
		{"negative gomaxprocs", func(r *Results) { r.Env.Go, r.Env.GOMAXPROCS, r.Env.Python = "", -1, "3.11.7" }, []string{"env: gomaxprocs -1 is negative"}},
		{"gil", func(r *Results) { r.Env.Python, r.Env.GIL = "3.13.1", "off" }, []string{`env: gil "off" is not enabled or disabled`}},
		{"env time", func(r *Results) { r.Env.Time = time.Time{} }, []string{"env: time is missing"}},
		{"no strategies", func(r *Results) { r.Strategies, r.Timeline = nil, nil }, []string{"strategies: none"}},
		{"empty name", func(r *Results) { r.Strategies[0].Name = "" }, []string{"strategies[0]: empty name"}},
		{"duplicate", func(r *Results) { r.Strategies[2] = r.Strategies[1] }, []string{`strategies: names used more than once: "threads"`}},
		{"no runs", func(r *Results) { r.Strategies[0].RunsS = nil }, []string{`strategies[0] "sequential": no runs`}},
		{"negative", func(r *Results) { r.Strategies[0].RunsS[1] = -1 }, []string{`"sequential": time -1 is not a finite number of seconds above 0`}},
		{"NaN median", func(r *Results) { r.Strategies[0].MedianS = math.NaN() }, []string{"time NaN is not"}},
		{"infinite run", func(r *Results) { r.Strategies[1].RunsS[0] = math.Inf(1) }, []string{"time +Inf is not"}},
		{"order", func(r *Results) { r.Strategies[0].MinS = 0.5 }, []string{"want min <= median <= max, got 0.5, 0.41, 0.42"}},
		{"unknown event strategy", func(r *Results) { r.Timeline[0].Strategy = "cpux" }, []string{`timeline[0]: an event names an unknown strategy: "cpux"`}},
		{"event backwards", func(r *Results) { r.Timeline[1].EndS = 0.05 }, []string{"timeline[1]: want 0 <= start <= end, got 0.1, 0.05"}},
		{"event negative", func(r *Results) { r.Timeline[0].StartS = -0.1 }, []string{"timeline[0]: want 0 <= start <= end"}},
		{"event kind", func(r *Results) { r.Timeline[0].Kind = "sleep" }, []string{`timeline[0]: kind "sleep" is not run or wait`}},
		{"ideal zero", func(r *Results) { r.Ideal.S = 0 }, []string{"ideal: needs a finite s above 0 and at most 86400 seconds, and a label"}},
		{"ideal label", func(r *Results) { r.Ideal.Label = "" }, []string{"ideal: needs a finite s above 0 and at most 86400 seconds, and a label"}},
		{"several at once", func(r *Results) { r.Env.Cores = 0; r.Timeline[0].Kind = "x" },
			[]string{"env: cores must be", `kind "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.mutate(r)
			err := r.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate: no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), "results of demo ") {
				t.Errorf("error %q does not name the demo", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	const good = `{"demo":"cpu","env":{"cpu":"x","cores":2,"gomaxprocs":2,"go":"go1.26.8","os":"linux","arch":"amd64","time":"2026-11-26T03:00:00Z"},
		"strategies":[{"name":"sequential","runs_s":[0.4],"median_s":0.4,"min_s":0.4,"max_s":0.4,"future_field":true}],
		"check":{"ok":true,"noisy":false,"expected":""},"added_later":{"x":1}}`
	tests := []struct {
		name, in, wantErr string
	}{
		{"valid with unknown fields", good, ""},
		{"not JSON", `{"demo":`, "decoding results: unexpected EOF"},
		{"wrong type", `{"demo":3}`, "decoding results: json: cannot unmarshal number"},
		{"invalid", `{"demo":"cpu","strategies":[]}`, `results of demo "cpu": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode(strings.NewReader(tt.in))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if s, ok := r.Lookup("sequential"); !ok || s.MedianS != 0.4 {
					t.Errorf("Lookup(sequential) = %+v, %v", s, ok)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Decode: error %v, want one containing %q", err, tt.wantErr)
			}
			if r != nil {
				t.Errorf("Decode returned results with an error")
			}
		})
	}
}

func TestFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	want := valid()
	if err := want.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}

	bad := valid()
	bad.Demo = ""
	if err := bad.WriteFile(filepath.Join(t.TempDir(), "bad.json")); err == nil {
		t.Error("WriteFile wrote invalid results")
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("ReadFile of a missing file: no error")
	}
}

func TestReadFileNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(path, []byte(`{"demo":"cpu","strategies":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+`:1: results of demo "cpu": `) {
		t.Errorf("ReadFile: error %v, want it to start with the path, line and the demo", err)
	}
}

// TestLocate writes results with problems as indented JSON and checks
// that each problem is one line naming the file and the line of the value
// at fault, and that a list that repeats a problem gives one line.
func TestLocate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Results)
		want   []string // the lines of the error, after "f.json:"
	}{
		{"huge median", func(r *Results) { r.Strategies[1].MedianS, r.Strategies[1].MaxS = 1e308, 1e308 },
			[]string{`30: results of demo "cpu": strategies[1] "threads": time 1e+308 is not a finite number of seconds above 0 and at most 86400`}},
		{"bad run", func(r *Results) { r.Strategies[0].RunsS[2] = -1 },
			[]string{`19: results of demo "cpu": strategies[0] "sequential": time -1 is not a finite number of seconds above 0 and at most 86400`}},
		{"event kind", func(r *Results) { r.Timeline[1].Kind = "sleep" },
			[]string{`58: results of demo "cpu": timeline[1]: kind "sleep" is not run or wait`}},
		{"no strategies", func(r *Results) {
			r.Strategies = nil
			for i := range 40 {
				r.Timeline = append(r.Timeline, Event{Strategy: "threads", Task: i, EndS: 0.1})
			}
		}, []string{`13: results of demo "cpu": strategies: none`}},
		{"strategies twice", func(r *Results) {
			r.Strategies = append(r.Strategies, r.Strategies...)
			r.Strategies = append(r.Strategies, r.Strategies...)
		}, []string{`44: results of demo "cpu": strategies: names used more than once: "sequential", "threads", "processes"`}},
		{"events of unknown strategies", func(r *Results) {
			for i := range 40 {
				r.Timeline = append(r.Timeline, Event{Strategy: fmt.Sprint("x", i%2), Task: i, EndS: 0.1})
			}
		}, []string{`61: results of demo "cpu": timeline[2]: 40 events name unknown strategies: "x0", "x1"`}},
		{"many problems", func(r *Results) {
			for i := range 30 {
				r.Timeline = append(r.Timeline, Event{Strategy: "threads", Task: i, StartS: 1, EndS: 0.5})
			}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.mutate(r)
			data, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			err = Locate(r.Validate(), "f.json", data)
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if tt.want == nil {
				if len(lines) != 11 || lines[10] != `f.json: results of demo "cpu": and 20 more problems` {
					t.Errorf("error of %d lines, want ten and a count of the rest:\n%v", len(lines), err)
				}
				return
			}
			for i := range lines {
				lines[i] = strings.TrimPrefix(lines[i], "f.json:")
			}
			if !reflect.DeepEqual(lines, tt.want) {
				t.Errorf("error lines\n%s\nwant\n%s\nin\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"), data)
			}
		})
	}
}

// TestLocateSyntax checks that a JSON syntax error names its line.
func TestLocateSyntax(t *testing.T) {
	data := []byte("{\n  \"demo\": \"cpu\",\n  \"strategies\": [,]\n}\n")
	_, err := decode(data)
	err = Locate(err, "f.json", data)
	if err == nil || !strings.HasPrefix(err.Error(), "f.json:3: ") {
		t.Errorf("error %v, want it to name f.json:3", err)
	}
}

func TestInterpreter(t *testing.T) {
	for impl, want := range map[string]string{"cpython": "CPython", "pypy": "PyPy", "graalpy": "graalpy", "": "Python"} {
		if got := (Env{Implementation: impl}).Interpreter(); got != want {
			t.Errorf("Interpreter() of %q = %q, want %q", impl, got, want)
		}
	}
}

func TestRuntime(t *testing.T) {
	tests := []struct {
		env  Env
		want string
	}{
		{Env{Go: "go1.26.8", GOMAXPROCS: 2}, ""},
		{Env{Python: "3.11.7", Implementation: "cpython"}, "CPython 3.11.7"},
		{Env{Python: "3.11.2", Implementation: "cpython", Libraries: map[string]string{"uvloop": "0.17.0", "gevent": "22.10.2"}},
			"CPython 3.11.2 · gevent 22.10.2 · uvloop 0.17.0"},
	}
	for _, tt := range tests {
		if got := tt.env.Runtime(); got != tt.want {
			t.Errorf("Runtime() of %+v = %q, want %q", tt.env, got, tt.want)
		}
	}
}

package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/results"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// load reads testdata/NAME.json.
func load(t *testing.T, name string) *results.Results {
	t.Helper()
	r, err := results.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// charts lists every drawing of every fixture, named as its golden file.
func charts(t *testing.T) map[string]template.HTML {
	t.Helper()
	out := map[string]template.HTML{}
	for _, name := range fixtures {
		r := load(t, name)
		draw := map[string]func(*results.Results) (template.HTML, error){
			"bars":     Bars,
			"table":    Table,
			"timeline": func(r *results.Results) (template.HTML, error) { return Timeline(r) },
		}
		for kind, f := range draw {
			if kind == "timeline" && len(r.Timeline) == 0 {
				continue
			}
			h, err := f(r)
			if err != nil {
				t.Fatalf("%s %s: %v", name, kind, err)
			}
			out[name+"-"+kind] = h
		}
	}
	for _, v := range versusFixtures {
		a, b := load(t, v[0]), load(t, v[1])
		for kind, f := range map[string]func(a, b *results.Results) (template.HTML, error){"versus": Versus, "versus-table": VersusTable} {
			h, err := f(a, b)
			if err != nil {
				t.Fatalf("%s %s %s: %v", v[0], kind, v[1], err)
			}
			out[v[0]+"-"+kind+"-"+v[1]] = h
		}
	}
	return out
}

// versusFixtures are the pairs of fixtures drawn by Versus and VersusTable:
// speedups of two languages, medians of one, and hostile names.
var versusFixtures = [][2]string{{"cpupy", "cpu"}, {"ipc", "ipc"}, {"escape", "escape"}}

func TestGolden(t *testing.T) {
	for name, h := range charts(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".golden")
			// One element a line, so that a change reads well in a diff;
			// the output itself has no newlines, so this loses nothing.
			got := []byte(strings.ReplaceAll(string(h), "><", ">\n<") + "\n")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := charts(t), charts(t)
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s: two drawings of the same results differ", name)
		}
	}
}

// TestWellFormed parses every chart as XML and checks what the site's
// Content-Security-Policy and screen readers need.
func TestWellFormed(t *testing.T) {
	for name, h := range charts(t) {
		t.Run(name, func(t *testing.T) {
			d := xml.NewDecoder(strings.NewReader(string(h)))
			var first *xml.StartElement
			var elems []string
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed XML: %v\n%s", err, h)
				}
				se, ok := tok.(xml.StartElement)
				if !ok {
					continue
				}
				if first == nil {
					first = &se
				}
				elems = append(elems, se.Name.Local)
				switch se.Name.Local {
				case "style", "script", "foreignObject":
					t.Errorf("element <%s> in output", se.Name.Local)
				}
				for _, a := range se.Attr {
					if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
						t.Errorf("attribute %s on <%s>", a.Name.Local, se.Name.Local)
					}
					if a.Name.Local == "width" && se.Name.Local == "svg" && a.Value != "100%" {
						t.Errorf("svg width %q, want 100%%", a.Value)
					}
				}
			}
			if strings.Contains(name, "-table") {
				if first.Name.Local != "div" || len(elems) < 2 || elems[1] != "table" {
					t.Errorf("elements %v, want a div holding the table", elems[:min(2, len(elems))])
				}
				return
			}
			if first.Name.Local != "svg" || attr(first, "role") != "img" || attr(first, "viewBox") == "" {
				t.Errorf("root is <%s role=%q viewBox=%q>, want <svg role=img> with a viewBox",
					first.Name.Local, attr(first, "role"), attr(first, "viewBox"))
			}
			if len(elems) < 3 || elems[1] != "title" || elems[2] != "desc" {
				t.Errorf("first children %v, want title then desc", elems[1:min(3, len(elems))])
			}
		})
	}
}

func attr(se *xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestEscaped checks that markup in names and labels arrives as text.
func TestEscaped(t *testing.T) {
	hostile := []string{"<script>", "</svg><script>", "<b>", "<i>", `"quoted"`, "]]>", " & "}
	for name, h := range charts(t) {
		if !strings.HasPrefix(name, "escape-") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, s := range hostile {
				if strings.Contains(string(h), s) {
					t.Errorf("raw %q in output", s)
				}
			}
			if !strings.Contains(string(h), "&lt;script&gt;") {
				t.Errorf("escaped strategy name &lt;script&gt; missing")
			}
		})
	}
}

func TestDescribes(t *testing.T) {
	tests := []struct {
		fixture string
		draw    func(*results.Results) (template.HTML, error)
		want    []string
	}{
		{"cpu", Bars, []string{"<desc>Median time per strategy: sequential 412 ms", "threads 208 ms", "speedup 1.98×", "Ideal: 206 ms, sequential time / 2 cores."}},
		{"ipc", Bars, []string{"on a log scale", "shm unavailable (needs /dev/shm", "mutex 45.0 ns", ">log scale: median time, whiskers min–max<"}},
		{"cpu", func(r *results.Results) (template.HTML, error) { return Timeline(r, "threads") },
			[]string{"threads, 2 workers, 8 runs and 6 waits, ending at 207 ms"}},
		{"cpu", Table, []string{`<th scope="row">processes <span class="chart-label">2 worker processes</span></th><td class="num">224 ms</td>`, "<td class=\"num\">1.97</td>"}},
		{"ipc", Table, []string{`<td colspan="4">unavailable: needs /dev/shm`, `<span class="chart-label">shared memory</span>`}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			h, err := tt.draw(load(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(h), w) {
					t.Errorf("missing %q in\n%s", w, h)
				}
			}
		})
	}
}

func TestTimelineSelection(t *testing.T) {
	r := load(t, "cpu")
	tests := []struct {
		names   []string
		wantErr string
		has     []string
		hasNot  []string
	}{
		{nil, "", []string{">sequential<", ">threads<"}, []string{">goroutines<"}},
		{[]string{"threads"}, "", []string{">threads<"}, []string{">sequential<"}},
		{[]string{"cpux"}, `unknown strategy "cpux"`, nil, nil},
		{[]string{"goroutines"}, `strategy "goroutines" has no timeline events`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.names, ","), func(t *testing.T) {
			h, err := Timeline(r, tt.names...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.has {
				if !strings.Contains(string(h), s) {
					t.Errorf("missing %s", s)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(string(h), s) {
					t.Errorf("unexpected %s", s)
				}
			}
		})
	}
	noEvents := load(t, "ipc")
	if _, err := Timeline(noEvents); err == nil || !strings.Contains(err.Error(), "no timeline events") {
		t.Errorf("timeline of results without events: error %v, want no timeline events", err)
	}
}

func TestInvalidResults(t *testing.T) {
	notFinite := []func(r *results.Results){
		func(r *results.Results) { r.Ideal.S = math.NaN() },
		func(r *results.Results) { r.Timeline[0].EndS = math.Inf(1) },
		func(r *results.Results) { r.Timeline[0].StartS = math.NaN() },
		func(r *results.Results) { r.Strategies[1].Speedup = math.NaN() },
	}
	for i, mutate := range notFinite {
		r := load(t, "cpu")
		mutate(r)
		if _, err := Bars(r); err == nil || !strings.Contains(err.Error(), "finite") {
			t.Errorf("not finite %d: error %v, want one saying finite", i, err)
		}
	}
	bad := &results.Results{Demo: "cpu"}
	for name, f := range map[string]func(*results.Results) (template.HTML, error){
		"bars": Bars, "table": Table, "timeline": func(r *results.Results) (template.HTML, error) { return Timeline(r) },
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := f(nil); err == nil {
				t.Error("nil results: no error")
			}
			if _, err := f(bad); err == nil || !strings.Contains(err.Error(), `results of demo "cpu"`) {
				t.Errorf("invalid results: error %v, want the validation error", err)
			}
		})
	}
}

// fixtures names the results in testdata drawn by the tests.
var fixtures = []string{"cpu", "ipc", "escape", "long"}

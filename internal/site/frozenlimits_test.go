package site

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
)

// TestFrozenLimits edits a frozen result past the limits of the results
// contract and checks that a build fails with one line per problem naming
// frozen.json and the line of the value at fault, before any page is
// written: the previous output stays as it was.
func TestFrozenLimits(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	frozen := filepath.Join(root, "demos", "good", "frozen.json")
	good := readText(t, frozen)
	page := filepath.Join(out, "intro", "index.html")
	oldPage := readText(t, page)

	type doc = map[string]any
	strategies := func(d doc) []any { return d["results"].(doc)["strategies"].([]any) }
	tests := []struct {
		name  string
		edit  func(d doc)
		want  string // the problem, after "frozen.json:LINE: "
		lines int    // the lines of the problem list
	}{
		{"huge median", func(d doc) {
			s := strategies(d)[0].(doc)
			s["median_s"], s["max_s"] = 1e308, 1e308
		}, `strategies[0] "sequential": time 1e+308 is not a finite number of seconds above 0 and at most 86400`, 1},
		{"too many strategies", func(d doc) {
			list := strategies(d)
			for i := range 300 {
				list = append(list, doc{"name": fmt.Sprint("extra-", i), "unavailable": "no"})
			}
			d["results"].(doc)["strategies"] = list
		}, "strategies: 302, more than the 256 allowed", 1},
		{"empty strategy list", func(d doc) { d["results"].(doc)["strategies"] = []any{} }, "strategies: none", 1},
		{"strategy list twice", func(d doc) {
			list := strategies(d)
			for range 5 {
				list = append(list, list...)
			}
			d["results"].(doc)["strategies"] = list
		}, `strategies: names used more than once: "sequential", "goroutines"`, 1},
	}
	lineRE := regexp.MustCompile(`demos/good/frozen\.json:[0-9]+: results of demo "good": `)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			if err := json.Unmarshal([]byte(good), &d); err != nil {
				t.Fatal(err)
			}
			tt.edit(d)
			data, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			writeText(t, frozen, string(data))
			err = buildDemos(t, root, out, demo.ModeFrozen)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error lacks %q:\n%s", tt.want, msg)
			}
			if n := len(lineRE.FindAllString(msg, -1)); n != tt.lines {
				t.Errorf("error has %d problems naming frozen.json and a line, want %d:\n%s", n, tt.lines, msg)
			}
			if strings.Count(msg, "\n") > 2 {
				t.Errorf("error of %d lines, want one problem:\n%s", strings.Count(msg, "\n")+1, msg)
			}
			if got := readText(t, page); got != oldPage {
				t.Error("the failed build changed the previous output")
			}
		})
	}
}

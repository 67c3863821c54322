package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseDemoVersus checks the versus chart, which names a second demo.
func TestParseDemoVersus(t *testing.T) {
	tests := []struct {
		info string
		want DemoRef
		err  string
	}{
		{info: "cpu-py show=main.py:work chart=bars,versus:cpu",
			want: DemoRef{Name: "cpu-py", Show: "main.py", Region: "work", Output: true, Charts: []string{"bars", "versus"}, Versus: "cpu"}},
		{info: "cpu-py chart=versus:cpu,timeline",
			want: DemoRef{Name: "cpu-py", Show: "main.go", ShowDefault: true, Output: true, Charts: []string{"versus", "timeline"}, Versus: "cpu"}},
		{info: "cpu-py chart=versus", err: "demo cpu-py: chart versus needs the demo to compare with: versus:DEMO"},
		{info: "cpu-py chart=versus:", err: "demo cpu-py: chart versus:: want a folder name under demos/"},
		{info: "cpu-py chart=versus:../cpu", err: "chart versus:../cpu: want a folder name under demos/"},
		{info: "cpu-py chart=versus:cpu-py", err: "chart versus:cpu-py compares the demo with itself"},
		{info: "cpu-py chart=versus:cpu,versus:io", err: "chart versus asked for twice"},
		{info: "cpu-py chart=bars:cpu", err: `chart "bars:cpu": want bars, timeline, versus:DEMO or none`},
		{info: "cpu-py chart=pie", err: `chart "pie": want bars, timeline, versus:DEMO or none`},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			got, err := parseDemo(tt.info)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

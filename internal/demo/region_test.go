package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const regionSrc = `package main

// region setup
var n = 10

// endregion

func main() {
	// region outer
	for i := range n {
		// region inner
		work(i)
		// endregion inner
	}
	// endregion
}
`

const pyRegionSrc = `n = 10
total = 0
def main():
    # region work
    for i in range(n):
        total += i
    # endregion work
`

func TestRegion(t *testing.T) {
	tests := []struct {
		name, file, src, region string
		want, wantErr           string
	}{
		{name: "whole file", src: regionSrc, want: "package main\n\nvar n = 10\n\n\nfunc main() {\n\tfor i := range n {\n\t\twork(i)\n\t}\n}\n"},
		{name: "top level, blank ends trimmed", src: regionSrc, region: "setup", want: "var n = 10\n"},
		{name: "nested markers hidden, dedented", src: regionSrc, region: "outer", want: "for i := range n {\n\twork(i)\n}\n"},
		{name: "inner", src: regionSrc, region: "inner", want: "work(i)\n"},
		{name: "no final newline", src: "// region a\nx\n// endregion", region: "a", want: "x\n"},
		{name: "blank lines keep no spaces", src: "// region a\n\n\tx\n  \n\ty\n\n// endregion\n", region: "a", want: "x\n\ny\n"},
		{name: "unknown", src: regionSrc, region: "work", wantErr: `unknown region "work" (have setup, outer, inner)`},
		{name: "unknown, no regions", src: "package main\n", region: "work", wantErr: `unknown region "work" (the file has no regions)`},
		{name: "unclosed", src: "// region a\nx\n", region: "a", wantErr: `line 1: region "a" has no endregion`},
		{name: "stray end", src: "x\n// endregion\n", wantErr: "line 2: endregion without a region"},
		{name: "end names another region", src: "// region a\n// region b\n// endregion a\n// endregion b\n", region: "a", wantErr: `line 3: endregion a closes region "b"`},
		{name: "end names the region", src: "// region a\nx\n// endregion a\n", region: "a", want: "x\n"},
		{name: "twice", src: "// region a\n// endregion\n// region a\n// endregion\n", region: "a", wantErr: `line 3: region "a" defined twice`},
		{name: "not a marker", src: "// regional news\nx := 1 // region a\n", want: "// regional news\nx := 1 // region a\n"},
		{name: "python", file: "main.py", src: pyRegionSrc, region: "work", want: "for i in range(n):\n    total += i\n"},
		{name: "python whole file", file: "main.py", src: pyRegionSrc, want: "n = 10\ntotal = 0\ndef main():\n    for i in range(n):\n        total += i\n"},
		{name: "python without space", file: "main.py", src: "#region a\nx = 1\n#endregion a\n", region: "a", want: "x = 1\n"},
		{name: "python ignores slashes", file: "main.py", src: "// region a\nx = 1\n", region: "a", wantErr: `unknown region "a" (the file has no regions)`},
		{name: "go ignores hashes", file: "main.go", src: "# region a\nx\n# endregion\n", want: "# region a\nx\n# endregion\n"},
		{name: "python unclosed", file: "lib/measure.py", src: "x = 1\n# region a\n", region: "a", wantErr: `line 2: region "a" has no endregion`},
		{name: "python not a marker", file: "main.py", src: "# region of memory\n# regions\n", want: "# region of memory\n# regions\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "main.go"
			}
			got, err := Region(file, tt.src, tt.region)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Region error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Region(%q) = %q, %v; want %q", tt.region, got, err, tt.want)
			}
		})
	}
}

// TestSourceMarkerErrorPosition checks that a marker mistake is reported
// as file:line, the form editors jump to.
func TestSourceMarkerErrorPosition(t *testing.T) {
	root := fixture(t)
	bad := filepath.Join(root, "demos", "good", "marked.go")
	if err := os.WriteFile(bad, []byte("package main\n\n// region a\nfunc f() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, _ := newRunner(t, root, ModeAuto)
	_, err := r.Source("good", "marked.go", "a")
	if err == nil || !strings.Contains(err.Error(), `demos/good/marked.go:3: region "a" has no endregion`) {
		t.Fatalf("Source error = %v, want demos/good/marked.go:3: region \"a\" has no endregion", err)
	}
}

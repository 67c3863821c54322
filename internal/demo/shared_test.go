package demo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestShared(t *testing.T) {
	root := fixture(t)
	// A test file and a file for another system: the one is never shown,
	// the other is, whatever system builds the page.
	for f, text := range map[string]string{
		"demos/internal/work/work_test.go":    "package work\n",
		"demos/internal/work/work_windows.go": "package work\n",
		"demos/internal/work/README.md":       "notes\n",
	} {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(f)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := newRunner(t, root, ModeAuto)
	got, err := r.Shared(context.Background(), []string{"good", "html"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"internal/count/count.go", "internal/work/work.go", "internal/work/work_windows.go"}
	if !slices.Equal(got["good"], want) {
		t.Errorf("Shared()[good] = %q, want %q (imports, direct and not; no tests, no notes)", got["good"], want)
	}
	if len(got["html"]) != 0 {
		t.Errorf("Shared()[html] = %q, want none", got["html"])
	}
	if _, err := r.Shared(context.Background(), []string{"nope"}); err == nil || err.Error() != `unknown demo "nope"` {
		t.Errorf("Shared(nope) error = %v, want unknown demo", err)
	}
}

func TestSharedSource(t *testing.T) {
	r, _ := newRunner(t, fixture(t), ModeAuto)
	shared, err := r.Shared(context.Background(), []string{"good", "html"})
	if err != nil {
		t.Fatal(err)
	}
	const imports = "it imports demos/internal/count, demos/internal/work"
	tests := []struct {
		name, demo, file, region string
		want, wantErr            string
	}{
		{name: "region of a direct import", demo: "good", file: "internal/work/work.go", region: "sum",
			want: "// Sum returns 1 + 2 + ... + n.\nfunc Sum(n int) int {\n\ts := 0\n\tfor i := 1; i <= n; i++ {\n\t\ts = count.Step(s, i)\n\t}\n\treturn s\n}\n"},
		{name: "region of an indirect import", demo: "good", file: "internal/count/count.go", region: "step",
			want: "return total + i\n"},
		{name: "unknown region", demo: "good", file: "internal/work/work.go", region: "nope",
			wantErr: `demos/internal/work/work.go: unknown region "nope" (have sum)`},
		{name: "missing file", demo: "good", file: "internal/work/nope.go",
			wantErr: `demo good has no shared file "internal/work/nope.go" (have internal/work/work.go; tests are never shown)`},
		{name: "test file", demo: "good", file: "internal/work/work_test.go",
			wantErr: `demo good has no shared file "internal/work/work_test.go" (have internal/work/work.go; tests are never shown)`},
		{name: "package not imported", demo: "good", file: "lib/lib.go",
			wantErr: `demo good does not import a package in demos/lib (` + imports + `)`},
		{name: "another demo", demo: "good", file: "html/main.go",
			wantErr: `demo good does not import a package in demos/html (` + imports + `)`},
		{name: "no shared packages", demo: "html", file: "internal/work/work.go",
			wantErr: `demo html does not import a package in demos/internal/work (it imports no shared package)`},
		{name: "escaping demos", demo: "good", file: "../go.mod",
			wantErr: `demo good: show=../go.mod: a path with a slash must name a file inside demos/ of a package the demo imports (` + imports + `)`},
		{name: "dot dot inside", demo: "good", file: "internal/../internal/work/work.go",
			wantErr: `demo good: show=internal/../internal/work/work.go: a path with a slash must name a file inside demos/ of a package the demo imports (` + imports + `)`},
		{name: "absolute", demo: "good", file: "/etc/passwd",
			wantErr: `demo good: show=/etc/passwd: a path with a slash must name a file inside demos/ of a package the demo imports (` + imports + `)`},
		{name: "dot", demo: "good", file: "./internal/work/work.go",
			wantErr: `demo good: show=./internal/work/work.go: a path with a slash must name a file inside demos/ of a package the demo imports (` + imports + `)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.SharedSource(tt.demo, tt.file, tt.region, shared[tt.demo])
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("SharedSource error = %v\nwant %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("SharedSource = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestIsShared(t *testing.T) {
	own := []string{"data/input.txt", "main.go"}
	tests := []struct {
		file string
		want bool
	}{
		{"main.go", false},
		{"data/input.txt", false}, // a file in a folder of the demo stays its own
		{"internal/gil/gil.go", true},
		{"other.go", false},
	}
	for _, tt := range tests {
		if got := IsShared(tt.file, own); got != tt.want {
			t.Errorf("IsShared(%q) = %v, want %v", tt.file, got, tt.want)
		}
	}
}

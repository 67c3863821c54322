package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWhichFoldersAreDemos checks, through Command, which folders of the
// demos folder are demos: a package main, or a main.py and no Go file.
func TestWhichFoldersAreDemos(t *testing.T) {
	root := fixture(t)
	// A main.py beside Go files, or a folder of Python with no main.py,
	// is no Python demo.
	edit(t, root, "demos/lib/main.py", appendText("print('lib')\n"))
	edit(t, root, "demos/pytest/main_test.go", appendText("package main\n"))
	edit(t, root, "demos/pytest/main.py", appendText("print('x')\n"))
	edit(t, root, "demos/pyhelper/helper.py", appendText("X = 1\n"))
	for _, d := range []string{"_draft", ".hidden", "testdata"} {
		edit(t, root, "demos/"+d+"/main.go", appendText("package main\n\nfunc main() {}\n"))
	}
	r, _ := newRunner(t, root, ModeAuto)
	tests := []struct{ name, want string }{
		{"good", "go run ./demos/good"},
		{"broken", "go run ./demos/broken"}, // a type error is still a demo
		{"pygood", "python3 demos/pygood/main.py"},
		{"lib", ""},
		{"pytest", ""},
		{"pyhelper", ""},
		{"internal", ""},
		{"_draft", ""},
		{".hidden", ""},
		{"testdata", ""},
		{"nope", ""},
	}
	for _, tt := range tests {
		got, err := r.Command(tt.name)
		if tt.want == "" {
			if want := fmt.Sprintf("unknown demo %q", tt.name); err == nil || err.Error() != want {
				t.Errorf("Command(%s) = %q, %v; want error %s", tt.name, got, err, want)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Command(%s) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestFilesAndSource(t *testing.T) {
	root := fixture(t)
	r, _ := newRunner(t, root, ModeAuto)
	dir := filepath.Join(root, "demos", "good")
	for _, f := range []string{frozenName, "data/input.txt"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := r.Files("good")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"data/input.txt", "main.go"}; !slices.Equal(files, want) {
		t.Errorf("Files(good) = %v, want %v", files, want)
	}

	tests := []struct {
		demo, file, region string
		want, wantErr      string
	}{
		{demo: "good", file: "main.go", region: "workload", want: "total := work.Sum(100)\nfmt.Println(\"sum:\", total)\n"},
		{demo: "good", file: "main.go", region: "nope", wantErr: `demos/good/main.go: unknown region "nope" (have workload)`},
		{demo: "good", file: "other.go", wantErr: `demo good has no file "other.go"`},
		{demo: "good", file: frozenName, wantErr: `demo good has no file "frozen.json"`},
		{demo: "nope", file: "main.go", wantErr: `unknown demo "nope"`},
		{demo: "lib", file: "lib.go", wantErr: `unknown demo "lib"`},
		{demo: "internal", file: "work/work.go", wantErr: `unknown demo "internal"`},
		{demo: "../demos/good", file: "main.go", wantErr: `unknown demo "../demos/good"`},
	}
	for _, tt := range tests {
		t.Run(tt.demo+"/"+tt.file+":"+tt.region, func(t *testing.T) {
			got, err := r.Source(tt.demo, tt.file, tt.region)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Source error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Source = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	whole, err := r.Source("good", "main.go", "")
	if err != nil || strings.Contains(whole, "region") || !strings.Contains(whole, "\ttotal := work.Sum(100)\n") {
		t.Errorf("whole file = %q, %v; want it without markers, indented as written", whole, err)
	}
}

func TestRunUnknownDemo(t *testing.T) {
	r, _ := newRunner(t, fixture(t), ModeAuto)
	_, err := r.Run(context.Background(), []Request{{Demo: "good"}, {Demo: "cpux"}})
	if err == nil || err.Error() != `unknown demo "cpux"` {
		t.Errorf("Run error = %v, want unknown demo \"cpux\"", err)
	}
}

func TestModeSet(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"auto", ModeAuto, false},
		{"force", ModeForce, false},
		{"frozen", ModeFrozen, false},
		{"off", ModeOff, false},
		{"Auto", ModeAuto, true},
		{"", ModeAuto, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got Mode
			err := got.Set(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Set(%q): mode %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err == nil && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHolds checks that Holds recognises the file writeFrozen wrote for an
// outcome, also after a round trip through the file, and nothing else.
func TestHolds(t *testing.T) {
	dir := t.TempDir()
	o := &Outcome{Demo: "good", Stdout: "report\n", ExitCode: 0, Duration: 1234567891 * time.Nanosecond,
		Fingerprint: "abc", Go: "go1.26.8"}
	if err := writeFrozen(dir, o); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, frozenName))
	if err != nil {
		t.Fatal(err)
	}
	if !Holds(data, o) {
		t.Error("Holds is false for the file written for the outcome")
	}
	f, err := readFrozen(dir)
	if err != nil {
		t.Fatal(err)
	}
	back := f.outcome("good")
	if !Holds(data, &back) {
		t.Error("Holds is false for the outcome read back from the file")
	}
	other := *o
	other.Stdout = "another report\n"
	if Holds(data, &other) {
		t.Error("Holds is true for an outcome with other output")
	}
	if Holds([]byte(strings.Repeat("{", 3)), o) {
		t.Error("Holds is true for a file that is not JSON")
	}
}

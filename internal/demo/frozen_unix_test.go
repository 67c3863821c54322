//go:build unix

package demo

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFrozenRefuses checks that a frozen.json that is not a regular
// file, or is larger than any runner writes, is refused before it is read.
func TestReadFrozenRefuses(t *testing.T) {
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, frozenName), 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	big := t.TempDir()
	if err := os.WriteFile(filepath.Join(big, frozenName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(big, frozenName), 64<<20); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{fifo: "not a regular file", big: "64.0 MiB, more than the"} {
		_, err := readFrozen(dir)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), frozenName) {
			t.Errorf("readFrozen(%s) = %v, want an error naming the file and saying %q", dir, err, want)
		}
	}
}

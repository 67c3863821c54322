//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
)

// TestSIGTERMLeavesNoChild runs the demo as its own process, waits until it
// has started its receiving child, sends it SIGTERM, and checks that the
// child is gone too.
func TestSIGTERMLeavesNoChild(t *testing.T) {
	cmd := demotest.Command()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var kids []int
	deadline := time.Now().Add(30 * time.Second)
	for len(kids) == 0 && time.Now().Before(deadline) {
		kids = childrenOf(cmd.Process.Pid)
		time.Sleep(5 * time.Millisecond) // polling /proc, bounded by the deadline
	}
	if len(kids) == 0 {
		t.Fatal("the demo started no child process within 30 s")
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the demo did not exit within 30 s of SIGTERM")
	}
	for _, pid := range kids {
		for alive(pid) && time.Now().Before(deadline.Add(30*time.Second)) {
			time.Sleep(5 * time.Millisecond)
		}
		if alive(pid) {
			t.Errorf("child %d outlived the demo", pid)
		}
	}
}

// childrenOf returns the ids of the processes whose parent is ppid.
func childrenOf(ppid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var kids []int
	for _, path := range stats {
		if f := statFields(path); len(f) > 1 && f[1] == strconv.Itoa(ppid) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			kids = append(kids, pid)
		}
	}
	return kids
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	f := statFields("/proc/" + strconv.Itoa(pid) + "/stat")
	return len(f) > 0 && f[0] != "Z"
}

// statFields returns the fields of a /proc stat file after the command
// name: state, parent id, and so on.
func statFields(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

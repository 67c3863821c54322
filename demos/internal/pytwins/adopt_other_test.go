//go:build unix && !linux

package pytwins

import "testing"

// adopt is a no-op where a process cannot adopt orphans.
func adopt(t *testing.T) (orphans func(pid int)) { return func(int) {} }

// watching reports whether descendants can list a process's children.
const watching = false

// descendants is unknown here: none.
func descendants(pid int) []int { return nil }

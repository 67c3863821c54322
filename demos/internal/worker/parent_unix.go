//go:build unix

package worker

import (
	"os"
	"time"
)

// watchParent exits this worker when its parent dies: a child whose parent
// was killed is adopted by another process and its parent id changes.
func watchParent() {
	parent := os.Getppid()
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			if os.Getppid() != parent {
				os.Exit(1)
			}
		}
	}()
}

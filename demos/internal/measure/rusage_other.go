//go:build !unix

package measure

import "time"

// cpuTime is unknown here; cores used are then reported as zero.
func cpuTime() time.Duration { return 0 }

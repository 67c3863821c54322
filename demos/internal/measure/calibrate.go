package measure

import (
	"runtime"
	"time"
)

// Calibrate returns the size n for which work(n) takes about target on this
// machine: it doubles n until one call takes at least a quarter of target,
// then scales linearly, keeping the fastest of three timings so that a
// moment of interference does not shrink the work. work must take time
// proportional to n.
func Calibrate(target time.Duration, work func(n int)) int {
	n := 1
	var took time.Duration
	for {
		took = timeIt(func() { work(n) })
		if took >= target/4 || n >= 1<<40 {
			break
		}
		n *= 2
	}
	best := took
	for range 2 {
		best = min(best, timeIt(func() { work(n) }))
	}
	if best <= 0 {
		return n
	}
	return max(1, int(float64(n)*float64(target)/float64(best)))
}

func timeIt(f func()) time.Duration {
	t := time.Now()
	f()
	return time.Since(t)
}

// spin is the noise guard's calibration task: a dependent chain of integer
// operations that no compiler can shorten.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// guard times the calibration task and returns its wall time and the cores
// it used (CPU time of this process / wall time).
func guard(n int) (wall time.Duration, cores float64) {
	c0 := cpuTime()
	t := time.Now()
	runtime.KeepAlive(spin(n))
	wall = time.Since(t)
	if c := cpuTime() - c0; wall > 0 && c > 0 {
		cores = c.Seconds() / wall.Seconds()
	}
	return wall, cores
}

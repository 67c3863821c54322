//go:build !race

package main

// raceDetector is 1 when the demo was built with -race.
const raceDetector = 0

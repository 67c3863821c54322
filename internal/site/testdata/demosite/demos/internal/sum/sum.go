// Package sum is the shared code of the fixture's demos.
package sum

// To returns 1 + 2 + ... + n.
func To(n int) int {
	t := 0
	// region loop
	for i := 1; i <= n; i++ {
		t += i
	}
	// endregion
	return t
}

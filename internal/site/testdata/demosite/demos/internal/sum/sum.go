// Package sum is the shared code of the fixture's demos.
package sum

// To returns 1 + 2 + ... + n.
func To(n int) int {
	t := 0
	for i := 1; i <= n; i++ {
		t += i
	}
	return t
}

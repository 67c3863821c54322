// Package unused is shared code that no demo of the fixture imports.
package unused

// Answer is a constant.
const Answer = 42

// Package pytwins holds the tests of the Python twins of the demos
// (demos/cpu-py, io-py, ipc-py, race-py, fanout-py, cancel-py, waits-py,
// green-py and subinterp-py, and their shared code in demos/internal/py).
// It has no code of its own: the twins are
// Python programs, and these tests run each one as a reader would, with
// `python3 demos/NAME/main.py -quick -check` from the module root, then
// check what it wrote to DEMO_RESULTS against internal/results, that the
// exit status follows the claims, that the flags behave as the Go demos'
// do, and that no process the demo started outlives it. Each twin runs
// with the interpreter the site's runner picks for the requires lines of
// its main.py (internal/demo.FindPython): subinterp-py with a CPython
// 3.13 or later.
//
// Nothing here times anything. Without an interpreter that has what a
// twin requires, its tests skip, saying what is missing; with
// SITEGEN_REQUIRE_TOOLS=1 they fail instead.
package pytwins

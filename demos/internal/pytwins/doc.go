// Package pytwins holds the tests of the Python twins of the demos
// (demos/cpu-py, io-py, ipc-py and race-py, and their shared code in
// demos/internal/py). It has no code of its own: the twins are Python
// programs, and these tests run each one as a reader would, with
// `python3 demos/NAME/main.py -quick -check` from the module root, then
// check what it wrote to DEMO_RESULTS against internal/results, that the
// exit status follows the claims, that the flags behave as the Go demos'
// do, and that no process the demo started outlives it.
//
// Nothing here times anything. Without python3 the tests skip, saying so;
// with SITEGEN_REQUIRE_TOOLS=1 they fail instead.
package pytwins

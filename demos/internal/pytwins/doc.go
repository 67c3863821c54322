// Package pytwins holds the tests of the Python demos (demos/cpu-py,
// io-py, ipc-py, race-py, waits-py and green-py, and their shared code in
// demos/internal/py). It has no code of its own: the demos are Python
// programs, and these tests run each one as a reader would, with
// `python3 demos/NAME/main.py -quick -check` from the module root, then
// check what it wrote to DEMO_RESULTS against internal/results, that the
// exit status follows the claims, that the flags behave as the Go demos'
// do, and that no process the demo started outlives it.
//
// A demo that needs libraries says so in a "# requires:" line of its
// main.py (waits-py: gevent eventlet trio uvloop); the tests run it with
// the first of python3 on PATH and /usr/bin/python3 that imports them.
//
// Nothing here times anything. Without a python3 that has what a demo
// requires, its tests skip, naming the Debian packages that provide it;
// with SITEGEN_REQUIRE_TOOLS=1 they fail instead.
package pytwins

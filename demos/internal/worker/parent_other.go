//go:build !unix

package worker

// watchParent relies on stdin closing when the parent dies.
func watchParent() {}

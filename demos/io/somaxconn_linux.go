package main

import (
	"os"
	"strconv"
	"strings"
)

// somaxconn returns the longest accept queue the kernel allows.
func somaxconn() (uint64, error) {
	b, err := os.ReadFile("/proc/sys/net/core/somaxconn")
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
}

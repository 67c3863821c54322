// Command fail reports an error and exits 1.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("starting")
	fmt.Fprintln(os.Stderr, "fail: the disk is <full>")
	os.Exit(1)
}

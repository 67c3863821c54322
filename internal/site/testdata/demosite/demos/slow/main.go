// Command slow never finishes on its own: a page gives it a short timeout.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("waiting")
	time.Sleep(time.Hour)
}

// Command html prints markup, which a page must show as text.
package main

import "fmt"

func main() {
	fmt.Println(`<script>alert("x")</script> & <b>bold</b>`)
}

package site

import (
	"fmt"
	"strings"
	"testing/fstest"
)

// corpus generates a site of n chapters, for the tests that need a large
// site in memory. The benchmarks of whole builds are in package bench.
func corpus(n int) fstest.MapFS {
	fs := fstest.MapFS{}
	for i := range n {
		fs[fmt.Sprintf("content/%04d-chapter-%d.md", i, i)] = &fstest.MapFile{Data: []byte(chapterText(i, n))}
	}
	return fs
}

const sentence = "A thread that waits for the disk gives the core to another thread, and the program as a whole keeps moving while nothing in it computes. "

func chapterText(i, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Chapter %d\ndescription: Generated chapter number %d.\nweight: %d\n---\n", i, i, i)
	prev, next := (i+n-1)%n, (i+1)%n
	for s := range 6 {
		fmt.Fprintf(&b, "## Section %d of chapter %d\n\n", s, i)
		for range 3 {
			b.WriteString(strings.Repeat(sentence, 3) + "\n\n")
		}
		fmt.Fprintf(&b, "See [the previous chapter](%04d-chapter-%d.md#section-%d-of-chapter-%d) and [the next](%04d-chapter-%d.md).\n\n", prev, prev, s, prev, next, next)
		if s%2 == 0 {
			fmt.Fprintf(&b, "### Details %d\n\n- first, with *emphasis*\n- second, with `code`\n- third, with **strong** words\n\n", s)
		}
		switch s {
		case 1:
			b.WriteString("| Strategy | Median | Cores |\n|---|---:|---:|\n| sequential | 0.41 s | 1.0 |\n| threads | 0.22 s | 1.9 |\n| processes | 0.25 s | 1.8 |\n\n")
			b.WriteString("```go\n" + strings.Repeat("func work(n int) int {\n\tsum := 0\n\tfor i := range n {\n\t\tsum += i * i\n\t}\n\treturn sum\n}\n\n", 4) + "```\n\n")
		case 3:
			b.WriteString("```python\n" + strings.Repeat("def work(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n\n", 5) + "```\n\n")
		case 5:
			b.WriteString("```bash\n" + strings.Repeat("for i in 1 2 3; do\n  go run ./demos/cpu -n \"$i\" | tee \"out-$i.txt\"\ndone\n\n", 6) + "```\n\n")
		}
	}
	return b.String()
}

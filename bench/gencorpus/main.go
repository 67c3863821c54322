// Gencorpus writes a site of generated chapters for measuring sitegen,
// and optionally the Hugo configuration and layouts to build the same
// site with Hugo (see package corpus).
//
// Usage:
//
//	go run ./bench/gencorpus -n 1000 -seed 1 -out DIR [-hugo]
//
// DIR/content must not exist: gencorpus never writes over a site.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/concurrency-primer/site/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "the number of chapters")
	seed := flag.Int64("seed", 1, "the seed everything in the corpus follows from")
	out := flag.String("out", "", "the `folder` to write content/ (and with -hugo, hugo.toml, layouts/ and assets/) into")
	hugo := flag.Bool("hugo", false, "also write the Hugo configuration and layouts")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gencorpus -out DIR [-n N] [-seed S] [-hugo]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.Generate(*out, *n, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
	if *hugo {
		if err := corpus.WriteHugo(*out); err != nil {
			fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
			os.Exit(1)
		}
	}
}

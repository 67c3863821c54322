package serve_test

import (
	"context"
	"log"
	"net"

	"github.com/concurrency-primer/site/internal/serve"
	"github.com/concurrency-primer/site/internal/watch"
)

// The shape of `sitegen serve`: serve a build, watch the sources, rebuild on
// each batch of changes and tell the open pages. rebuild stands for the
// site's incremental build; it returns the URL paths of the pages it wrote.
func Example() {
	ctx := context.Background() // the command's, ended by Ctrl-C or SIGTERM
	rebuild := func(watch.Batch) (pages []string, err error) { return nil, nil }

	srv, err := serve.New(serve.Options{Dir: "/tmp/sitegen-serve/1", SiteRoot: "."})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:1313")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(ctx, ln)

	err = watch.Watch(ctx, []string{"content", "demos", "theme"}, watch.Options{}, func(b watch.Batch) {
		pages, err := rebuild(b)
		if err != nil {
			srv.Failed(err) // the overlay shows it; the last good build stays
			return
		}
		srv.Reloaded(pages) // after the new files are in place
	})
	if err != nil {
		log.Fatal(err)
	}
}

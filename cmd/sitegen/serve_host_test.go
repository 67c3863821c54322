package main

import (
	"net/http"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
)

// TestServeForeignHost sends requests to a running serve -drafts with the
// Host header a page using DNS rebinding would send: neither the pages, a
// draft nor the event stream answer it; localhost is answered.
func TestServeForeignHost(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/01-a.md": "---\ntitle: A\n---\nWords.\n",
		"content/02-b.md": "---\ntitle: B\ndraft: true\n---\nNot yet.\n",
	})
	s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff, drafts: true}})
	tests := []struct {
		host string
		want int
	}{
		{"rebind.example:1313", http.StatusMisdirectedRequest},
		{"rebind.example", http.StatusMisdirectedRequest},
		{"localhost", http.StatusOK},
	}
	for _, path := range []string{"", "b/", "_sitegen/events"} {
		for _, tt := range tests {
			t.Run(path+" "+tt.host, func(t *testing.T) {
				req, err := http.NewRequestWithContext(t.Context(), "GET", s.url+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Host = tt.host
				tr := &http.Transport{DisableKeepAlives: true}
				defer tr.CloseIdleConnections()
				resp, err := (&http.Client{Transport: tr}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tt.want {
					t.Errorf("GET /%s with Host %s: %s, want %d", path, tt.host, resp.Status, tt.want)
				}
			})
		}
	}
}

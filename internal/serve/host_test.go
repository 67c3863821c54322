package serve

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHostGuard serves over a socket of 127.0.0.1 and sends requests with
// forged Host headers, as a page using DNS rebinding would: pages, the
// reload script and the event stream answer loopback names only.
func TestHostGuard(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	addr, stop, done := listen(t, s)
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	_, port, _ := net.SplitHostPort(addr)
	tests := []struct {
		host string
		want int
	}{
		{"localhost", 200},
		{"localhost:" + port, 200},
		{"LocalHost.:" + port, 200},
		{"127.0.0.1:" + port, 200},
		{"127.0.0.1", 200},
		{"[::1]:" + port, 200},
		{"[::1]", 200},
		{"evil.example", 421},
		{"evil.example:" + port, 421},
		{"localhost.evil.example", 421},
		{"192.0.2.7:" + port, 421},
		{"", 421},
	}
	for _, path := range []string{"/", "/threads/", "/_sitegen/reload.js", "/_sitegen/events", "/nope"} {
		for _, tt := range tests {
			want := tt.want
			if want == 200 && path == "/nope" {
				want = 404
			}
			t.Run(path+" "+tt.host, func(t *testing.T) {
				status, body := rawGet(t, addr, path, tt.host)
				if status != want {
					t.Errorf("status %d, want %d; body:\n%s", status, want, body)
				}
				if want == 421 && (strings.Contains(body, "page") || !strings.Contains(body, "-bind")) {
					t.Errorf("the refusal shows the site or does not say how to allow a name:\n%s", body)
				}
			})
		}
	}
}

// rawGet sends GET path with exactly the Host header host (none when
// empty) over HTTP/1.0 and returns the status and the first line of the
// body; an event stream is not read further.
func rawGet(t *testing.T, addr, path, host string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	req := "GET " + path + " HTTP/1.0\r\n"
	if host != "" {
		req += "Host: " + host + "\r\n"
	}
	if _, err := fmt.Fprint(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, _ := bufio.NewReader(resp.Body).ReadString('\n')
	return resp.StatusCode, line
}

// TestHostAllowed checks which Host headers a server answers for each kind
// of address it may listen on.
func TestHostAllowed(t *testing.T) {
	tests := []struct {
		listen string
		hosts  []string
		host   string
		want   bool
	}{
		{"127.0.0.1:1313", nil, "localhost:1313", true},
		{"127.0.0.1:1313", nil, "127.0.0.2:1313", true},
		{"127.0.0.1:1313", nil, "[::1]:1313", true},
		{"127.0.0.1:1313", nil, "rebind.example:1313", false},
		{"127.0.0.1:1313", nil, "192.168.1.5:1313", false},
		{"192.168.1.5:1313", []string{"192.168.1.5"}, "192.168.1.5:1313", true},
		{"192.168.1.5:1313", []string{"192.168.1.5"}, "10.0.0.1:1313", false},
		{"192.168.1.5:1313", []string{"mybox.lan"}, "MyBox.lan:1313", true},
		{"192.168.1.5:1313", []string{"mybox.lan"}, "rebind.example:1313", false},
		{"[::]:1313", []string{""}, "192.168.1.5:1313", true},
		{"[::]:1313", []string{""}, "[fe80::1]:1313", true},
		{"[::]:1313", []string{"0.0.0.0"}, "rebind.example:1313", false},
		{"0.0.0.0:1313", []string{"0.0.0.0"}, "localhost", true},
	}
	for _, tt := range tests {
		t.Run(tt.listen+" "+tt.host, func(t *testing.T) {
			addr, err := net.ResolveTCPAddr("tcp", tt.listen)
			if err != nil {
				t.Fatal(err)
			}
			if got := hostCheck(addr, tt.hosts)(tt.host); got != tt.want {
				t.Errorf("allowed(%q) = %v, want %v", tt.host, got, tt.want)
			}
		})
	}
}

package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func TestEmbedParse(t *testing.T) {
	tests := []struct {
		name, src      string
		path, region   string
		line           int
		wantErr, title string
	}{
		{name: "file", src: "a\n\n```go {file=\"recipes/pool/main.go\"}\n```\n", path: "recipes/pool/main.go", line: 7},
		{name: "region", src: "```python {file=recipes/pool/main.py:pool linenos=true}\n```\n", path: "recipes/pool/main.py", region: "pool", line: 5},
		{name: "absolute", src: "```go {file=\"/etc/passwd\"}\n```\n", wantErr: `content/x.md:5: code option file="/etc/passwd": want a path inside the site folder`},
		{name: "escape", src: "\n```go {file=\"../secret/main.go\"}\n```\n", wantErr: `content/x.md:6: code option file="../secret/main.go": want a path inside the site folder`},
		{name: "escape inside", src: "```go {file=\"recipes/../../x.go\"}\n```\n", wantErr: `content/x.md:5: code option file="recipes/../../x.go"`},
		{name: "empty region", src: "```go {file=\"recipes/a.go:\"}\n```\n", wantErr: `content/x.md:5: code option file="recipes/a.go:"`},
		{name: "text in block", src: "```go {file=\"recipes/a.go\"}\npasted()\n```\n", wantErr: `content/x.md:5: a block with file=recipes/a.go shows that file: leave it empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New().Parse("content/x.md", []byte(tt.src), 5)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Embeds) != 1 {
				t.Fatalf("got %d embeds, want 1", len(d.Embeds))
			}
			e := d.Embeds[0]
			if e.Path != tt.path || e.Region != tt.region || e.File != "content/x.md" || e.Line != tt.line {
				t.Errorf("got %+v, want %s region %q at line %d", e, tt.path, tt.region, tt.line)
			}
		})
	}
}

func TestEmbedRender(t *testing.T) {
	src := "```go {file=\"recipes/pool/main.go:pool\"}\n```\n\n```go {file=\"recipes/pool/main.go\" title=\"the whole file\"}\n```\n\n```go\nwritten()\n```\n"
	m := New()
	d, err := m.Parse("content/x.md", []byte(src), 1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = m.Render(&b, d, stub{})
	if want := "content/x.md:1: file=recipes/pool/main.go: not read in this render"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("rendering before SetText: error %v, want %q", err, want)
	}
	d.Embeds[0].SetText("func pool() {}\n")
	d.Embeds[1].SetText("package main\n")
	b.Reset()
	if err := m.Render(&b, d, stub{}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<div class="code demo-source"><div class="code-label">recipes/pool/main.go · pool</div>`,
		`<div class="code"><div class="code-label">go</div>`,
		`<span class="nf">pool</span>`,
		`<div class="code-label">the whole file</div>`,
		`<span class="kn">package</span>`,
		`<span class="nf">written</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q:\n%s", want, html)
		}
	}
}

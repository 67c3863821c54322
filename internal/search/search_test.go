package search

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSections(t *testing.T) {
	tests := []struct {
		name string
		html string
		want []Section
	}{
		{"intro then headings",
			`<p>Before the first heading.</p><h2 id="a">Alpha<a class="anchor" href="#a">#</a></h2><p>One <em>two</em></p><h3 id="b">Beta</h3><ul><li>x</li><li>y</li></ul>`,
			[]Section{{"", "", "Before the first heading."}, {"a", "Alpha", "One two"}, {"b", "Beta", "x y"}}},
		{"code and demo output left out",
			`<h2 id="c">Code</h2><p>Run <code>go run</code>.</p><div class="code"><pre class="chroma"><code><span>func main()</span></code></pre></div><figure class="demo"><div class="demo-output"><pre>8 ms</pre></div><details class="demo-table"><table><tr><td>3.2</td></tr></table></details><figcaption><span class="demo-caption">Threads wait together.</span> <span class="demo-stamp">Measured on x</span></figcaption></figure>`,
			[]Section{{"c", "Code", "Run go run. Threads wait together."}}},
		{"charts left out, nested skips end",
			`<h2 id="d">D</h2><svg><g><text>label</text></g><title>t</title></svg><p>after</p>`,
			[]Section{{"d", "D", "after"}}},
		{"headings without id do not cut",
			`<h2 id="e">E</h2><p>one</p><h4>Small</h4><p>two</p><h2>No id</h2><p>three</p>`,
			[]Section{{"e", "E", "one Small two No id three"}}},
		{"blocks separate words",
			`<h2 id="f">F</h2><table><tr><td>left</td><td>right</td></tr></table><p>a<br>b</p>`,
			[]Section{{"f", "F", "left right a b"}}},
		{"empty intro dropped", `<h2 id="g">G</h2>`, []Section{{"g", "G", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sections(tt.html)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sections %q, want %q", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("section %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestFiles(t *testing.T) {
	files := Files([]Chapter{
		{Title: "Threads", URL: "/threads/", Sections: []Section{{"", "", "A <b> & c"}, {"gil", "The GIL", "one lock"}}},
		{Title: "Processes", URL: "/processes/", Sections: []Section{{"fork", "Fork", "copies"}}},
	})
	if len(files) != 2 {
		t.Fatalf("got %d files, want the index and its entry", len(files))
	}
	var entry struct{ Index string }
	if err := json.Unmarshal(files[Entry], &entry); err != nil {
		t.Fatalf("entry: %v", err)
	}
	data, ok := files[entry.Index]
	if !ok || !IsFile(entry.Index) || !IsFile(Entry) {
		t.Fatalf("entry names %q, not one of the files or not a search file", entry.Index)
	}
	if strings.Contains(string(data), `\u003c`) {
		t.Errorf("index escapes HTML characters: %s", data)
	}
	var ix struct {
		V        int
		Chapters [][2]string
		Sections [][4]any
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}
	if ix.V != 1 || len(ix.Chapters) != 2 || ix.Chapters[1][1] != "/processes/" || len(ix.Sections) != 3 {
		t.Fatalf("index = %+v", ix)
	}
	if s := ix.Sections[2]; s[0] != float64(1) || s[1] != "fork" || s[2] != "Fork" || s[3] != "copies" {
		t.Errorf("last section = %v, want chapter 1, fork, Fork, copies", s)
	}
	// The name follows the content.
	other := Files([]Chapter{{Title: "Threads", URL: "/threads/"}})
	if _, same := other[entry.Index]; same {
		t.Errorf("two different indexes share the name %s", entry.Index)
	}
}

func TestIsFile(t *testing.T) {
	for name, want := range map[string]bool{
		"search-entry.json": true, "search-index.0a1b2c3d.json": true,
		"search-index.json": false, "search.js": false, "search-index.0a1b2c3d.js": false,
	} {
		if IsFile(name) != want {
			t.Errorf("IsFile(%q) = %v, want %v", name, !want, want)
		}
	}
}

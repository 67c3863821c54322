package check

import (
	"strings"
	"testing"
	"testing/fstest"
)

// doc wraps a body in a complete page; source, if set, goes in the
// data-source attribute of <main> as chapter pages carry it. A body
// without an <h1> gets the title as one, on the line of <main>.
func doc(title, desc, source, body string) string {
	attr := ""
	if source != "" {
		attr = ` data-source="` + source + `"`
	}
	if !strings.Contains(body, "<h1") {
		attr += `><h1>` + title + `</h1`
	}
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>` + title + `</title>
<meta name="description" content="` + desc + `">
<link rel="stylesheet" href="/assets/site.3f2a9c.css">
<link rel="canonical" href="https://example.org/">
<meta property="og:url" content="https://example.org/">
<script src="/assets/copy.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<main id="main"` + attr + `>
` + body + `
</main>
</body>
</html>
`
}

// cleanChapter uses every construct the checks must accept.
var cleanChapter = `<h1 id="threads">Threads</h1>
<p>See <a href="../b/#io">I/O</a>, <a href="/b/">the words</a>, <a href="/b">again</a>,
<a href="../b/index.html?x=1#io">with a query</a>, <a href="https://go.dev/">Go</a>,
<a href="mailto:a@example.org">mail</a>, <a href="https://example.org/b/#io">absolute</a>,
<a href="#threads">here</a>, <a href="#top">top</a>, <a href="">self</a> and <code>go run</code>.</p>
<ul><li><em>one</em></li><li><a href="/"><span>two</span></a></li></ul>
<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>
<a href="/b/"><div>a card</div></a>
<figure><img src="/assets/chart.svg#dot" alt="a chart"><img src="data:image/png;base64,AA==" alt=""></figure>
<svg role="img" viewBox="0 0 10 10" aria-labelledby="t1"><title id="t1">Bars</title><rect class="bar" width="1" height="1"/><use href="/assets/chart.svg#dot"/></svg>
<svg aria-hidden="true"><path d="M0 0"/></svg>
<div class="demo"><div class="demo-source"><pre class="chroma"><code><span class="line"><span class="cl">` +
	strings.Repeat("x", 120_000) + `</span></span></code></pre></div></div>
<label for="q">Search</label><input id="q" name="q">
<script type="application/ld+json">{"@type": "Article"}</script>`

// clean returns a site with no problems; tests add or replace files.
func clean() fstest.MapFS {
	return fstest.MapFS{
		"index.html":             {Data: []byte(doc("Primer", "A primer", "", `<h1>Primer</h1><p><a href="a/">Threads</a></p>`))},
		"404.html":               {Data: []byte(doc("Not found", "No such page", "", `<p>Try <a href="/">the start</a>.</p>`))},
		"a/index.html":           {Data: []byte(doc("Threads", "What threads are", "content/03-threads.md", cleanChapter))},
		"b/index.html":           {Data: []byte(doc("Words", "The words", "content/02-terms.md", `<h2 id="io">I/O</h2>`))},
		"assets/site.3f2a9c.css": {Data: []byte("/* the theme */\nbody { font-family: system-ui; }\n.x { background: url(\"chart.svg\"); clip-path: url(#c); }\n")},
		"assets/chart.svg":       {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><circle id="dot" r="1"/></svg>`)},
		"assets/copy.js":         {Data: []byte("// copy buttons\n")},
		"sitemap.xml":            {Data: []byte("<?xml version=\"1.0\"?>\n<urlset><url><loc>https://example.org/</loc></url>\n<url><loc>https://example.org/a/</loc></url></urlset>\n")},
		"robots.txt":             {Data: []byte("User-agent: *\n")},
	}
}

func TestCleanSite(t *testing.T) {
	problems, err := Run(t.Context(), clean(), Options{BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
}

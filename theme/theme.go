// Package theme is the site's built-in theme, embedded so that an installed
// sitegen works from any folder; a site's own theme/ folder, laid out the
// same way, replaces it.
//
// layouts/ holds html/template files given a site.Page: base.html wraps
// the block "main" that index.html, chapter.html (also the one-page view)
// and 404.html define, and defines "nav-item", given a site.NavItem.
// demo.html defines "main" for a demo's page and the fragments "demo-block"
// and "demo-files"; without it only sites without demos build.
//
// static/ is copied to the output's root, except style.css and demo.css,
// which become the one fingerprinted stylesheet. static/search.js runs the
// header's hidden form.search (data-home, an input, .search-count,
// .search-results) and hides the .search-link to the one-page view. The
// Content-Security-Policy forbids inline scripts and styles in layouts.
package theme

import "embed"

// FS holds layouts/ and static/.
//
//go:embed layouts static
var FS embed.FS

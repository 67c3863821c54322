// Package theme is the site's built-in theme, embedded so that an installed
// sitegen works from any folder; a site's own theme/ folder, laid out the
// same way, replaces it.
//
// layouts/ holds html/template files, each receiving a site.Page: base.html
// is the page around the others, which define its block "main" (index.html,
// chapter.html, also for the one-page view, and 404.html), and defines
// "nav-item", given a site.NavItem and rendered once per chapter per build.
// demo.html defines "main" for a demo's page and the fragments "demo-block"
// and "demo-files"; without it a theme builds only sites without demos.
//
// static/ is copied to the output's root, except style.css and demo.css,
// which become the one fingerprinted stylesheet. static/search.js runs the
// header's search form (class "search", hidden, with data-home, an input, a
// .search-count and a .search-results list) and hides the .search-link to
// the one-page view. The site's Content-Security-Policy forbids inline
// scripts, inline styles and style attributes in every layout.
package theme

import "embed"

// FS holds layouts/ and static/.
//
//go:embed layouts static
var FS embed.FS

// Package theme is the site's built-in theme, embedded so that an installed
// sitegen works from any folder.
//
// layouts/ holds html/template files: base.html is the page around every
// other layout and leaves the block "main" for them to define; index.html,
// chapter.html and 404.html define it for the index page, a chapter (and
// the one-page view of every chapter, /all/, a page of Kind "all") and the
// page-not-found page. Each layout receives a site.Page. base.html also
// defines "nav-item", one chapter's item in the navigation list, which
// receives a site.NavItem and is rendered once per chapter per build.
// demo.html defines "main" for a demo's own page and two fragments filled
// with views computed by package site: "demo-block", one demo in a
// chapter, and "demo-files", the body of a demo's page; a theme without it
// can build only sites without demos.
//
// static/ is copied to the root of the output, except static/style.css and
// static/demo.css, which become the one fingerprinted stylesheet together
// with the code and chart rules. static/search.js is the header's
// search box: base.html gives it a form of class "search" (hidden, with
// data-home, an input, a .search-count and a .search-results list) and a
// .search-link to the one-page view, which the script hides when it runs. No layout may use inline scripts, inline styles or
// style attributes: the site's Content-Security-Policy forbids them.
//
// A site folder with its own theme/ folder, laid out the same way, is used
// instead of this one.
package theme

import "embed"

// FS holds layouts/ and static/.
//
//go:embed layouts static
var FS embed.FS

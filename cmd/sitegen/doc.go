// Sitegen builds the concurrency primer: a static site from Markdown
// chapters, with the demo programs they embed run and measured.
//
// Usage:
//
//	sitegen build [-src DIR] [-out DIR] [-base-url URL] [-demos MODE]
//	sitegen version
//	sitegen help [command]
//
// Build reads SRC/content/*.md (see package site for the format) and writes
// the site to -out, by default SRC/public. The output is built in a staging
// folder beside it and replaces it only when complete: a failed or
// interrupted build leaves the previous output untouched.
//
// Flags of build:
//
//	-src DIR       the site folder, holding content/ and optionally demos/
//	               and theme/ (default .)
//	-out DIR       the output folder (default SRC/public)
//	-base-url URL  the site's address, for canonical links and the sitemap
//	               (default $URL, which Netlify sets, else /)
//	-demos MODE    auto: run a demo when its sources changed or it has no
//	               result (default); force: run every demo; frozen: never
//	               run, fail naming each missing or stale result; off:
//	               show placeholders
//
// When SRC/theme/ exists it replaces the built-in theme, so that edits to
// the layouts show without recompiling sitegen.
//
// Messages start with "sitegen: ". Content errors name the file and line,
// as in content/03-threads.md:12: unknown demo "cpux". Sitegen exits 1 when
// the build fails and 2 for a mistake on the command line.
package main

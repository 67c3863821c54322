// Sitegen builds the concurrency primer: a static site from Markdown
// chapters, with the demo programs they embed run and measured.
//
// Usage:
//
//	sitegen build [-src DIR] [-out DIR] [-base-url URL] [-demos MODE] [-drafts]
//	sitegen serve [-src DIR] [-bind ADDR] [-port N] [-poll] [-demos MODE] [-drafts]
//	sitegen check [-dir DIR] [-budget BYTES] [build flags]
//	sitegen version
//	sitegen help [command]
//
// Build reads SRC/content/*.md (see package site for the format) and writes
// the site to -out through a staging folder that replaces it only when
// complete, so a failed build leaves the previous output untouched. Builds
// into one folder take turns, holding a lock file beside it (.public.lock
// for public/). The site folder and its theme/ are read through os.Root: a
// symbolic link out of them, or a file that is not a regular one, is an
// error naming it. A SRC/theme/ folder replaces the built-in theme.
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
//	-drafts        include the chapters whose front matter says draft: true
//
// Serve builds the site into a temporary folder (never public/), serves
// it at http://127.0.0.1:1313/ and watches SRC/content, demos, recipes and
// theme.
// Each burst of changes becomes one rebuild of what depends on it,
// reported in one line; the open pages then reload or swap stylesheets.
// When a rebuild fails, the last good files stay and the pages show the
// error until the next good build. Ctrl-C or SIGTERM stops it.
//
//	-bind ADDR  the address to listen on (default 127.0.0.1; another
//	            prints a warning). Requests whose Host is not localhost, a
//	            loopback address or ADDR (with 0.0.0.0, any IP address)
//	            get 421, so that no page of another site can read the
//	            preview
//	-port N     the port (default 1313; 0 picks a free one)
//	-poll       scan the folders twice a second instead of waiting for
//	            file system events, which some mounts do not send
//	-src, -demos and -drafts are as for build.
//
// Check builds the site as build does, into -out or a temporary folder, or
// with -dir reads a site built before, and runs every check of package
// check over it, among them links, ids, titles, text alternatives, the
// heading outline and page weight (-budget, by default 115000 bytes of
// HTML, CSS and scripts, demo source excluded). It lists each problem with
// its page, line and source file, and exits 1 when there is any.
//
// Messages start with "sitegen: "; content errors name the file and line,
// as in content/03-threads.md:12: unknown demo "cpux". Sitegen exits 1 when
// the build fails and 2 for a mistake on the command line, such as an
// unknown flag or a bad -base-url. sitegen -h and sitegen COMMAND -h
// explain the commands and flags and exit 0.
package main

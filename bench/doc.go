// Package bench measures how fast sitegen builds, beside Hugo on the same
// machine and the same generated chapters. It holds benchmarks only; the
// chapters come from package corpus.
//
// # Side by side with Hugo
//
//	bench/compare.sh                    N = 100, 1000 and 5000, five runs each
//	bench/compare.sh -n "100 1000" -runs 3
//
// builds sitegen, generates one corpus per N (go run ./bench/gencorpus -n N
// -hugo), and for each N times cold builds with sitegen and Hugo in turn,
// A B A B, printing the median wall time, its spread, the median peak
// memory, the ratio sitegen/Hugo, the time per page at each N and the
// machine. It ends with the median one-chapter rebuild of
// BenchmarkIncremental1000. Hugo is Debian's hugo package; without it the
// script measures sitegen alone.
//
// # In process
//
//	go test -run '^$' -bench . ./bench
//
// BenchmarkBuild100 and BenchmarkBuild1000 build a whole site into a new
// folder per iteration (ns/page is the time per chapter);
// BenchmarkIncremental1000 edits one chapter's prose of a site of 1,000 and
// runs the rebuild sitegen serve runs for that change (ms-median, and
// rendered/op, the pages it rendered again); BenchmarkRenderPage parses and
// renders one chapter's Markdown with its highlighted code, alone;
// BenchmarkSearchIndex builds this repository's book and reports its search
// index's size, raw and gzipped, against a budget of 60 KB gzipped. These
// run in one warm process, so they leave out what a cold process pays once
// (loading the program, compiling chroma's lexers): compare.sh measures that.
package bench

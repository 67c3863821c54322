#!/usr/bin/env bash
# compare.sh times cold builds of the same generated chapters with sitegen
# and Hugo, side by side on this machine, and the one-chapter rebuild of
# sitegen serve. See package bench (bench/doc.go).
#
# usage: bench/compare.sh [-n "100 1000 5000"] [-runs 5] [-seed 1] [-edits 20]
#                         [-no-incremental] [-keep]
#
# The environment variables BENCH_N, BENCH_RUNS, BENCH_SEED and BENCH_EDITS
# set the same as the flags. For each N it generates a corpus
# (bench/gencorpus -hugo), then runs sitegen and Hugo in turn, A B A B,
# RUNS times each. Every run is cold: its output folder is removed before
# it, and Hugo gets a new empty cache folder, --ignoreCache, and no
# resources/ folder left from an earlier run. /usr/bin/time gives each
# run's wall time and peak memory (maximum resident set size).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
	sed -n 's/^# \{0,1\}//; 6,7p' "$0"
}

ns="${BENCH_N:-100 1000 5000}"
runs="${BENCH_RUNS:-5}"
seed="${BENCH_SEED:-1}"
edits="${BENCH_EDITS:-20}"
incremental=1
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	-n) ns="$2"; shift 2 ;;
	-runs) runs="$2"; shift 2 ;;
	-seed) seed="$2"; shift 2 ;;
	-edits) edits="$2"; shift 2 ;;
	-no-incremental) incremental=0; shift ;;
	-keep) keep=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "compare.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
ns="${ns//,/ }"
for v in $ns "$runs" "$seed" "$edits"; do
	if ! [[ "$v" =~ ^[0-9]+$ ]] || [ "$v" -lt 1 ]; then
		echo "compare.sh: $v: want a whole number of at least 1" >&2
		exit 2
	fi
done

if [ ! -x /usr/bin/time ]; then
	echo "compare.sh: /usr/bin/time not found: install Debian's time package" >&2
	exit 1
fi
hugo=""
if command -v hugo >/dev/null; then
	hugo="$(command -v hugo)"
else
	echo "compare.sh: hugo not found (Debian's hugo package): measuring sitegen alone" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sitegen-compare.XXXXXX")"
cleanup() {
	if [ "$keep" = 1 ]; then
		echo "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before="$(loadavg)"
cpu="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "machine: ${cpu:-unknown CPU}, $(nproc) logical cores, $(uname -sm)"
hugo_version="no hugo"
[ -n "$hugo" ] && hugo_version="$("$hugo" version | cut -d' ' -f1-2)"
echo "tools:   $(go version | cut -d' ' -f3-), $hugo_version"
echo "load average at start: $load_before"
if awk -v l="${load_before%% *}" 'BEGIN { exit !(l > 1) }'; then
	echo "warning: load average ${load_before%% *} > 1 at start: other programs compete for the cores, so the figures are noisy"
fi

go build -o "$work/sitegen" ./cmd/sitegen
go build -o "$work/gencorpus" ./bench/gencorpus

# timed FILE COMMAND...: runs COMMAND under /usr/bin/time and appends its
# wall seconds and peak KB to FILE; a failed command stops the script.
timed() {
	local file="$1"
	shift
	if ! /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >"$work/run.log" 2>&1; then
		echo "compare.sh: failed: $*" >&2
		cat "$work/run.log" "$work/time.out" >&2
		exit 1
	fi
	tail -n 1 "$work/time.out" >>"$file"
}

# column FILE K: the K-th column of FILE, sorted as numbers.
column() { cut -d' ' -f"$2" "$1" | sort -g; }
median() { awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A med_s med_mb
tools=(sitegen)
[ -n "$hugo" ] && tools+=(hugo)

for n in $ns; do
	dir="$work/corpus-$n"
	"$work/gencorpus" -n "$n" -seed "$seed" -out "$dir" -hugo
	for ((r = 1; r <= runs; r++)); do
		rm -rf "$work/out-sitegen"
		timed "$work/sitegen-$n" "$work/sitegen" build -src "$dir" -out "$work/out-sitegen" \
			-demos=off -base-url https://example.org/
		if [ -n "$hugo" ]; then
			rm -rf "$work/out-hugo" "$dir/resources" "$work/hugo-cache"
			mkdir "$work/hugo-cache"
			timed "$work/hugo-$n" "$hugo" --quiet --source "$dir" --destination "$work/out-hugo" \
				--cacheDir "$work/hugo-cache" --ignoreCache
		fi
	done

	echo
	echo "N = $n chapters, $runs cold runs each, alternating"
	printf '%-8s %9s %15s %13s %9s %7s\n' tool "median s" "min-max s" "median peak" "ms/page" pages
	for tool in "${tools[@]}"; do
		f="$work/$tool-$n"
		s="$(column "$f" 1 | median)"
		kb="$(column "$f" 2 | median)"
		med_s[$tool-$n]="$s"
		med_mb[$tool-$n]="$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')"
		pages="$(find "$work/out-$tool" -name '*.html' | wc -l)"
		printf '%-8s %9.2f %15s %10s MB %9.2f %7d\n' "$tool" "$s" \
			"$(column "$f" 1 | head -n 1)-$(column "$f" 1 | tail -n 1)" "${med_mb[$tool-$n]}" \
			"$(awk -v s="$s" -v n="$n" 'BEGIN { print 1000 * s / n }')" "$pages"
	done
	if [ -n "$hugo" ]; then
		awk -v a="${med_s[sitegen-$n]}" -v b="${med_s[hugo-$n]}" -v c="${med_mb[sitegen-$n]}" -v d="${med_mb[hugo-$n]}" \
			'BEGIN { printf "sitegen/hugo: time %.2f, peak memory %.2f\n", (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
	fi
	[ "$keep" = 1 ] || rm -rf "$dir" "$work/out-sitegen" "$work/out-hugo" "$work/hugo-cache"
done

echo
echo "linearity, median ms per chapter at each N:"
for tool in "${tools[@]}"; do
	line="$(printf '%-8s' "$tool")"
	for n in $ns; do
		line+="$(awk -v s="${med_s[$tool-$n]}" -v n="$n" 'BEGIN { printf "  N=%d: %.2f", n, 1000 * s / n }')"
	done
	echo "$line"
done

if [ "$incremental" = 1 ]; then
	echo
	echo "one-chapter rebuild at N=1000 (go test -run '^\$' -bench Incremental1000 -benchtime ${edits}x ./bench):"
	go test -run '^$' -bench 'Incremental1000$' -benchtime "${edits}x" ./bench >"$work/bench.log" 2>&1 || {
		cat "$work/bench.log" >&2
		exit 1
	}
	awk '/^BenchmarkIncremental1000/ {
		for (i = 2; i < NF; i++) { if ($(i+1) == "ms-median") ms = $i; if ($(i+1) == "rendered/op") r = $i; if ($(i+1) == "written/op") w = $i }
		printf "median %s ms over %s edits, %s pages rendered and %s files written per rebuild\n", ms, $2, r, w }' "$work/bench.log"
fi

echo
echo "load average at end: $(loadavg)"

#!/bin/sh
# check-all.sh runs every demo with -check, one at a time, and summarises
# which showed the shape it expects. Run it on a quiet machine: a demo whose
# noise guard trips reports "inconclusive: noisy" instead of a verdict.
#
# usage: demos/check-all.sh [NAME...]   (default: every folder under demos/)
set -u
cd "$(dirname "$0")/.." || exit 2

if [ $# -eq 0 ]; then
	set --
	for dir in demos/*/; do
		name=$(basename "$dir")
		[ "$name" = internal ] && continue
		if ls "$dir"*.go >/dev/null 2>&1 || [ -e "$dir/main.py" ]; then
			set -- "$@" "$name"
		fi
	done
fi

log=$(mktemp -d) || exit 2
trap 'rm -rf "$log"' EXIT
passed=0 failed=0 noisy=0 summary=""
for name in "$@"; do
	echo "== $name"
	if [ -e "demos/$name/main.py" ]; then
		python3 "demos/$name/main.py" -check >"$log/$name" 2>&1
	else
		go run "./demos/$name" -check >"$log/$name" 2>&1
	fi
	code=$?
	cat "$log/$name"
	if [ $code -ne 0 ]; then
		verdict="FAILED (exit $code)"
		failed=$((failed + 1))
	elif grep -q "inconclusive: noisy" "$log/$name"; then
		verdict="inconclusive: noisy"
		noisy=$((noisy + 1))
	else
		verdict="ok"
		passed=$((passed + 1))
	fi
	summary="$summary$(printf '%-12s %s' "$name" "$verdict")
"
	echo
done

echo "== summary"
printf '%s' "$summary"
echo "$passed ok, $failed failed, $noisy inconclusive"
[ $failed -eq 0 ]

#!/bin/sh
# Builds the libFuzzer targets in a build directory configured with
# --enable-fuzz (CC=clang; BUILD_DIR, default build-fuzz) and runs each for
# a share of SECONDS (default 60), seeded from tests/fuzz/seeds_<name>,
# the capture fixtures (tests/captures), the project's rule files and,
# when present, ../shared/conformance.
# Fails on any crash and keeps what made it in BUILD_DIR/fuzz-artifacts.
set -eu
total=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/build-fuzz}
if [ ! -f "$build/Makefile" ]; then
	[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh)
	mkdir -p "$build"
	(cd "$build" && "$top/configure" --enable-fuzz CC=clang >/dev/null)
fi
grep -q -- '--enable-fuzz' "$build/config.status" || {
	echo "$build was not configured with --enable-fuzz"
	exit 1
}
make -C "$build" -j2 fuzz
targets=$(cd "$build/tests/fuzz" &&
	find . -maxdepth 1 -name 'fuzz_*' -type f -perm -u+x | sort |
	sed 's|^\./||')
n=$(echo "$targets" | wc -w)
[ "$n" -gt 0 ] || { echo "no fuzz targets built"; exit 1; }
each=$((total / n))
[ "$each" -ge 1 ] || each=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
	corpus="$work/$t"
	mkdir -p "$corpus"
	name=${t#fuzz_}
	if [ -d "$top/tests/fuzz/seeds_$name" ]; then
		cp "$top/tests/fuzz/seeds_$name"/* "$corpus"/
	fi
	if [ "$name" = capfile ]; then
		cp "$top"/tests/captures/*.lcap "$corpus"/ 2>/dev/null || true
	fi
	if [ "$name" = rules ]; then
		cp "$top"/rules/*.yaml "$corpus"/ 2>/dev/null || true
		cp "$top"/../shared/conformance/*.yaml "$corpus"/ \
			2>/dev/null || true
	fi
	echo "fuzzing $t for ${each}s"
	"$build/tests/fuzz/$t" -max_total_time="$each" -max_len=65536 \
		-rss_limit_mb=2048 -artifact_prefix="$work/$t-" "$corpus" \
		>"$work/$t.log" 2>&1 || {
		tail -n 40 "$work/$t.log"
		mkdir -p "$build/fuzz-artifacts"
		cp "$work/$t"-* "$build/fuzz-artifacts"/ 2>/dev/null || true
		echo "$t failed; artifacts in $build/fuzz-artifacts"
		exit 1
	}
	grep -E '^(#[0-9]+.*DONE|Done)' "$work/$t.log" | tail -n 1 || true
done
echo "fuzzing passed"

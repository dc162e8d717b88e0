#!/bin/sh
# Replays each capture fixture (NAME.lcap) with rules.yaml, as whoever
# runs make check (no root, no probe), and compares the alerts with
# NAME.expected, which record.sh took from the live run. Then a damaged
# copy: the bad block is named with its byte offset, skipped and
# counted, and the rest still replays.
set -u
# The sandboxed children cannot host the sanitizer runtimes: a sanitizer
# build's make check sets LANNER_E2E=skip, and this runs the whole agent.
if [ "${LANNER_E2E:-}" = skip ]; then
	echo "SKIP: LANNER_E2E=skip"
	exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
build=${LANNER_BUILDDIR:-$PWD}
lanner=$build/broker/lanner
rules=$here/rules.yaml
export TZ=UTC
work=$(mktemp -d /tmp/lanner-captures.XXXXXX)
trap 'rm -rf "$work"' EXIT
fails=0
passes=0

alerts() {
	grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}: ' "$1" || true
}

check() {
	if "$@"; then
		passes=$((passes + 1))
	else
		fails=$((fails + 1))
		echo "FAIL: $*"
	fi
}

# replay NAME FILE...: lanner -e over the files, out/err in $work/NAME.*
replay() {
	n=$1
	shift
	args=""
	for f in "$@"; do args="$args -e $f"; done
	# shellcheck disable=SC2086
	timeout 60 "$lanner" -r "$rules" $args >"$work/$n.out" 2>"$work/$n.err"
	echo $? >"$work/$n.status"
}

same_alerts() {
	alerts "$work/$1.out" >"$work/$1.got"
	diff -u "$here/$1.expected" "$work/$1.got"
}

status_is() {
	[ "$(cat "$work/$1.status")" = "$2" ] || {
		tail -n 20 "$work/$1.err"
		return 1
	}
}

for lcap in "$here"/*.lcap; do
	name=$(basename "$lcap" .lcap)
	replay "$name" "$lcap"
	check status_is "$name" 0
	check same_alerts "$name"
	check grep -q "^Files: 1 read, 0 refused; blocks: [0-9]* good, 0 corrupt" \
		"$work/$name.out"
done

# A directory replays its files in name order: every fixture's alerts.
mkdir "$work/all"
cp "$here"/*.lcap "$work/all"/
replay all "$work/all"
check status_is all 0
for lcap in "$here"/*.lcap; do
	cat "$here/$(basename "$lcap" .lcap).expected"
done >"$work/all.want"
alerts "$work/all.out" >"$work/all.got"
check diff -u "$work/all.want" "$work/all.got"

# One byte changed in the second block: that block is skipped, with its
# offset, and the replay goes on.
cp "$here/files.lcap" "$work/damaged.lcap"
size=$(wc -c <"$here/files.lcap")
printf 'X' | dd of="$work/damaged.lcap" bs=1 seek=$((size / 2)) \
	conv=notrunc 2>/dev/null
chmod 0644 "$work/damaged.lcap"
replay damaged "$work/damaged.lcap"
check status_is damaged 0
check grep -Eq 'damaged.lcap: block [0-9]+ at byte [0-9]+: checksum mismatch; skipped' \
	"$work/damaged.err"
check grep -q "blocks: [0-9]* good, 1 corrupt" "$work/damaged.out"

# From a newer event schema: refused, naming both versions.
"$build/tests/captures/lcap_trim" -s 999 "$here/files.lcap" \
	"$work/newer.lcap" all >/dev/null
chmod 0644 "$work/newer.lcap"
replay newer "$work/newer.lcap"
check status_is newer 1
check grep -Eq 'newer.lcap: written with event schema version 999; this lanner reads schema versions up to [0-9]+' \
	"$work/newer.err"

# Not a capture file: refused by name, and lanner says so in its status.
printf 'not a capture\n' >"$work/text.lcap"
replay text "$work/text.lcap"
check status_is text 1
check grep -q "text.lcap: not a capture file" "$work/text.err"

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]

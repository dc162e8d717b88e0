#!/bin/sh
# record.sh NAME [OUTDIR]: makes the fixture NAME. Runs lanner --capture
# with tests/captures/rules.yaml (as root, with the probe), runs
# workloads.sh NAME, keeps the live alerts, trims the file to the
# workload and its ancestors (lcap_trim) and checks that replaying the
# trimmed file gives exactly the live alerts. Writes OUTDIR/NAME.lcap
# and OUTDIR/NAME.expected (OUTDIR: tests/captures). Run from the build
# directory, like the end-to-end tests.
set -eu
. "$(dirname "$0")/../e2e/lib.sh"
name=$1
here=$(cd "$(dirname "$0")" && pwd)
outdir=${2:-$here}
rules=$here/rules.yaml
export TZ=UTC
e2e_init

# alerts FILE: the alert lines of a text output, in order.
alerts() {
	grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}: ' "$1" || true
}

# The shell running this script and its ancestors, as /proc shows them
# before the capture starts: the workload's parents in the snapshot.
ancestors() {
	p=$$
	while [ "$p" -gt 1 ]; do
		echo "$p"
		p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status")
	done
	echo 1
}

full=$E2E_DIR/full.lcap
start_lanner -r "$rules" --capture "$full"
wait_for 'lanner-capture\[[0-9]+\]: info: capturing' "$E2E_DIR/err" 90
fixture_workload "$name" || e2e_fail "workloads.sh $name failed"
wait_for 'Debug done proc.name=lfx-cat' "$E2E_DIR/out" 30
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
alerts "$E2E_DIR/out" >"$E2E_DIR/live"

# shellcheck disable=SC2046
"$e2e_build/tests/captures/lcap_trim" "$full" "$E2E_DIR/$name.lcap" \
	"$wpid" $(ancestors)
chmod 0644 "$E2E_DIR/$name.lcap"
"$LANNER" -r "$rules" -e "$E2E_DIR/$name.lcap" >"$E2E_DIR/replay" \
	2>"$E2E_DIR/replay.err" || e2e_fail "the replay failed"
alerts "$E2E_DIR/replay" >"$E2E_DIR/replayed"
diff -u "$E2E_DIR/live" "$E2E_DIR/replayed" ||
	e2e_fail "the trimmed file does not give the live alerts"
cp "$E2E_DIR/$name.lcap" "$outdir/$name.lcap"
cp "$E2E_DIR/live" "$outdir/$name.expected"
echo "$name: $(wc -l <"$E2E_DIR/live") alerts, $(wc -c <"$outdir/$name.lcap") bytes"

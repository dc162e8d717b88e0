#!/bin/sh
# Record, then replay: lanner --capture records the live events while the
# capture fixtures' workloads run (tests/captures/workloads.sh), and
# lanner -e on that file, as nobody where it can, gives exactly the
# alerts the live run gave, in the same order.
. "$(dirname "$0")/lib.sh"
e2e_init
export TZ=UTC
rules=$e2e_src/tests/captures/rules.yaml
file=$E2E_DIR/live.lcap

alerts() {
	grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}: ' "$1" || true
}

# Runs a replay as nobody when nobody can reach the build tree and the
# rules (a clone under /root cannot), else as root.
as_replayer() {
	if runuser -u nobody -- test -x "$LANNER" -a -r "$rules"; then
		runuser -u nobody -- "$@"
	else
		echo "nobody cannot reach $LANNER: replaying as root"
		"$@"
	fi
}

start_lanner -r "$rules" --capture "$file"
wait_for 'lanner-capture\[[0-9]+\]: info: capturing' "$E2E_DIR/err" 90
for w in files process changes; do
	fixture_workload "$w" ||
		e2e_fail "workload $w failed"
done
all_done() {
	[ "$(count 'Debug done proc.name=lfx-cat' "$E2E_DIR/out")" = 3 ]
}
wait_until 30 all_done ||
	e2e_fail "the workloads' last alerts never came"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
alerts "$E2E_DIR/out" >"$E2E_DIR/live"
[ "$(wc -l <"$E2E_DIR/live")" -ge 15 ] || e2e_fail "too few live alerts"
[ "$(stat -c %a "$file")" = 600 ] || e2e_fail "the capture file is not 0600"

# The file is root's alone; the unprivileged replay reads a copy.
cp "$file" "$E2E_DIR/copy.lcap"
chmod 0644 "$E2E_DIR/copy.lcap"
chmod 0755 "$E2E_DIR"
as_replayer "$LANNER" -r "$rules" -e "$E2E_DIR/copy.lcap" \
	>"$E2E_DIR/replay" 2>"$E2E_DIR/replay.err" ||
	e2e_fail "the replay failed: $(tail -n 5 "$E2E_DIR/replay.err")"
alerts "$E2E_DIR/replay" >"$E2E_DIR/replayed"
diff -u "$E2E_DIR/live" "$E2E_DIR/replayed" ||
	e2e_fail "the replay's alerts differ from the live ones"
grep -q '^Files: 1 read, 0 refused; blocks: [0-9]* good, 0 corrupt' \
	"$E2E_DIR/replay" || e2e_fail "the summary counts damage"

# Recording never overwrites: the same name again is refused.
"$LANNER" -r "$rules" --capture "$file" -M 1 >/dev/null 2>"$E2E_DIR/again" &&
	e2e_fail "an existing capture file was accepted"
grep -q 'never overwrites' "$E2E_DIR/again" ||
	e2e_fail "no reason given for refusing the file"
echo "PASS"

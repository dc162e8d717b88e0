#!/bin/sh
# An alert the output worker never acknowledged is delivered again after
# the worker restarts: the worker is stopped (it cannot deliver), the
# alert reaches the broker's queue, then the worker is killed.
. "$(dirname "$0")/lib.sh"
e2e_init

start_lanner -r "$E2E_RULES" --log-level debug
sync_pipeline ready 60
old=$(child_pid lanner-output)
[ -n "$old" ] || e2e_fail "no lanner-output running"

kill -STOP "$old"
queued=$(count 'stdout: alert [0-9]+ queued' "$E2E_DIR/err")
cat /etc/shadow >/dev/null
# The broker has the alert once it logs one more queued alert.
wait_until 20 sh -c "[ \$(grep -Ec 'stdout: alert [0-9]+ queued' \
	'$E2E_DIR/err') -gt $queued ]" ||
	e2e_fail "the broker never queued the shadow alert"
grep -q 'e2e shadow' "$E2E_DIR/out" &&
	e2e_fail "a stopped worker delivered an alert"

kill -9 "$old"
kill -CONT "$old" 2>/dev/null
wait_for "stdout: sending [0-9]+ unacknowledged alerts again" \
	"$E2E_DIR/err" 20
wait_for 'e2e shadow proc.name=cat fd.name=/etc/shadow$' "$E2E_DIR/out" 20
grep -E 'unacknowledged|exited on' "$E2E_DIR/err"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

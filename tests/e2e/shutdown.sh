#!/bin/sh
# SIGTERM stops every child and lanner exits 0 with its run directory
# removed; -M stops it on its own, also with status 0.
. "$(dirname "$0")/lib.sh"
e2e_init

start_lanner -r "$E2E_RULES" --run-dir "$E2E_DIR/run"
sync_pipeline ready 60
kids=$(pgrep -P "$LANNER_PID")
[ "$(echo "$kids" | wc -l)" -ge 3 ] || e2e_fail "expected 3 children: $kids"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "SIGTERM: lanner exited with $LANNER_STATUS"
for k in $kids; do
	alive "$k" && e2e_fail "child $k still running"
done
[ -e "$E2E_DIR/run" ] && e2e_fail "run directory left behind"
grep -q 'exited on signal' "$E2E_DIR/err" &&
	e2e_fail "a child had to be killed at shutdown"

start_lanner -r "$E2E_RULES" -M 3
wait_exit 30
[ "$LANNER_STATUS" = 0 ] || e2e_fail "-M 3: lanner exited with $LANNER_STATUS"
echo "PASS"

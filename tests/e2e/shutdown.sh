#!/bin/sh
# SIGTERM stops every child and lanner exits 0 with its run directory
# removed; -M stops it on its own, also with status 0. Stopping loses no
# alert for what was captured before it: with the engine paused and 20
# reads of /etc/shadow waiting, lanner is told to stop; capture hands
# over what the probe still holds and exits, and the output worker stops
# only once the engine, resumed, has raised their alerts and exited.
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

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60
engine=$(child_pid lanner-engine)
kill -STOP "$engine"
k=0
while [ $k -lt 20 ]; do
	cat /etc/shadow >/dev/null
	k=$((k + 1))
done
kill -TERM "$LANNER_PID"
wait_for 'lanner-capture exited with status 0' "$E2E_DIR/err" 20
kill -CONT "$engine"
wait_exit 20
[ "$LANNER_STATUS" = 0 ] || e2e_fail "a stop with alerts waiting: lanner exited with $LANNER_STATUS"
n=$(count 'e2e shadow proc.name=cat fd.name=/etc/shadow$' "$E2E_DIR/out")
[ "$n" = 20 ] || e2e_fail "20 reads before the stop gave $n alerts"
echo "20 reads captured before the stop: $n alerts"
echo "PASS"

#!/bin/sh
# SIGUSR2 makes the broker ask the engine to make a forbidden syscall: the
# engine must die of SIGSYS, be restarted, and alerts must flow again.
. "$(dirname "$0")/lib.sh"
e2e_init
grep -q '^#define LNR_SELFTEST 1' "$e2e_build/config.h" ||
	e2e_skip "built with --disable-selftest"

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60
old=$(child_pid lanner-engine)
[ -n "$old" ] || e2e_fail "no lanner-engine running"

kill -USR2 "$LANNER_PID"
wait_for "lanner-engine exited on signal SIGSYS" "$E2E_DIR/err" 20
wait_until 20 sh -c "new=\$(pgrep -P $LANNER_PID -x lanner-engine) &&
	[ -n \"\$new\" ] && [ \"\$new\" != $old ]" ||
	e2e_fail "the engine was not restarted"
echo "engine $old died of SIGSYS and came back as $(child_pid lanner-engine)"

sync_pipeline after 30
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

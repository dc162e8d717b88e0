#!/bin/sh
# Killing the stdout output worker, the engine and capture with SIGKILL:
# the broker logs why, restarts each (capture re-attaches the probe and
# reads /proc again), and alerts still arrive.
. "$(dirname "$0")/lib.sh"
e2e_init

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60

for name in lanner-output lanner-engine lanner-capture; do
	old=$(child_pid "$name")
	[ -n "$old" ] || e2e_fail "no $name running"
	kill -9 "$old"
	wait_for "$name exited on signal SIGKILL" "$E2E_DIR/err" 20
	wait_until 20 sh -c "new=\$(pgrep -P $LANNER_PID -x $name) &&
		[ -n \"\$new\" ] && [ \"\$new\" != $old ]" ||
		e2e_fail "$name was not restarted"
	echo "$name $old killed, now $(child_pid "$name")"
	sync_pipeline "after-$name" 30
done

cat /etc/shadow >/dev/null
wait_for 'e2e shadow proc.name=cat fd.name=/etc/shadow$' "$E2E_DIR/out" 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

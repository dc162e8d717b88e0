#!/bin/sh
# A hostile output worker (tests/e2e/fake_output, started in place of
# lanner-output through LANNER_LIBEXECDIR) breaks the protocol four ways:
# an unknown message type, a type only the engine may send, a payload too
# short and one with bytes left over. Each time the broker logs why, kills
# the worker and starts it again; the engine and capture stay up and the
# broker stops cleanly at the end.
. "$(dirname "$0")/lib.sh"
e2e_init

fake=$e2e_build/tests/e2e/fake_output
[ -x "$fake" ] || e2e_fail "tests/e2e/fake_output is not built"
lib=$E2E_DIR/libexec
mkdir "$lib"
ln -s "$e2e_build/capture/lanner-capture" "$lib/lanner-capture"
ln -s "$e2e_build/engine/lanner-engine" "$lib/lanner-engine"
ln -s "$e2e_build/containers/lanner-containers" "$lib/lanner-containers"
ln -s "$e2e_build/resolve/lanner-resolve" "$lib/lanner-resolve"
ln -s "$fake" "$lib/lanner-output"
export LANNER_LIBEXECDIR="$lib" LANNER_FAKE_STATE="$E2E_DIR/starts"
start_lanner -r "$E2E_RULES"

wait_for 'rules loaded' "$E2E_DIR/err" 60
engine=$(child_pid lanner-engine)
capture=$(child_pid lanner-capture)
[ -n "$engine" ] && [ -n "$capture" ] || e2e_fail "engine or capture missing"

kill_line='killing lanner-output\[[0-9]+\]: '
for why in 'unknown message type' 'unexpected rules-result message' \
	'malformed ack message'; do
	wait_for "$kill_line$why" "$E2E_DIR/err" 20
done
# The short and the long ACK both read as malformed.
wait_until 20 sh -c "[ \$(grep -Ec '${kill_line}malformed ack message' \
	'$E2E_DIR/err') -ge 2 ]" || e2e_fail "the second malformed ACK"
wait_until 20 sh -c "[ \$(grep -Ec 'lanner-output exited on signal \
SIGKILL; restarting' '$E2E_DIR/err') -ge 4 ]" ||
	e2e_fail "lanner-output was not restarted after each kill"

# The fifth start behaves and stays.
wait_until 20 sh -c "[ \"\$(cat '$E2E_DIR/starts')\" -ge 5 ]" ||
	e2e_fail "no fifth lanner-output"
wait_until 20 sh -c "pgrep -P $LANNER_PID -x lanner-output >/dev/null" ||
	e2e_fail "no lanner-output running"
grep -q 'still alive after' "$E2E_DIR/err" &&
	e2e_fail "a hostile lanner-output was not killed"
alive "$LANNER_PID" || e2e_fail "the broker died"
[ "$(child_pid lanner-engine)" = "$engine" ] || e2e_fail "the engine changed"
[ "$(child_pid lanner-capture)" = "$capture" ] ||
	e2e_fail "capture changed"
alive "$engine" && alive "$capture" || e2e_fail "engine or capture died"
[ "$(count 'killing lanner-(engine|capture)' "$E2E_DIR/err")" = 0 ] ||
	e2e_fail "the broker killed the engine or capture"
grep -E "$kill_line|lanner-output exited" "$E2E_DIR/err"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

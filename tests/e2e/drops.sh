#!/bin/sh
# Drops are never silent. With simulate_drops every drop check sees a
# drop: the engine logs Falco's warning and raises the "Falco internal:
# syscall event drop" alert with its fields. Then a stdout channel whose
# priority threshold is Notice never queues that Debug alert: the broker
# skips it before queuing and counts it. With the exit action lanner
# stops with a non-zero status. A real burst into a small probe ring
# raises the alert too.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"

DROP_ALERT='"rule":"Falco internal: syscall event drop"'
DROP_LOG='lanner-engine\[[0-9]+\]: warning: Falco internal: syscall event drop\. [0-9]+ system calls dropped in last second\.'

# start_drops ARGS...: lanner with simulated drops, log and alert actions.
start_drops() {
	start_lanner -r "$E2E_RULES" -o json_output=true \
		-o syscall_event_drops.simulate_drops=true \
		-o 'syscall_event_drops.actions=[log,alert]' "$@"
}

start_drops
wait_for 'capture\[[0-9]+\]: info: capturing' "$E2E_DIR/err" 60
sync_pipeline ready 60
wait_for "$DROP_ALERT" "$E2E_DIR/out" 20
wait_for "$DROP_LOG" "$E2E_DIR/err" 10

grep -F "$DROP_ALERT" "$E2E_DIR/out" | head -n1 | python3 -c '
import json, sys
a = json.loads(sys.stdin.readline())
f = a["output_fields"]
assert a["priority"] == "Debug", a
assert a["source"] == "syscall", a
n = int(f["n_drops"])
assert n >= 1 and int(f["n_evts"]) >= n, f
lost = int(f["n_drops_buffer_total"]) + int(f["n_drops_scratch_map"])
assert lost == int(f["n_drops_kernel"]) + int(f["n_drops_ring"]), f
assert f["ebpf_enabled"] == 1, f  # typed, as Falco writes it
assert a["output"].endswith(
    "Falco internal: syscall event drop. %d system calls dropped in last second." % n), a
' || e2e_fail "the drop alert is not what Falco would write"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# Above Debug: the alert is raised but takes no room in the queue.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
start_drops -o priority=notice --log-level debug
wait_for 'capture\[[0-9]+\]: info: capturing' "$E2E_DIR/err" 60
sync_pipeline notice 60
wait_for "$DROP_LOG" "$E2E_DIR/err" 20
wait_for 'lanner\[[0-9]+\]: debug: stdout: Debug alert below the channel.s priority, not queued' \
	"$E2E_DIR/err" 10
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
[ "$(count "$DROP_ALERT" "$E2E_DIR/out")" = 0 ] ||
	e2e_fail "a Debug alert reached a Notice channel"
wait_for 'stdout: [0-9]+ alerts queued, [1-9][0-9]* below its priority Notice not queued' \
	"$E2E_DIR/err" 5

# Real drops: a 1 MiB probe ring (buf_size_preset 1) cannot hold a
# burst of large open records; the kernel counts what it loses and the
# engine raises the same alert, without simulated drops.
burst=$e2e_build/tests/e2e/burst
[ -x "$burst" ] || e2e_fail "tests/e2e/burst is not built"
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
start_lanner -r "$E2E_RULES" -o json_output=true \
	-o engine.modern_ebpf.buf_size_preset=1 \
	-o 'syscall_event_drops.actions=[log,alert]'
sync_pipeline real 60
"$burst" || e2e_fail "burst failed"
wait_for "$DROP_ALERT" "$E2E_DIR/out" 30
grep -F "$DROP_ALERT" "$E2E_DIR/out" | head -n1 | python3 -c '
import json, sys
f = json.loads(sys.stdin.readline())["output_fields"]
assert int(f["n_drops_buffer_total"]) > 0, f
' || e2e_fail "the drop alert does not count the kernel buffer drops"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# exit: the engine asks, the broker stops everything with status 1.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
start_lanner -r "$E2E_RULES" -o syscall_event_drops.simulate_drops=true \
	-o 'syscall_event_drops.actions=[exit]'
wait_exit 60
[ "$LANNER_STATUS" != 0 ] || e2e_fail "lanner exited with 0 after a drop"
wait_for 'lanner\[[0-9]+\]: error: lanner-engine asks lanner to stop: Falco internal: syscall event drop' \
	"$E2E_DIR/err" 5
echo "PASS"

#!/bin/sh
# A restarted engine still knows the processes that ran before it: the
# broker takes a /proc snapshot for it (lanner-snapshot), while capture
# goes on capturing, and the events of the engine's downtime wait in the
# ring for the new engine.
. "$(dirname "$0")/lib.sh"
e2e_init

target=/tmp/lanner-e2e-preexist.$$
rules=$E2E_DIR/preexist.yaml
cat >"$rules" <<'YAML'
- rule: E2E preexisting process
  desc: a file below the test's prefix was opened
  condition: evt.type in (open, openat, openat2) and fd.name startswith /tmp/lanner-e2e-preexist.
  output: "preexist proc.name=%proc.name proc.exepath=%proc.exepath fd.name=%fd.name"
  priority: WARNING
  tags: [e2e]
YAML
chmod 0644 "$rules"
fifo=$E2E_DIR/go
mkfifo "$fifo"
cp /bin/sh "$E2E_DIR/lnrpre"

new_engine() { # OLD_PID
	p=$(child_pid lanner-engine)
	[ -n "$p" ] && [ "$p" != "$1" ]
}

start_lanner -r "$E2E_RULES" -r "$rules"
sync_pipeline ready 60
# Started before the engine restart; opens the file itself afterwards.
"$E2E_DIR/lnrpre" -c "read x <'$fifo'; : >'$target'" &
pre=$!
pid=$(child_pid lanner-engine)
cap=$(child_pid lanner-capture)
kill -STOP "$pid"
# Read while no engine reads: the alert must still come, from the ring.
: >"$E2E_MARKER.downtime"
cat "$E2E_MARKER.downtime" >/dev/null
kill -KILL "$pid"
wait_until 30 new_engine "$pid" || e2e_fail "no new engine"
sync_pipeline restarted 60
[ "$(child_pid lanner-capture)" = "$cap" ] ||
	e2e_fail "capture was restarted with the engine"
grep -q "e2e marker fd.name=$E2E_MARKER.downtime" "$E2E_DIR/out" ||
	e2e_fail "the event of the engine's downtime was lost"
rm -f "$E2E_MARKER.downtime"
echo go >"$fifo"
wait "$pre"
wait_for "preexist .*fd.name=$target" "$E2E_DIR/out" 20
grep -q "preexist proc.name=lnrpre proc.exepath=$E2E_DIR/lnrpre fd.name=$target" \
	"$E2E_DIR/out" ||
	e2e_fail "the new engine did not know the process: $(grep preexist "$E2E_DIR/out")"
rm -f "$target"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# The probe emits only the event types the rules and the state need, and
# follows the rules: a kill rule loaded, removed and loaded again by
# reloads makes the kill event type come and go in the kernel filter.
# base_syscalls.custom_set can take a type away from the rules (its
# events then never arrive) and -A emits every type.
. "$(dirname "$0")/lib.sh"
e2e_init

rules=$E2E_DIR/rules.yaml
with_kill() {
	cat "$E2E_RULES" - >"$rules" <<'EOT'

- rule: E2E kill zero
  desc: the kill binary probed a process with signal 0
  condition: evt.type=kill and evt.arg.sig=0 and proc.name=kill
  output: "e2e kill pid=%evt.arg.pid"
  priority: NOTICE
EOT
	chmod 0644 "$rules"
}
FILTER='lanner-capture\[[0-9]+\]: info: the probe emits [0-9]+ event types'
# reload: SIGHUP, then wait until capture applied a new set.
reload() {
	n=$(count "$FILTER" "$E2E_DIR/err")
	kill -HUP "$LANNER_PID"
	wait_until 20 sh -c "[ \$(grep -Ec '$FILTER' '$E2E_DIR/err') -gt $n ]" ||
		e2e_fail "capture did not apply the reloaded rules' event types"
}
emitted() {
	grep -E "$FILTER" "$E2E_DIR/err" | tail -n1 |
		sed -E 's/.*emits ([0-9]+) event types.*/\1/'
}

with_kill
start_lanner -r "$rules"
wait_for "$FILTER" "$E2E_DIR/err" 60
sync_pipeline ready 60
with=$(emitted)
/bin/kill -0 $$
wait_for "e2e kill pid=$$\$" "$E2E_DIR/out" 20

cp "$E2E_RULES" "$rules"
reload
without=$(emitted)
[ "$without" -lt "$with" ] ||
	e2e_fail "without the kill rule the probe still emits $without types"

with_kill
reload
[ "$(emitted)" = "$with" ] || e2e_fail "the kill type did not come back"
/bin/kill -0 $$
wait_until 20 sh -c "[ \$(grep -c 'e2e kill pid=$$\$' '$E2E_DIR/out') = 2 ]" ||
	e2e_fail "no kill alert after the rule came back"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# custom_set removes kill: the rule is loaded but its events never come.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
start_lanner -r "$rules" -o 'base_syscalls.custom_set=["!kill"]' \
	-o base_syscalls.repair=true
wait_for "$FILTER" "$E2E_DIR/err" 60
sync_pipeline custom 60
/bin/kill -0 $$
sync_pipeline custom-after 20
[ "$(count 'e2e kill' "$E2E_DIR/out")" = 0 ] ||
	e2e_fail "a kill event arrived although custom_set removed it"
stop_lanner

# -A: every type.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
start_lanner -A -r "$rules"
wait_for 'lanner-capture\[[0-9]+\]: info: the probe emits [0-9]+ event types, 0 filtered out' \
	"$E2E_DIR/err" 60
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

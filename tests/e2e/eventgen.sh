#!/bin/sh
# The default rules against lanner-eventgen: with the agent running the
# shipped rules, every action runs once and the rule it names must fire
# for that action's own processes (its session id), with the fields that
# say what happened. Prints the action -> rule -> seen table.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"
EVENTGEN=$e2e_build/eventgen/lanner-eventgen
[ -x "$EVENTGEN" ] || e2e_fail "eventgen/lanner-eventgen is not built"

sid_config
start_lanner -c "$E2E_DIR/lanner.yaml" -r "$e2e_src/rules/lanner_rules.yaml" \
	-r "$E2E_RULES"
sync_pipeline ready 60

"$EVENTGEN" run >"$E2E_DIR/eventgen" 2>"$E2E_DIR/eventgen.err" ||
	{ cat "$E2E_DIR/eventgen" "$E2E_DIR/eventgen.err"; e2e_fail "an action failed"; }
sync_pipeline done 60

python3 "$e2e_src/tests/e2e/eventgen_check.py" "$E2E_DIR/eventgen" \
	"$E2E_DIR/out" || e2e_fail "a rule did not fire for its action"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

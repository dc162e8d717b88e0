#!/bin/sh
# The kernel filter never hides an event a rule could match: every
# lanner-eventgen action runs against the agent twice, once with the
# probe emitting only the event types the rules and the state need and
# once emitting everything (-A), and each action must raise exactly the
# same rules both times. Done for the default rules and for Falco's
# upstream stable rules.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"
EVENTGEN=$e2e_build/eventgen/lanner-eventgen
[ -x "$EVENTGEN" ] || e2e_fail "eventgen/lanner-eventgen is not built"
UPSTREAM=$e2e_src/../shared/conformance/falco_rules.yaml

sid_config
FILTER='lanner-capture\[[0-9]+\]: info: the probe emits [0-9]+ event types'

# run NAME RULES [LANNER ARGS...]: every action once; the rules each
# action raised in $E2E_DIR/NAME.rules, the emitted type count printed.
run() {
	name=$1 rules=$2
	shift 2
	start_lanner -c "$E2E_DIR/lanner.yaml" -r "$rules" -r "$E2E_RULES" "$@"
	sync_pipeline "$name.ready" 60
	wait_for "$FILTER" "$E2E_DIR/err" 20
	"$EVENTGEN" run >"$E2E_DIR/$name.report" 2>"$E2E_DIR/$name.eg" ||
		{ cat "$E2E_DIR/$name.report" "$E2E_DIR/$name.eg"; e2e_fail "an action failed"; }
	sync_pipeline "$name.done" 60
	python3 "$e2e_src/tests/e2e/alerts_by_action.py" "$E2E_DIR/$name.report" \
		"$E2E_DIR/out" >"$E2E_DIR/$name.rules" ||
		e2e_fail "$name: events were dropped"
	echo "$name: $(grep -Eo 'the probe emits [0-9]+ event types' "$E2E_DIR/err" | tail -n 1)," \
		"$(grep -c ': .' "$E2E_DIR/$name.rules") actions raised alerts"
	stop_lanner
	[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
}

# compare A B: the same rules for every action.
compare() {
	diff "$E2E_DIR/$1.rules" "$E2E_DIR/$2.rules" >"$E2E_DIR/diff" ||
		{ cat "$E2E_DIR/diff"; e2e_fail "$1 and $2 raised different alerts"; }
	echo "$1 = $2 for all $(wc -l <"$E2E_DIR/$1.rules") actions"
}

run defaults "$e2e_src/rules/lanner_rules.yaml"
run defaults-all "$e2e_src/rules/lanner_rules.yaml" -A
compare defaults defaults-all
if [ -r "$UPSTREAM" ]; then
	run upstream "$UPSTREAM"
	run upstream-all "$UPSTREAM" -A
	compare upstream upstream-all
else
	echo "note: $UPSTREAM absent, upstream rules not compared"
fi
echo "PASS"

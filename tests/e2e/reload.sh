#!/bin/sh
# SIGHUP reloads the rule files: a rule added to the file on disk starts
# alerting without a restart, and a broken file leaves the running rules
# in place.
. "$(dirname "$0")/lib.sh"
e2e_init

rules=$E2E_DIR/rules.yaml
# Start with only the marker rule.
awk '/^- rule: E2E marker read/ { on = 1 } on' "$E2E_RULES" >"$rules"
# Rule files writable by group or others are refused: whatever the umask.
chmod 0644 "$rules"
grep -q 'E2E shadow' "$rules" && e2e_fail "the test rules were not split"
start_lanner -r "$rules"
sync_pipeline ready 60
cat /etc/shadow >/dev/null
sync_pipeline before 20
[ "$(count 'e2e shadow' "$E2E_DIR/out")" = 0 ] ||
	e2e_fail "an alert from a rule not loaded yet"

cp "$E2E_RULES" "$rules"
loaded=$(count 'lanner\[[0-9]+\]: info: [0-9]+ rules loaded' "$E2E_DIR/err")
kill -HUP "$LANNER_PID"
wait_until 20 sh -c "[ \$(grep -Ec 'lanner\[[0-9]+\]: info: [0-9]+ rules loaded' \
	'$E2E_DIR/err') -gt $loaded ]" ||
	e2e_fail "the engine did not report the reloaded rules"
grep -Eq "lanner\[[0-9]+\]: info: $E2E_NRULES rules loaded" "$E2E_DIR/err" ||
	e2e_fail "the reloaded rules are not all of the new file"
cat /etc/shadow >/dev/null
wait_for 'e2e shadow proc.name=cat fd.name=/etc/shadow$' "$E2E_DIR/out" 20

# A broken file: the engine refuses it and keeps the rules it has.
printf -- '- rule: broken\n  condition: evt.type = = open\n' >"$rules"
kill -HUP "$LANNER_PID"
wait_for 'the rules could not be loaded; the engine keeps running' \
	"$E2E_DIR/err" 20
sync_pipeline after-broken 20
alive "$LANNER_PID" || e2e_fail "lanner stopped on a broken reload"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

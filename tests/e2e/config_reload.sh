#!/bin/sh
# Reloading the configuration: with watch_config_files, editing the
# configuration file reloads it without a signal; the output worker,
# whose part changed (json_output), is restarted with it and writes JSON
# from then on, while the engine keeps running. Editing the rule file
# reloads the rules. A broken configuration file leaves the running one
# in place, and lannerctl reload says why and exits 1.
. "$(dirname "$0")/lib.sh"
e2e_init

cfg=$E2E_DIR/lanner.yaml
rules=$E2E_DIR/rules.yaml
cp "$E2E_RULES" "$rules"
printf 'watch_config_files: true\njson_output: false\n' >"$cfg"
chmod 0644 "$cfg" "$rules"
sock=$E2E_DIR/ctl.sock

start_lanner -c "$cfg" -r "$rules" --control "$sock"
sync_pipeline ready 60
wait_for 'watching the configuration and rule files' "$E2E_DIR/err" 5
engine=$(child_pid lanner-engine)
output=$(child_pid lanner-output)

# The file is replaced as editors do: a new file renamed over it.
printf 'watch_config_files: true\njson_output: true\n' >"$cfg.new"
chmod 0644 "$cfg.new"
mv "$cfg.new" "$cfg"
wait_for 'restarting lanner-output\[[0-9]+\]: its configuration changed' \
	"$E2E_DIR/err" 20
wait_until 20 sh -c "p=\$(pgrep -P $LANNER_PID -x lanner-output); [ -n \"\$p\" ] && [ \"\$p\" != $output ]" ||
	e2e_fail "the output worker was not restarted"
cat /etc/shadow >/dev/null
wait_for '"rule":"E2E shadow read by cat"' "$E2E_DIR/out" 20
[ "$(child_pid lanner-engine)" = "$engine" ] ||
	e2e_fail "the engine was restarted though its configuration did not change"

# The rules: a rule file edited in place reloads them.
loaded=$(count 'lanner\[[0-9]+\]: info: [0-9]+ rules loaded' "$E2E_DIR/err")
awk '/^- rule: E2E marker read/ { on = 1 } on' "$E2E_RULES" >"$rules"
wait_until 20 sh -c "[ \$(grep -Ec 'lanner\[[0-9]+\]: info: [0-9]+ rules loaded' '$E2E_DIR/err') -gt $loaded ]" ||
	e2e_fail "editing the rule file did not reload the rules"
grep -Eq 'lanner\[[0-9]+\]: info: 1 rules loaded' "$E2E_DIR/err" ||
	e2e_fail "the reloaded rules are not the file's one rule"

# A broken configuration: refused, the running one stays.
printf 'watch_config_files: true\njson_output: [\n' >"$cfg"
wait_for 'configuration not reloaded, the current one stays: .*lanner.yaml:' \
	"$E2E_DIR/err" 20
"$e2e_build/broker/lannerctl" -s "$sock" reload >"$E2E_DIR/ctl" 2>&1 &&
	e2e_fail "lannerctl reload exited 0 on a broken configuration"
grep -q 'configuration rejected' "$E2E_DIR/ctl" ||
	e2e_fail "lannerctl reload does not say why: $(cat "$E2E_DIR/ctl")"
sync_pipeline still 20
alive "$LANNER_PID" || e2e_fail "lanner stopped on a broken configuration"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

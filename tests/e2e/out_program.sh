#!/bin/sh
# program_output: the broker runs the program with sh -c and the worker
# writes alerts to its stdin. A program that exits after 3 lines is
# started again and no alert is lost (an alert counts once the program
# read it); with keep_alive false each alert starts the program once.
. "$(dirname "$0")/lib.sh"
e2e_init

got=$E2E_DIR/got
spawns=$E2E_DIR/spawns
# Reads exactly 3 lines (the shell's read takes a byte at a time from a
# pipe), appends them, exits.
three="echo x >>$spawns; n=0; while IFS= read -r l; do \
printf '%s\\n' \"\$l\" >>$got; n=\$((n + 1)); [ \$n -ge 3 ] && exit 0; done"
start_lanner -r "$E2E_RULES" -o program_output.enabled=true \
	-o program_output.keep_alive=true -o "program_output.program=$three"
sync_pipeline ready 60
pid=$(output_pid program)
[ -n "$pid" ] || e2e_fail "no program output worker"
check_sandboxed "$pid" "lanner-output program"

shadow_alerts 10
wait_until 30 sh -c "[ \$(grep -c 'e2e shadow' '$got') -ge 10 ]" ||
	e2e_fail "$(grep -c 'e2e shadow' "$got") of 10 alerts reached the program"
total=$(grep -c 'e2e shadow' "$got")
uniq=$(grep 'e2e shadow' "$got" | sort -u | wc -l)
echo "keep_alive: 10 alerts, $uniq distinct at the program, $((total - uniq)) duplicates, $(wc -l <"$spawns") programs run"
[ "$uniq" = 10 ] || e2e_fail "$uniq distinct alerts, not 10"
[ "$(wc -l <"$spawns")" -ge 4 ] || e2e_fail "the program was not started again"
[ "$(output_pid program)" = "$pid" ] || e2e_fail "the worker was restarted"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# keep_alive false: one program per alert, each reads one to its end.
rm -f "$got" "$spawns"
: >"$E2E_DIR/out"
start_lanner -r "$E2E_RULES" -o program_output.enabled=true \
	-o program_output.keep_alive=false \
	-o "program_output.program=echo x >>$spawns; cat >>$got"
sync_pipeline once 60
shadow_alerts 5
wait_until 30 sh -c "[ \$(grep -c 'e2e shadow' '$got') -ge 5 ]" ||
	e2e_fail "$(grep -c 'e2e shadow' "$got") of 5 alerts reached the program"
stop_lanner
alerts=$(wc -l <"$got")
runs=$(wc -l <"$spawns")
echo "keep_alive false: $alerts alerts, $runs programs run"
[ "$alerts" = "$runs" ] || e2e_fail "$runs programs for $alerts alerts"
[ "$(grep -c 'e2e shadow' "$got")" = 5 ] || e2e_fail "not 5 shadow alerts"
echo "PASS"

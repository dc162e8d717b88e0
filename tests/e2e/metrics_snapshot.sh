#!/bin/sh
# Periodic metrics snapshots (metrics.interval): as an alert of the rule
# "Falco internal: metrics snapshot" on the output channels, and as JSON
# lines in metrics.output_file, with the pipeline's counters. A symbolic
# link in place of the file is refused at start.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

file=$E2E_DIR/metrics.jsonl
start_lanner -r "$E2E_RULES" -o json_output=true -o metrics.enabled=true \
	-o metrics.interval=1s -o metrics.output_file="$file"
sync_pipeline ready 60
wait_for '"rule":"Falco internal: metrics snapshot"' "$E2E_DIR/out" 20
check_file() {
	tail -n 1 "$file" | python3 -c '
import json, sys
s = json.loads(sys.stdin.readline())
assert s["rule"] == "Falco internal: metrics snapshot", s
f = s["output_fields"]
assert f["lanner.n_evts"] > 0 and f["lanner.rules_loaded"] == int(sys.argv[1]), f
assert "lanner.n_drops_kernel" in f and "lanner.n_alerts" in f, f' "$E2E_NRULES"
}
wait_until 20 check_file || e2e_fail "no usable snapshot in $file"
[ "$(stat -c %a "$file")" = 640 ] || e2e_fail "the file's mode is $(stat -c %a "$file")"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

ln -s /etc/passwd "$E2E_DIR/link"
start_lanner -r "$E2E_RULES" -o metrics.enabled=true \
	-o metrics.output_file="$E2E_DIR/link"
wait_exit 20
[ "$LANNER_STATUS" = 1 ] || e2e_fail "a symlinked metrics file was accepted"
grep -q 'metrics.output_file' "$E2E_DIR/err" || e2e_fail "no clear error"
echo "PASS"

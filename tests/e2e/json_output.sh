#!/bin/sh
# With json_output the alert is one Falco-style JSON object per line, with
# the rule, priority, source, tags and the output fields by name.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"

start_lanner -r "$E2E_RULES" -o json_output=true
sync_pipeline ready 60
cat /etc/shadow >/dev/null
wait_for '"rule":"E2E shadow read by cat"' "$E2E_DIR/out" 20

grep -F '"rule":"E2E shadow read by cat"' "$E2E_DIR/out" | head -n1 |
	python3 -c '
import json, sys
a = json.loads(sys.stdin.readline())
f = a["output_fields"]
assert a["priority"] == "Warning", a
assert a["source"] == "syscall", a
assert "e2e" in a["tags"], a
assert f["proc.name"] == "cat" and f["fd.name"] == "/etc/shadow", f
assert a["output"].endswith("e2e shadow proc.name=cat fd.name=/etc/shadow"), a
assert a["time"].endswith("Z") and a["hostname"], a
' || e2e_fail "the JSON alert is not what Falco would write"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

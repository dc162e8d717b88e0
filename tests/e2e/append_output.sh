#!/bin/sh
# append_output from a falco.yaml-style file: the rules it matches (here
# by tag) get the extra text in their output and the extra field in
# output_fields, typed.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"

cat >"$E2E_DIR/lanner.yaml" <<'YAML'
json_output: true
append_output:
  - match:
      tags: [e2e]
    extra_output: "pid=%proc.pid"
    extra_fields:
      - evt.failed
YAML
start_lanner -c "$E2E_DIR/lanner.yaml" -r "$E2E_RULES"
sync_pipeline ready 60
sh -c 'echo $$ >"$1/cat.pid"; exec cat /etc/shadow >/dev/null' - "$E2E_DIR"
wait_for '"rule":"E2E shadow read by cat"' "$E2E_DIR/out" 20
grep -F '"rule":"E2E shadow read by cat"' "$E2E_DIR/out" | head -n1 |
	python3 -c '
import json, sys
a = json.loads(sys.stdin.readline())
pid = int(sys.argv[1])
assert a["output"].endswith("fd.name=/etc/shadow pid=%d" % pid), a
f = a["output_fields"]
assert f["proc.pid"] == pid and f["evt.failed"] is False, f
assert f["fd.name"] == "/etc/shadow", f
' "$(cat "$E2E_DIR/cat.pid")" || e2e_fail "append_output was not applied"
echo "extra_output and extra_fields applied to the e2e rules"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# No noise from the default rules: an ordinary workload (noise_workload.sh)
# runs in a session of its own while the agent runs the shipped rules;
# none of its processes may raise an alert at WARNING or above. Prints
# how many lower-priority alerts it raised, by rule.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"
for p in cc git dpkg apt-cache start-stop-daemon; do
	command -v "$p" >/dev/null || e2e_skip "needs $p"
done

sid_config
start_lanner -c "$E2E_DIR/lanner.yaml" -r "$e2e_src/rules/lanner_rules.yaml" \
	-r "$E2E_RULES"
sync_pipeline ready 60

mkdir "$E2E_DIR/work"
setsid -w sh -c 'echo $$ >"$1/sid"; exec sh "$2" "$1/work" "$3" "$4"' - \
	"$E2E_DIR" "$e2e_src/tests/e2e/noise_workload.sh" "$e2e_src" \
	"$e2e_build" >"$E2E_DIR/workload.log" 2>&1 ||
	{ cat "$E2E_DIR/workload.log"; e2e_fail "the workload failed"; }
sync_pipeline done 60

# The workload's session, and the service, which detached from it.
python3 - "$(cat "$E2E_DIR/sid")" "$(cat "$E2E_DIR/work/svc.pid")" \
	"$E2E_DIR/out" <<'PY' || e2e_fail "the workload raised alerts"
import collections, json, sys
sids, loud, quiet = {int(sys.argv[1]), int(sys.argv[2])}, [], collections.Counter()
for line in open(sys.argv[3]):
    if not line.startswith("{"):
        continue
    a = json.loads(line)
    f = a["output_fields"]
    if f.get("proc.sid") not in sids and f.get("proc.pid") != int(sys.argv[2]):
        continue
    if a["priority"] in ("Emergency", "Alert", "Critical", "Error", "Warning"):
        loud.append(a["output"])
    else:
        quiet[(a["priority"], a["rule"])] += 1
for out in loud:
    print("LOUD:", out)
print("alerts at WARNING or above: %d" % len(loud))
print("lower-priority alerts: %d" % sum(quiet.values()))
for (prio, rule), n in sorted(quiet.items()):
    print("  %4d %-8s %s" % (n, prio, rule))
sys.exit(1 if loud else 0)
PY

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

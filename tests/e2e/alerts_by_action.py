"""Prints, for each action of a lanner-eventgen run report, the rules the
agent raised for that action's session (output_fields["proc.sid"]), one
line per action: NAME: RULE|RULE|... Counts of drops, if any, go to
stderr and make the exit status 1, since a drop would make runs differ."""
import json
import sys

report, alerts_path = sys.argv[1], sys.argv[2]
by_sid, drops = {}, 0
for line in open(alerts_path):
    if not line.startswith("{"):
        continue
    a = json.loads(line)
    if a["rule"] == "Falco internal: syscall event drop":
        drops += 1
    sid = a["output_fields"].get("proc.sid")
    by_sid.setdefault(sid, set()).add(a["rule"])
for line in open(report):
    name, pid = line.split()[:2]
    print("%s: %s" % (name, "|".join(sorted(by_sid.get(int(pid), ())))))
if drops:
    print("%d drop alerts" % drops, file=sys.stderr)
sys.exit(1 if drops else 0)

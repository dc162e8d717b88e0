#!/bin/sh
# Reloads while events flow lose and double nothing: 300 reads of a
# watched file, with good and broken rule reloads in the middle of them,
# give exactly 300 alerts. Then the engine and the output worker are
# killed in the middle of another burst: every alert still arrives (the
# output worker's unacknowledged ones are delivered again, and the new
# engine reads again what the killed one had not released; duplicates
# are counted and printed, not failed on). Last, the engine is restarted
# through lannerctl between two reads of a burst: it stops once the
# broker has confirmed its last alerts, so its successor raises none of
# them again, and exactly 300 arrive. (A read made while the engine
# stops, by a process that exited before the new engine's /proc
# snapshot, would have no proc.name: README, engine restarts.) The new
# engine's status then shows every alert it sent confirmed.
. "$(dirname "$0")/lib.sh"
e2e_init

rules=$E2E_DIR/rules.yaml
watched=$E2E_DIR/watched
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E burst read
  desc: cat read the burst file
  condition: evt.type in (open, openat) and fd.name=$watched and proc.name=cat
  output: "e2e reloadburst n=%proc.cmdline"
  priority: NOTICE
EOT
chmod 0644 "$rules"
: >"$watched"
good=$E2E_DIR/good.yaml
cp "$rules" "$good"
sock=$E2E_DIR/ctl.sock
start_lanner -r "$rules" --control "$sock"
sync_pipeline ready 60

i=0
while [ $i -lt 300 ]; do
	cat "$watched" - </dev/null >/dev/null
	case $i in
	100) kill -HUP "$LANNER_PID" ;;
	150) printf -- '- rule: broken\n  condition: evt.type = = open\n' >"$rules"
	     kill -HUP "$LANNER_PID" ;;
	200) cp "$good" "$rules"
	     "$e2e_build/broker/lannerctl" -s "$sock" reload >/dev/null ||
		e2e_fail "lannerctl reload of good rules failed" ;;
	esac
	i=$((i + 1))
done
sync_pipeline after-reloads 30
n=$(count 'e2e reloadburst' "$E2E_DIR/out")
[ "$n" = 300 ] || e2e_fail "300 reads across reloads gave $n alerts"
echo "300 reads across 3 reloads: $n alerts"

# Waits for a burst's 300 alerts after $before, across $1; n: how many
# came once the pipeline is synchronised.
burst_alerts() {
	wait_until 60 sh -c "[ \$(grep -c 'e2e reloadburst' '$E2E_DIR/out') -ge $((before + 300)) ]" ||
		e2e_fail "alerts lost across $1: $(($(count 'e2e reloadburst' "$E2E_DIR/out") - before)) of 300"
	sync_pipeline "after-$(echo "$1" | tr ' ' -)" 60
	n=$(($(count 'e2e reloadburst' "$E2E_DIR/out") - before))
}

# Kills mid-burst.
before=$(count 'e2e reloadburst' "$E2E_DIR/out")
i=0
while [ $i -lt 300 ]; do
	cat "$watched" - </dev/null >/dev/null
	[ $i = 100 ] && kill -9 "$(child_pid lanner-output)"
	[ $i = 200 ] && kill -9 "$(child_pid lanner-engine)"
	i=$((i + 1))
done
burst_alerts kills
echo "300 reads across an output and an engine kill: $n alerts ($((n - 300)) delivered twice)"

# A restart asked for, between two reads: nothing lost, nothing twice.
before=$(count 'e2e reloadburst' "$E2E_DIR/out")
k=0
while [ $k -lt 300 ]; do
	cat "$watched" - </dev/null >/dev/null
	if [ $k = 150 ]; then
		old=$(child_pid lanner-engine)
		"$e2e_build/broker/lannerctl" -s "$sock" restart engine >/dev/null ||
			e2e_fail "lannerctl restart engine failed"
		wait_until 30 sh -c "new=\$(pgrep -P $LANNER_PID -x lanner-engine) &&
			[ \"\$new\" != $old ]" || e2e_fail "the engine was not restarted"
	fi
	k=$((k + 1))
done
burst_alerts "an engine restart"
[ "$n" = 300 ] || e2e_fail "300 reads across an engine restart gave $n alerts"
echo "300 reads across an engine restart: $n alerts"
# The broker confirmed every alert the new engine sent.
confirmed() {
	"$e2e_build/broker/lannerctl" -s "$sock" --json status | python3 -c '
import json, sys
e = json.load(sys.stdin)["engine"]
sys.exit(not (e["alerts"] > 0 and e["alerts_unconfirmed"] == 0))'
}
wait_until 10 confirmed ||
	e2e_fail "alerts unconfirmed: $("$e2e_build/broker/lannerctl" -s "$sock" --json status)"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

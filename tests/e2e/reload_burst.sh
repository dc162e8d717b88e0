#!/bin/sh
# Reloads while events flow lose and double nothing: 300 reads of a
# watched file, with good and broken rule reloads in the middle of them,
# give exactly 300 alerts. Then the engine and the output worker are
# killed in the middle of another burst: every alert still arrives (the
# output worker's unacknowledged ones are delivered again, and the new
# engine reads again what the killed one had not released; duplicates
# are counted and printed, not failed on).
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

# Kills mid-burst.
before=$(count 'e2e reloadburst' "$E2E_DIR/out")
i=0
while [ $i -lt 300 ]; do
	cat "$watched" - </dev/null >/dev/null
	[ $i = 100 ] && kill -9 "$(child_pid lanner-output)"
	[ $i = 200 ] && kill -9 "$(child_pid lanner-engine)"
	i=$((i + 1))
done
wait_until 60 sh -c "[ \$(grep -c 'e2e reloadburst' '$E2E_DIR/out') -ge $((before + 300)) ]" ||
	e2e_fail "alerts lost across kills: $(($(count 'e2e reloadburst' "$E2E_DIR/out") - before)) of 300"
sync_pipeline after-kills 60
n=$(($(count 'e2e reloadburst' "$E2E_DIR/out") - before))
echo "300 reads across an output and an engine kill: $n alerts ($((n - 300)) delivered twice)"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

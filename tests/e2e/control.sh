#!/bin/sh
# lannerctl and readiness. With a datagram socket standing in for
# systemd's NOTIFY_SOCKET, READY=1 comes once the pipeline alerts, and
# WATCHDOG=1 pings keep coming. lannerctl status (table and JSON),
# restart of each process with the pipeline alerting after, reload of a
# good and a broken rule file (non-zero exit, file and line named),
# reopen, clear errors for an unknown channel, a non-root user and no
# lanner; the broker refuses a non-root peer itself. Then the crash-loop
# limit: an output worker killed over and over makes lanner give up with
# status 1.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

sock=$E2E_DIR/ctl.sock
ctl() { "$e2e_build/broker/lannerctl" -s "$sock" "$@"; }
rules=$E2E_DIR/rules.yaml
cp "$E2E_RULES" "$rules"
chmod 0644 "$rules"

python3 - "$E2E_DIR/notify.sock" "$E2E_DIR/notify.log" <<'EOT' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode().replace("\n", "|") + "\n")
EOT
notify_pid=$!
trap 'kill $notify_pid 2>/dev/null; e2e_cleanup' EXIT
wait_until 10 test -S "$E2E_DIR/notify.sock" || e2e_fail "no notify socket"

NOTIFY_SOCKET=$E2E_DIR/notify.sock WATCHDOG_USEC=400000 \
	start_lanner -r "$rules" --control "$sock"
wait_for 'READY=1' "$E2E_DIR/notify.log" 60
# Ready means alerting: no marker needed.
cat /etc/shadow >/dev/null
wait_for 'e2e shadow proc.name=cat' "$E2E_DIR/out" 20
wait_for 'lanner\[[0-9]+\]: info: ready in [0-9]+ ms' "$E2E_DIR/err" 5
wait_until 10 sh -c "[ \$(grep -c WATCHDOG=1 '$E2E_DIR/notify.log') -ge 3 ]" ||
	e2e_fail "WATCHDOG=1 pings do not keep coming"

ctl status >"$E2E_DIR/status" || e2e_fail "lannerctl status failed"
for p in lanner-capture lanner-engine 'lanner-output stdout'; do
	grep -Eq "^$p +[0-9]+ +[0-9]+s +0  running$" "$E2E_DIR/status" ||
		e2e_fail "status has no running $p: $(cat "$E2E_DIR/status")"
done
# pid ROLE [CHANNEL]: the process's pid from status --json.
pid() {
	ctl --json status | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["ready"] is True and s["rules_loaded"] == int(sys.argv[3]), s
for p in s["processes"]:
    if p["name"].endswith(sys.argv[1]) and p.get("channel") in (None, sys.argv[2]):
        print(p["pid"])' "$1" "${2:-}" "$E2E_NRULES"
}
# new_pid BINARY OLD: the process runs again, with another pid.
new_pid() {
	p=$(pid "-$1" stdout 2>/dev/null || true)
	[ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" != "$2" ]
}
for who in "capture" "engine" "output stdout"; do
	bin=$(echo "$who" | cut -d' ' -f1)
	old=$(pid "-$bin" stdout)
	[ "$old" -gt 0 ] || e2e_fail "no pid for $who"
	# shellcheck disable=SC2086
	ctl restart $who | grep -q "restarting" || e2e_fail "restart $who"
	wait_until 20 new_pid "$bin" "$old" ||
		e2e_fail "$who did not come back with a new pid"
	sync_pipeline "after-$bin" 60
done

ctl restart output nosuch 2>"$E2E_DIR/ctlerr" && e2e_fail "an unknown channel was accepted"
grep -q 'no such process: output nosuch' "$E2E_DIR/ctlerr" ||
	e2e_fail "unclear error for an unknown channel"
ctl reload | grep -q "^$E2E_NRULES rules loaded" || e2e_fail "reload of good rules"
printf -- '- rule: broken\n  condition: evt.type = = open\n' >"$rules"
ctl reload >"$E2E_DIR/reload" 2>&1 && e2e_fail "a broken reload exited 0"
grep -Eq 'rules\.yaml:[0-9]+:[0-9]+: error' "$E2E_DIR/reload" ||
	e2e_fail "the broken reload does not say where: $(cat "$E2E_DIR/reload")"
ctl reopen | grep -q 'reopen' || e2e_fail "reopen"
sync_pipeline after-reload 20

setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$e2e_build/broker/lannerctl" -s "$sock" status 2>/dev/null
[ $? = 4 ] || e2e_fail "lannerctl ran for a non-root user"
# The broker's own check, with the socket opened up to everyone.
chmod 0711 "$E2E_DIR"
chmod 0666 "$sock"
# Debian's python3: one under /root would be out of nobody's reach.
setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
# The broker answers at once and closes, before any command.
r = s.recv(4096).decode()
assert r.startswith("error\nlannerctl needs root"), r' "$sock" ||
	e2e_fail "the broker answered a non-root peer"
chmod 0600 "$sock"
chmod 0700 "$E2E_DIR"
"$e2e_build/broker/lannerctl" -s "$E2E_DIR/none.sock" status 2>/dev/null
[ $? = 3 ] || e2e_fail "no lanner: not exit status 3"

# The crash-loop limit: kill the stdout worker each time it is back.
n=0
while alive "$LANNER_PID" && [ $n -lt 12 ]; do
	p=$(pid -output stdout 2>/dev/null || true)
	if [ -n "$p" ] && [ "$p" -gt 0 ]; then
		kill -9 "$p" 2>/dev/null && n=$((n + 1))
		wait_until 15 sh -c "! kill -0 $p 2>/dev/null"
	fi
	sleep 0.1
done
wait_exit 30
[ "$LANNER_STATUS" = 1 ] || e2e_fail "lanner exited with $LANNER_STATUS, not 1"
grep -q 'times in a row within 30 s of its start: giving up' "$E2E_DIR/err" ||
	e2e_fail "no crash-loop message"
echo "PASS"

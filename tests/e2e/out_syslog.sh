#!/bin/sh
# syslog_output: one datagram per alert to the socket the test binds in
# place of /dev/log, framed "<PRI>Mmm dd hh:mm:ss lanner[PID]: text" with
# facility user (1) and the priority as severity (Warning 4, Notice 5).
# The listener is then replaced by a new socket: the sandboxed worker
# connects again.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

# As /dev: the unprivileged worker can reach the socket to connect again.
chmod 755 "$E2E_DIR"
sock=$E2E_DIR/log
got=$E2E_DIR/syslog.got
listen() { # a unix datagram listener writing each datagram as a line
	rm -f "$sock"
	python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
with open(sys.argv[2], "a") as f:
    while True:
        d = s.recv(1 << 17)
        f.write(d.decode("utf-8", "replace").replace("\n", "\\n") + "\n")
        f.flush()' "$sock" "$got" &
	LISTENER=$!
	wait_until 10 test -S "$sock" || e2e_fail "the listener did not bind"
}
trap 'kill $LISTENER 2>/dev/null; e2e_cleanup' EXIT
listen
start_lanner -r "$E2E_RULES" -o syslog_output.enabled=true \
	-o syslog_output.socket="$sock"
sync_pipeline ready 60
pid=$(output_pid syslog)
[ -n "$pid" ] || e2e_fail "no syslog output worker"
check_sandboxed "$pid" "lanner-output syslog"

cat /etc/shadow >/dev/null
wait_for 'e2e shadow' "$got" 20
line=$(grep 'e2e shadow' "$got" | head -n1)
echo "got: $line"
# user (1) * 8 + Warning (4) = 12
echo "$line" | grep -Eq '^<12>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} lanner\['"$pid"'\]: [0-9:.]+: Warning e2e shadow proc.name=cat fd.name=/etc/shadow$' ||
	e2e_fail "the Warning datagram is not framed as syslog expects"
grep -Eq '^<13>.* lanner\[[0-9]+\]: [0-9:.]+: Notice e2e marker' "$got" ||
	e2e_fail "no Notice datagram with severity 5"
echo "facility user, severities 4 and 5, text as the stdout line"

# The daemon restarts: a new socket at the same path.
kill "$LISTENER"
wait "$LISTENER" 2>/dev/null
: >"$got"
listen
cat /etc/shadow >/dev/null
wait_for 'e2e shadow' "$got" 20
[ "$(output_pid syslog)" = "$pid" ] || e2e_fail "the worker was restarted"
echo "reconnected to the new socket from the sandbox"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

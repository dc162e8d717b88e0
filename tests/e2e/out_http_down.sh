#!/bin/sh
# An HTTP endpoint that goes away: while it is down the broker keeps the
# alerts in the channel's queue (outputs_queue.capacity 1000). Down 5 s
# during 500 alerts: all arrive once it is back. Down during 3000: the
# queue keeps the last 1000, and the broker's count of dropped alerts is
# exactly what never arrived. stdout meanwhile gets every alert.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

burst=/tmp/lanner-e2e-burst.$$
got=$E2E_DIR/http.got
server() {
	python3 "$e2e_src/tests/e2e/https_server.py" "$E2E_DIR/port" "$got" &
	SERVER=$!
	wait_until 10 sh -c "python3 -c 'import socket,sys; socket.create_connection((\"127.0.0.1\", int(sys.argv[1])))' \$(cat '$E2E_DIR/port' 2>/dev/null) 2>/dev/null" ||
		e2e_fail "the server did not start"
}
stop_server() {
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null
}
trap 'kill $SERVER 2>/dev/null; rm -rf "$burst"; e2e_cleanup' EXIT
server
start_lanner -r "$E2E_RULES" -o outputs_queue.capacity=1000 \
	-o http_output.enabled=true -o http_output.keep_alive=true \
	-o http_output.url="http://127.0.0.1:$(cat "$E2E_DIR/port")/"
sync_pipeline ready 60
mkdir "$burst"

# alerts PHASE N: N alerts named $burst/PHASE.1 ... PHASE.N
alerts() {
	python3 -c '
import os, sys
for i in range(1, int(sys.argv[3]) + 1):
    os.close(os.open("%s/%s.%d" % (sys.argv[1], sys.argv[2], i), os.O_CREAT | os.O_WRONLY, 0o600))
' "$burst" "$1" "$2"
}
distinct() { # PHASE FILE
	grep -o "e2e burst fd.name=$burst/$1\.[0-9]*" "$2" | sort -u | wc -l
}

stop_server
alerts a 500
wait_until 20 sh -c "[ \$(grep -c 'fd.name=$burst/a\.' '$E2E_DIR/out') -ge 500 ]" ||
	e2e_fail "stdout did not get the 500 alerts while HTTP was down"
sleep 5 # the endpoint stays down 5 s
server
wait_until 30 sh -c "[ \$(grep -o 'fd.name=$burst/a\.[0-9]*' '$got' | sort -u | wc -l) -ge 500 ]" ||
	e2e_fail "$(distinct a "$got") of 500 alerts after the endpoint came back"
echo "down 5 s: $(distinct a "$got") of 500 alerts, $(($(grep -c "fd.name=$burst/a\." "$got") - 500)) duplicates"

stop_server
alerts b 3000
wait_until 20 sh -c "[ \$(grep -c 'fd.name=$burst/b\.' '$E2E_DIR/out') -ge 3000 ]" ||
	e2e_fail "stdout did not get the 3000 alerts while HTTP was down"
server
wait_until 30 sh -c "[ \$(grep -o 'fd.name=$burst/b\.[0-9]*' '$got' | sort -u | wc -l) -ge 1000 ]" ||
	e2e_fail "$(distinct b "$got") alerts after the endpoint came back, not 1000"
stop_lanner
dropped=$(sed -n 's/.*http: [0-9]* alerts queued, .*, \([0-9]*\) dropped from a full queue/\1/p' "$E2E_DIR/err")
arrived=$(distinct b "$got")
echo "down during 3000: $arrived arrived, $dropped reported dropped"
[ "$((arrived + dropped))" = 3000 ] ||
	e2e_fail "$arrived arrived + $dropped dropped is not 3000"
grep -E 'http: .*dropped' "$E2E_DIR/err" | head -n 3
echo "PASS"

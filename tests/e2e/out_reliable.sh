#!/bin/sh
# No alert lost when output workers die: 10,000 alerts as fast as a loop
# can open files, to a file and an HTTP receiver; the file worker and the
# HTTP worker are killed with SIGKILL mid-burst. Afterwards every alert
# is at each receiver (the broker sent what was not acknowledged again);
# duplicates are counted and printed.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

N=${E2E_BURST:-10000}
burst=/tmp/lanner-e2e-burst.$$
got=$E2E_DIR/http.got
python3 "$e2e_src/tests/e2e/https_server.py" "$E2E_DIR/port" "$got" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$burst"; e2e_cleanup' EXIT
wait_until 10 test -s "$E2E_DIR/port" || e2e_fail "the server did not start"

start_lanner -r "$E2E_RULES" -o outputs_queue.capacity=$((N * 2)) \
	-o file_output.enabled=true -o file_output.filename="$E2E_DIR/file" \
	-o http_output.enabled=true -o http_output.keep_alive=true \
	-o http_output.url="http://127.0.0.1:$(cat "$E2E_DIR/port")/"
sync_pipeline ready 60
fpid=$(output_pid file)
hpid=$(output_pid http)
mkdir "$burst"
start=$(date +%s)
python3 -c '
import os, sys
for i in range(1, int(sys.argv[2]) + 1):
    os.close(os.open("%s/%d" % (sys.argv[1], i), os.O_CREAT | os.O_WRONLY, 0o600))
' "$burst" "$N" &
GEN=$!

seen() { # RECEIVER-FILE: alerts of the burst there, repeats included
	c=$(grep -c "e2e burst fd.name=$burst/" "$1" 2>/dev/null)
	echo "${c:-0}"
}
wait_until 30 sh -c "[ \$(grep -c 'e2e burst' '$E2E_DIR/file') -ge $((N / 10)) ]" ||
	e2e_fail "the burst never reached the file"
kill -9 "$fpid"
echo "killed the file worker after $(seen "$E2E_DIR/file") alerts"
wait_until 30 sh -c "[ \$(grep -c 'e2e burst' '$got') -ge $((N / 10)) ]" ||
	e2e_fail "the burst never reached the HTTP receiver"
kill -9 "$hpid"
echo "killed the HTTP worker after $(seen "$got") alerts"
wait "$GEN"

# check NAME FILE: every number 1..N once or more; prints the figures.
check() {
	wait_until 60 sh -c "[ \$(grep -o 'e2e burst fd.name=$burst/[0-9]*' '$2' | sort -u | wc -l) -ge $N ]"
	total=$(seen "$2")
	distinct=$(grep -o "e2e burst fd.name=$burst/[0-9]*" "$2" | sort -u | wc -l)
	echo "$1: $distinct of $N alerts, $((total - distinct)) duplicates"
	[ "$distinct" = "$N" ] || e2e_fail "$1 lacks $((N - distinct)) alerts"
}
check file "$E2E_DIR/file"
check http "$got"
check stdout "$E2E_DIR/out"
echo "$N alerts in $(($(date +%s) - start)) s"
grep -E 'exited on signal|unacknowledged|dropped' "$E2E_DIR/err"
stop_lanner
echo "PASS"

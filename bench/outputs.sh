#!/bin/sh
# Output throughput and latency, end to end (event -> engine -> broker ->
# worker -> receiver). For the file channel, then for the HTTP channel (a
# server on loopback, keep_alive), each alone so they do not share the
# two cores: N alerts as fast as two processes can open files, timed to
# the last one at the receiver. Then 1,000 alerts/s for RATE_S seconds to
# HTTP, with p50/p99 of event time to the server's receipt. Run as root
# from the build directory:
#   sh ../bench/outputs.sh [N] [RATE_S]
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"
E2E_RULES=$top/tests/e2e/rules.yaml
e2e_init
n=${1:-20000}
rate_s=${2:-5}
burst=/tmp/lanner-e2e-burst.$$
got=$E2E_DIR/http.got
now() { date +%s%N; }
lines() { c=$(grep -c "e2e burst fd.name=$burst/$1" "$2" 2>/dev/null); echo "${c:-0}"; }

# The files are made before lanner starts: the timed loops only open
# them, which costs far less than creating them.
mkdir "$burst"
python3 -c '
import os, sys
for p, n in (("t", int(sys.argv[2])), ("r", int(sys.argv[3]) * 1000)):
    for i in range(1, n + 1):
        os.close(os.open("%s/%s%d" % (sys.argv[1], p, i), os.O_CREAT | os.O_WRONLY, 0o600))
' "$burst" "$n" "$rate_s"
python3 "$top/tests/e2e/https_server.py" "$E2E_DIR/port" "$got" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$burst"; e2e_cleanup' EXIT
wait_until 10 test -s "$E2E_DIR/port" || e2e_fail "no HTTP server"

# run CHANNEL RECEIVER OPTIONS...: lanner with that one channel (its
# receiver stands in for stdout while waiting for the pipeline).
run() {
	ch=$1
	rcv=$2
	shift 2
	rm -f "$E2E_DIR/out"
	start_lanner -r "$E2E_RULES" -o outputs_queue.capacity=$((n * 2)) \
		-o json_output=true -o stdout_output.enabled=false \
		-o "$ch"_output.enabled=true "$@"
	# Once the shell has made lanner's stdout, it can be replaced.
	wait_until 10 test -f "$E2E_DIR/out"
	rm -f "$E2E_DIR/out"
	ln -s "$rcv" "$E2E_DIR/out"
	sync_pipeline "$ch" 60
}

# burst CHANNEL RECEIVER: times n alerts to the receiver.
burst() {
	t0=$(now)
	# Two openers, one per core.
	python3 -c '
import os, sys
n = int(sys.argv[2])
half = os.fork() == 0
for i in range(1 + half, n + 1, 2):
    os.close(os.open("%s/t%d" % (sys.argv[1], i), os.O_RDONLY))
if not half:
    os.wait()
' "$burst" "$n"
	tg=$(now)
	last=0
	moved=$t0
	while :; do
		c=$(lines t "$2")
		[ "$c" != "$last" ] && moved=$(now)
		last=$c
		[ "$c" -ge "$n" ] && break
		if [ $(($(now) - moved)) -gt 5000000000 ]; then
			echo "$1: stalled at $c of $n alerts"
			grep -E 'dropped' "$E2E_DIR/err" | tail -n 2
			break
		fi
		sleep 0.2
	done
	echo "$1: $last alerts in $(((moved - t0) / 1000000)) ms (opens took $(((tg - t0) / 1000000)) ms): $((last * 1000000000 / (moved - t0))) alerts/s"
}

run file "$E2E_DIR/file" -o file_output.filename="$E2E_DIR/file"
burst file "$E2E_DIR/file"
stop_lanner

run http "$got" -o http_output.keep_alive=true \
	-o http_output.url="http://127.0.0.1:$(cat "$E2E_DIR/port")/"
burst http "$got"
# 1,000 alerts/s, paced on the clock.
python3 -c '
import os, sys, time
start = time.monotonic()
for i in range(1, int(sys.argv[2]) * 1000 + 1):
    delay = start + i / 1000.0 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    os.close(os.open("%s/r%d" % (sys.argv[1], i), os.O_RDONLY))
' "$burst" "$rate_s"
wait_until 60 sh -c "[ \$(grep -c 'e2e burst fd.name=$burst/r' '$got') -ge $((rate_s * 1000)) ]" ||
	e2e_fail "the paced alerts did not all arrive"
python3 -c '
import datetime, json, sys
lat = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    a = json.loads(r["body"])
    if not a["output_fields"].get("fd.name", "").startswith(sys.argv[2] + "/r"):
        continue
    t = a["time"]
    sec = datetime.datetime.strptime(t[:19], "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    ns = int(sec) * 10**9 + int(t[20:29])
    lat.append(r["received_ns"] - ns)
lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] / 1e6
print("http at 1000 alerts/s: %d alerts, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms"
      % (len(lat), p(0.5), p(0.99), lat[-1] / 1e6))
' "$got" "$burst"
stop_lanner

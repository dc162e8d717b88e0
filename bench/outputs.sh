#!/bin/sh
# Output throughput and latency, end to end (event -> engine -> broker ->
# worker -> receiver): N alerts as fast as a loop can open files, timed
# to the last one in a file (file_output) and at an HTTP server on
# loopback (http_output, keep_alive); then 1,000 alerts/s for RATE_S
# seconds with p50/p99 of event time to the HTTP server's receipt. Run
# as root from the build directory:
#   sh ../bench/outputs.sh [N] [RATE_S]
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"
E2E_RULES=$top/tests/e2e/rules.yaml
e2e_init
n=${1:-20000}
rate_s=${2:-5}
burst=/tmp/lanner-e2e-burst.$$
got=$E2E_DIR/http.got

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
start_lanner -r "$E2E_RULES" -o outputs_queue.capacity=$((n * 2)) \
	-o json_output=true -o stdout_output.enabled=false \
	-o file_output.enabled=true -o file_output.filename="$E2E_DIR/file" \
	-o http_output.enabled=true -o http_output.keep_alive=true \
	-o http_output.url="http://127.0.0.1:$(cat "$E2E_DIR/port")/"
# stdout is off: the marker is looked for in the file.
ln -sf "$E2E_DIR/file" "$E2E_DIR/out"
sync_pipeline ready 60

now() { date +%s%N; }
lines() { n=$(grep -c "e2e burst fd.name=$burst/$1" "$2" 2>/dev/null); echo "${n:-0}"; }

t0=$(now)
python3 -c '
import os, sys
for i in range(1, int(sys.argv[2]) + 1):
    os.close(os.open("%s/t%d" % (sys.argv[1], i), os.O_RDONLY))
' "$burst" "$n"
tg=$(now)
tf=
th=
while [ -z "$tf" ] || [ -z "$th" ]; do
	[ -z "$tf" ] && [ "$(lines t "$E2E_DIR/file")" -ge "$n" ] && tf=$(now)
	[ -z "$th" ] && [ "$(lines t "$got")" -ge "$n" ] && th=$(now)
	[ $(($(now) - t0)) -gt 300000000000 ] && e2e_fail "not all alerts after 300 s"
	sleep 0.05
done
echo "generator: $n opens in $(((tg - t0) / 1000000)) ms"
echo "file: $n alerts in $(((tf - t0) / 1000000)) ms: $((n * 1000000000 / (tf - t0))) alerts/s"
echo "http: $n alerts in $(((th - t0) / 1000000)) ms: $((n * 1000000000 / (th - t0))) alerts/s"

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

#!/bin/sh
# lanner-web: /healthz answers 503 with a reason until capture and the
# engine are ready, then 200 {"status": "ok"}, and 503 again while the
# engine is stopped (SIGSTOP) and not consuming. /metrics is off by default and, when on,
# parses with the Prometheus client library's own parser and carries the
# pipeline's figures. Hostile requests (other methods, huge headers or
# bodies, garbage) get an HTTP error and never take the worker down.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v curl >/dev/null || e2e_skip "needs curl"
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
	e2e_skip "needs python3-prometheus-client"

port=$(free_port)
url=http://127.0.0.1:$port
code() { curl -s -o "$E2E_DIR/body" -w '%{http_code}' "$@" || true; }
healthy() { [ "$(code "$url/healthz")" = 200 ]; }

start_lanner -r "$E2E_RULES" -o webserver.enabled=true \
	-o webserver.listen_port="$port" -o webserver.listen_address=127.0.0.1
wait_until 60 sh -c "curl -s -o /dev/null '$url/healthz'" ||
	e2e_fail "lanner-web never answered"
wait_until 60 healthy || e2e_fail "/healthz never said ok"
grep -qx '{"status": "ok"}' "$E2E_DIR/body" || e2e_fail "body: $(cat "$E2E_DIR/body")"
[ "$(code "$url/metrics")" = 404 ] || e2e_fail "/metrics served while off"

# An engine that stops consuming: 503 with the reason, then ok again.
engine=$(child_pid lanner-engine)
kill -STOP "$engine"
wait_until 20 sh -c "[ \$(curl -s -o /dev/null -w '%{http_code}' '$url/healthz') = 503 ]" ||
	{ kill -CONT "$engine"; e2e_fail "/healthz stayed ok with the engine stopped"; }
curl -s "$url/healthz" | grep -q 'lanner-engine has not reported' ||
	{ kill -CONT "$engine"; e2e_fail "the 503 does not say why"; }
kill -CONT "$engine"
wait_until 60 healthy || e2e_fail "/healthz did not recover"

web=$(child_pid lanner-web)
[ "$(code -X POST -d x "$url/healthz")" -ge 400 ] || e2e_fail "POST accepted"
[ "$(code -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$url/healthz")" -ge 400 ] ||
	e2e_fail "a 20 KB header was accepted"
[ "$(code "$url/nope")" = 404 ] || e2e_fail "an unknown path"
printf 'GARBAGE \001\002\003\r\n\r\n' | timeout 10 /usr/bin/python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.stdin.buffer.read())
s.recv(4096)' "$port" || true
healthy || e2e_fail "the worker stopped answering after hostile requests"
[ "$(child_pid lanner-web)" = "$web" ] || e2e_fail "lanner-web was restarted"
stop_lanner

# /metrics on: a real parser reads it, and an alert shows up in it.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
port=$(free_port)
url=http://127.0.0.1:$port
start_lanner -r "$E2E_RULES" -o webserver.enabled=true \
	-o webserver.listen_port="$port" -o webserver.listen_address=127.0.0.1 \
	-o metrics.enabled=true -o webserver.prometheus_metrics_enabled=true
wait_until 60 healthy || e2e_fail "/healthz never said ok"
cat /etc/shadow >/dev/null
wait_for 'e2e shadow proc.name=cat' "$E2E_DIR/out" 20
check_metrics() {
	curl -s "$url/metrics" | /usr/bin/python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
s = {}
for fam in text_string_to_metric_families(sys.stdin.read()):
    for x in fam.samples:
        s[(x.name, tuple(sorted(x.labels.items())))] = x.value
def v(name, **labels):
    return s.get((name, tuple(sorted(labels.items()))))
assert v("lanner_ready") == 1, "not ready"
assert v("lanner_events_total") > 0, "no events"
assert v("lanner_events_by_type_total", type="openat") > 0, "no openat"
assert v("lanner_alerts_by_rule_total", rule="E2E shadow read by cat",
         priority="Warning") >= 1, "no alert by rule"
assert sum(x for (n, l), x in s.items() if n == "lanner_events_by_type_total") \
    <= v("lanner_events_total"), "more by type than in all"
assert v("lanner_alerts_total", priority="Warning") >= 1, "no alert"
assert v("lanner_rules_loaded") == int(sys.argv[1])
for p in ("lanner", "lanner-capture", "lanner-engine", "lanner-output-stdout", "lanner-web"):
    assert v("lanner_process_up", process=p) == 1, p
    assert v("lanner_process_resident_memory_bytes", process=p) > 0, p
assert v("lanner_output_alerts_total", channel="stdout") >= 1
assert v("lanner_event_drops_total", reason="kernel") is not None
' "$E2E_NRULES" 2>"$E2E_DIR/metrics.err"
}
wait_until 20 check_metrics ||
	e2e_fail "/metrics: $(tail -n 3 "$E2E_DIR/metrics.err")"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# http_output over HTTPS to a server the test runs, with a CA and
# certificates the test makes: the server's certificate is verified
# (refused with the wrong CA), mTLS is accepted with the client pair and
# refused without it, compress_uploads sends gzip, and the body is one
# alert in Falco's JSON with the types falcosidekick expects.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"
command -v openssl >/dev/null || e2e_skip "needs openssl"

c=$E2E_DIR/certs
mkdir "$c"
chmod 755 "$E2E_DIR"
ca() { # NAME: a self-signed CA
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$c/$1.key" \
		-out "$c/$1.pem" -days 2 -subj "/CN=$1" 2>/dev/null
}
signed() { # NAME CN EXTFILE: a certificate signed by the test CA
	openssl req -newkey rsa:2048 -nodes -keyout "$c/$1.key" \
		-out "$c/$1.csr" -subj "/CN=$2" 2>/dev/null &&
		openssl x509 -req -in "$c/$1.csr" -CA "$c/ca.pem" \
			-CAkey "$c/ca.key" -CAcreateserial -out "$c/$1.pem" \
			-days 2 ${3:+-extfile "$3"} 2>/dev/null
}
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$c/san"
ca ca && ca wrong && signed server localhost "$c/san" &&
	signed client lanner-client || e2e_fail "cannot make certificates"

got=$E2E_DIR/http.got
python3 "$e2e_src/tests/e2e/https_server.py" "$E2E_DIR/port" "$got" \
	"$c/server.pem" "$c/server.key" "$c/ca.pem" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; e2e_cleanup' EXIT
wait_until 10 test -s "$E2E_DIR/port" || e2e_fail "the server did not start"
url=https://localhost:$(cat "$E2E_DIR/port")/

# run NAME OPTIONS...: lanner with http_output to the server.
run() {
	name=$1
	shift
	: >"$E2E_DIR/out"
	start_lanner -r "$E2E_RULES" -o http_output.enabled=true \
		-o http_output.url="$url" -o http_output.ca_path= "$@"
	sync_pipeline "$name" 60
}

run verified -o json_output=true -o http_output.ca_cert="$c/ca.pem" \
	-o http_output.mtls=true -o http_output.client_cert="$c/client.pem" \
	-o http_output.client_key="$c/client.key" \
	-o http_output.compress_uploads=true -o http_output.user_agent=e2e-ua
pid=$(output_pid http)
[ -n "$pid" ] || e2e_fail "no http output worker"
check_sandboxed "$pid" "lanner-output http"
cat /etc/shadow >/dev/null
wait_for 'e2e shadow' "$got" 20
grep 'E2E shadow read by cat' "$got" | head -n1 | python3 -c '
import json, re, sys
r = json.loads(sys.stdin.readline())
assert r["path"] == "/", r
assert r["content_encoding"] == "gzip", r
assert r["content_type"] == "application/json", r
assert r["user_agent"] == "e2e-ua", r
a = json.loads(r["body"])
# falcosidekick types.FalcoPayload: strings, a time, a map, a list.
for k in ("output", "priority", "rule", "source", "hostname"):
    assert isinstance(a[k], str) and a[k], (k, a)
assert a["priority"] == "Warning" and a["source"] == "syscall", a
assert not a["output"].endswith("\n"), a
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z", a["time"]), a
assert isinstance(a["output_fields"], dict), a
assert a["output_fields"]["proc.name"] == "cat", a
assert a["tags"] == ["e2e"], a
' || e2e_fail "the body is not the alert falcosidekick takes"
echo "verified server, mTLS accepted, gzip, JSON as falcosidekick reads it"

# Typed output fields: proc.pid a number, evt.failed a boolean.
burst=/tmp/lanner-e2e-burst.$$
mkdir -p "$burst"
opener=$(python3 -c '
import os, sys
os.close(os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o600))
print(os.getpid())' "$burst/typed")
rm -rf "$burst"
wait_for "e2e burst fd.name=$burst/typed" "$got" 20
grep "e2e burst fd.name=$burst/typed" "$got" | head -n1 | python3 -c '
import json, sys
f = json.loads(json.loads(sys.stdin.readline())["body"])["output_fields"]
assert f["proc.pid"] == int(sys.argv[1]) and type(f["proc.pid"]) is int, f
assert f["evt.failed"] is False, f
' "$opener" || e2e_fail "output_fields are not typed as Falco types them"
echo "output_fields typed: proc.pid a number, evt.failed a boolean"
stop_lanner

# refused NAME WHY OPTIONS...: nothing reaches the server, the worker
# says why and keeps trying.
refused() {
	name=$1
	why=$2
	shift 2
	: >"$got"
	run "$name" "$@"
	pid=$(output_pid http)
	cat /etc/shadow >/dev/null
	wait_for "lanner-output-http\[$pid\]: warning: http: .*$why" "$E2E_DIR/err" 20
	[ -s "$got" ] && e2e_fail "$name: the server got an alert"
	alive "$pid" || e2e_fail "$name: the worker died"
	echo "$name: $(grep -o "http: .*$why.*" "$E2E_DIR/err" | head -n1)"
	stop_lanner
}
refused "wrong CA" "certificate" -o http_output.ca_cert="$c/wrong.pem" \
	-o http_output.mtls=true -o http_output.client_cert="$c/client.pem" \
	-o http_output.client_key="$c/client.key"
refused "no client certificate" "" -o http_output.ca_cert="$c/ca.pem"
echo "PASS"

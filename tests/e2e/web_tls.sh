#!/bin/sh
# lanner-web over HTTPS (webserver.ssl_enabled) with a certificate from a
# CA made here, in one PEM file with its key as Falco takes it: /healthz
# and /metrics answer to a client that trusts the CA, plain HTTP and
# clients that do not trust it get nothing, and the worker stays
# unprivileged and sandboxed. A certificate file that is missing, or
# holds no key, stops the worker with the key and the file named.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v curl >/dev/null || e2e_skip "needs curl"
command -v openssl >/dev/null || e2e_skip "needs openssl"
getent passwd lanner-web >/dev/null || e2e_skip "needs the lanner-web user"

d=$E2E_DIR
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=e2e-ca \
	-keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null &&
	openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
		-keyout "$d/srv.key" -out "$d/srv.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:127.0.0.1\n' >"$d/ext" &&
	openssl x509 -req -in "$d/srv.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 1 -extfile "$d/ext" -out "$d/srv.crt" 2>/dev/null &&
	cat "$d/srv.crt" "$d/srv.key" >"$d/server.pem" ||
	e2e_fail "cannot make the test certificates"

code() { curl -s -o "$d/body" -w '%{http_code}' "$@" || true; }

# start PEM [KEY=VALUE...]: lanner-web with TLS from PEM on a free port.
start() {
	port=$(free_port)
	url=https://127.0.0.1:$port
	pem=$1
	shift
	start_lanner -r "$E2E_RULES" -o webserver.enabled=true \
		-o webserver.listen_address=127.0.0.1 \
		-o webserver.listen_port="$port" -o webserver.ssl_enabled=true \
		-o webserver.ssl_certificate="$pem" "$@"
}
healthy() { [ "$(code --cacert "$d/ca.pem" "$url/healthz")" = 200 ]; }

start "$d/server.pem" -o metrics.enabled=true \
	-o webserver.prometheus_metrics_enabled=true
wait_until 60 healthy || e2e_fail "/healthz never said ok over HTTPS"
grep -qx '{"status": "ok"}' "$d/body" || e2e_fail "body: $(cat "$d/body")"
grep -q "serving /healthz and /metrics over HTTPS on 127.0.0.1 port $port" \
	"$d/err" || e2e_fail "lanner-web did not say it serves HTTPS"
[ "$(code --cacert "$d/ca.pem" "$url/metrics")" = 200 ] ||
	e2e_fail "/metrics over HTTPS"
grep -q '^lanner_ready 1' "$d/body" || e2e_fail "/metrics: $(head -n 3 "$d/body")"
[ "$(code "http://127.0.0.1:$port/healthz")" = 000 ] ||
	e2e_fail "plain HTTP was answered on the HTTPS port"
[ "$(code "$url/healthz")" = 000 ] ||
	e2e_fail "a client that does not trust the CA was served"
web=$(child_pid lanner-web)
healthy || e2e_fail "the worker stopped answering after a plain HTTP request"
[ "$(child_pid lanner-web)" = "$web" ] || e2e_fail "lanner-web was restarted"
st=/proc/$web/status
[ "$(awk '/^Uid:/ {print $2}' "$st")" = "$(id -u lanner-web)" ] ||
	e2e_fail "not the lanner-web user"
grep -Eq '^CapEff:[[:space:]]+0+$' "$st" || e2e_fail "has capabilities"
grep -Eq '^NoNewPrivs:[[:space:]]+1$' "$st" || e2e_fail "no no_new_privs"
grep -Eq '^Seccomp:[[:space:]]+2$' "$st" || e2e_fail "no seccomp filter"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# A missing file, then a file with the certificate but not its key: the
# worker stops at once with the key, the file and the reason, and serves
# nothing.
for bad in missing key; do
	: >"$d/err"
	case $bad in
	missing) pem=$d/nosuch.pem why='cannot read the certificate: No such file or directory' ;;
	key) pem=$d/srv.crt why='cannot read the private key' ;;
	esac
	start "$pem"
	wait_for "lanner-web.*webserver\.ssl_certificate $pem: $why" "$d/err" 30
	[ "$(code --cacert "$d/ca.pem" "$url/healthz")" = 000 ] ||
		e2e_fail "served with a bad certificate ($bad)"
	stop_lanner
done
echo "PASS"

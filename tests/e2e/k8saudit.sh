#!/bin/sh
# lanner-k8saudit: audit events posted with curl (EventList and single
# Event, over HTTP and HTTPS with a CA made here) fire the default k8s
# audit rules with the right fields and "source": "k8s_audit", and no
# other; hostile requests (malformed, oversize, deeply nested, long
# strings, slow senders, too many connections) get 400, 413 or closed,
# and the worker keeps serving, unprivileged and sandboxed.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v curl >/dev/null || e2e_skip "needs curl"
command -v openssl >/dev/null || e2e_skip "needs openssl"
getent passwd lanner-k8saudit >/dev/null || e2e_skip "needs the lanner-k8saudit user"

K8S_RULES=$e2e_src/rules/lanner_k8s_audit_rules.yaml
# lanner loads it after the default rules when the webhook is on: the
# two files must not clash (a macro of one overriding the other's).
"$e2e_build/engine/lanner-engine" --validate "$e2e_src/rules/lanner_rules.yaml" \
	"$K8S_RULES" >"$E2E_DIR/validate" 2>&1 ||
	e2e_fail "the default rules and the k8s rules: $(tail -n 5 "$E2E_DIR/validate")"
code() { curl -s -o "$E2E_DIR/body" -w '%{http_code}' "$@" || true; }

# ev ID STAGE VERB RESOURCE NAMESPACE NAME USER [MEMBERS]: one audit event.
ev() {
	printf '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse",'
	printf '"auditID":"%s","stage":"%s","requestURI":"/apis/x/%s","verb":"%s",' "$1" "$2" "$1" "$3"
	printf '"user":{"username":"%s","groups":["system:authenticated","e2e:%s"]},' "$7" "$1"
	printf '"sourceIPs":["10.1.2.3"],"userAgent":"e2e/1.0",'
	printf '"objectRef":{"resource":"%s","namespace":"%s","name":"%s","apiVersion":"v1"},' "$4" "$5" "$6"
	printf '"responseStatus":{"metadata":{},"code":201},'
	printf '"requestReceivedTimestamp":"2026-01-02T03:04:05.000000Z",'
	printf '"stageTimestamp":"2026-01-02T03:04:05.250000Z",'
	printf '"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"e2e"}%s}' "${8:-}"
}

pod() { # pod SPEC: a pod creation's request and response objects
	printf ',"requestObject":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":%s},' "$1"
	printf '"responseObject":{"kind":"Pod","metadata":{"name":"%s"}}' "$2"
}

c_nginx='{"name":"a","image":"docker.io/library/nginx:1.25"}'
c_priv='{"name":"b","image":"quay.io/e2e/tool@sha256:00ff","securityContext":{"privileged":true,"capabilities":{"add":["NET_ADMIN"]}},"ports":[{"containerPort":80,"hostPort":8080}]}'
role_rules='[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]},{"apiGroups":[""],"resources":["*"],"verbs":["create","delete"]}]'

{
	printf '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":['
	ev priv ResponseComplete create pods e2e-ns priv-pod kubernetes-admin \
		"$(pod "{\"containers\":[$c_nginx,$c_priv]}" priv-pod)"
	printf ','
	ev plain ResponseComplete create pods e2e-ns plain-pod kubernetes-admin \
		"$(pod "{\"containers\":[$c_nginx]}" plain-pod)"
	printf ','
	ev hostns ResponseComplete create pods e2e-ns hostns-pod kubernetes-admin \
		"$(pod "{\"hostNetwork\":true,\"hostPID\":true,\"hostIPC\":true,\"containers\":[$c_nginx]}" hostns-pod)"
	printf ','
	ev mount ResponseComplete create pods e2e-ns mount-pod kubernetes-admin \
		"$(pod "{\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/etc\"}}],\"containers\":[$c_nginx]}" mount-pod)"
	printf ','
	ev exec ResponseStarted create pods e2e-ns exec-pod kubernetes-admin \
		',"objectRef":{"resource":"pods","namespace":"e2e-ns","name":"exec-pod","subresource":"exec"},"requestURI":"/api/v1/namespaces/e2e-ns/pods/exec-pod/exec?command=sh&command=-c&container=a&stdin=true"'
	printf ','
	ev role ResponseComplete create clusterroles "" e2e-role kubernetes-admin \
		",\"requestObject\":{\"kind\":\"ClusterRole\",\"rules\":$role_rules}"
	printf ','
	ev cm ResponseComplete update configmaps e2e-ns e2e-cm kubernetes-admin \
		',"requestObject":{"kind":"ConfigMap","data":{"db":"password=hunter2"}}'
	printf ','
	ev anon ResponseComplete get namespaces "" default system:anonymous
	printf ','
	ev sa ResponseComplete create serviceaccounts kube-system e2e-sa kubernetes-admin
	printf ','
	ev rb ResponseComplete create rolebindings kube-system e2e-rb alice-admin \
		',"requestObject":{"kind":"RoleBinding","roleRef":{"kind":"Role","name":"e2e-role"},"subjects":[{"kind":"User","name":"mallory"}]}'
	printf ','
	ev svc ResponseComplete create services e2e-ns e2e-svc kubernetes-admin \
		',"requestObject":{"kind":"Service","spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}'
	printf ','
	ev ns ResponseComplete create namespaces "" e2e-rogue-ns kubernetes-admin
	printf ']}'
} >"$E2E_DIR/events.json"

# A CA and a server certificate for 127.0.0.1, made for this run.
make_tls() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=e2e-ca \
		-keyout "$E2E_DIR/ca.key" -out "$E2E_DIR/ca.pem" 2>/dev/null &&
		openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
			-keyout "$E2E_DIR/srv.key" -out "$E2E_DIR/srv.csr" 2>/dev/null &&
		printf 'subjectAltName=IP:127.0.0.1\n' >"$E2E_DIR/ext" &&
		openssl x509 -req -in "$E2E_DIR/srv.csr" -CA "$E2E_DIR/ca.pem" \
			-CAkey "$E2E_DIR/ca.key" -CAcreateserial -days 1 \
			-extfile "$E2E_DIR/ext" -out "$E2E_DIR/srv.crt" 2>/dev/null &&
		cat "$E2E_DIR/srv.crt" "$E2E_DIR/srv.key" >"$E2E_DIR/server.pem" &&
		openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver \
			-keyout "$E2E_DIR/cli.key" -out "$E2E_DIR/cli.csr" 2>/dev/null &&
		openssl x509 -req -in "$E2E_DIR/cli.csr" -CA "$E2E_DIR/ca.pem" \
			-CAkey "$E2E_DIR/ca.key" -CAcreateserial -days 1 \
			-out "$E2E_DIR/cli.crt" 2>/dev/null
}

# start [KEY=VALUE...]: lanner with the webhook on a free port ($url).
start() {
	port=$(free_port)
	scheme=http
	for kv in "$@"; do
		case $kv in k8saudit.ssl_certificate=*) scheme=https ;; esac
	done
	url=$scheme://127.0.0.1:$port
	set -- $(for kv in "$@"; do printf -- '-o %s ' "$kv"; done)
	: >"$E2E_DIR/out"
	start_lanner -r "$E2E_RULES" -r "$K8S_RULES" -o json_output=true \
		-o k8saudit.enabled=true -o k8saudit.listen_address=127.0.0.1 \
		-o k8saudit.listen_port="$port" "$@"
	wait_until 60 sh -c "curl -s $curl_tls -o /dev/null '$url/healthz'" ||
		e2e_fail "lanner-k8saudit never answered"
	sync_pipeline "$port"
}

# expect RULE FIELD=VALUE...: an alert of RULE from k8s_audit with these
# output fields.
expect() {
	wait_until 20 /usr/bin/python3 - "$E2E_DIR/out" "$@" <<'PY' ||
import json, sys
rule, want = sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:])
for line in open(sys.argv[1]):
    try:
        a = json.loads(line)
    except ValueError:
        continue
    f = a.get("output_fields", {})
    f["time"] = a.get("time")  # the audit event's stageTimestamp
    if a.get("rule") == rule and a.get("source") == "k8s_audit" and \
            all(str(f.get(k)) == v for k, v in want.items()):
        sys.exit(0)
sys.exit(1)
PY
		e2e_fail "no '$1' alert with $*"
}

curl_tls=
start k8saudit.timeout_s=3 k8saudit.max_body_bytes=200000 k8saudit.max_connections=4
worker=$(child_pid lanner-k8saudit)
[ -n "$worker" ] || e2e_fail "no lanner-k8saudit process"

[ "$(code "$url/healthz")" = 200 ] || e2e_fail "/healthz: $(cat "$E2E_DIR/body")"
grep -qx '{"status": "ok"}' "$E2E_DIR/body" || e2e_fail "/healthz said $(cat "$E2E_DIR/body")"
[ "$(code -X POST --data-binary @"$E2E_DIR/events.json" "$url/k8s-audit")" = 200 ] ||
	e2e_fail "the EventList was refused: $(cat "$E2E_DIR/body")"
# One Event on its own is accepted too.
ev single ResponseComplete create namespaces "" e2e-single-ns kubernetes-admin >"$E2E_DIR/one.json"
[ "$(code -X POST -H 'Content-Type: application/json' --data-binary @"$E2E_DIR/one.json" "$url/k8s-audit")" = 200 ] ||
	e2e_fail "the single Event was refused: $(cat "$E2E_DIR/body")"

expect "Create Privileged Pod" ka.resp.name=priv-pod ka.target.namespace=e2e-ns \
	time=2026-01-02T03:04:05.250000000Z \
	"ka.req.pod.containers.image=docker.io/library/nginx:1.25,quay.io/e2e/tool@sha256:00ff"
expect "Create HostNetwork Pod" ka.resp.name=hostns-pod
expect "Create HostPid Pod" ka.resp.name=hostns-pod
expect "Create HostIPC Pod" ka.resp.name=hostns-pod
expect "Create Sensitive Mount Pod" ka.resp.name=mount-pod ka.req.pod.volumes.hostpath=/etc
expect "Attach/Exec Pod" ka.target.name=exec-pod ka.target.subresource=exec \
	ka.uri.param[command]=sh
expect "ClusterRole With Wildcard Created" ka.target.name=e2e-role
expect "ClusterRole With Write Privileges Created" ka.target.name=e2e-role
expect "Create/Modify Configmap With Private Credentials" ka.req.configmap.name=e2e-cm \
	'ka.req.configmap.obj={"db":"password=hunter2"}'
expect "Anonymous Request Allowed" ka.user.name=system:anonymous ka.auth.reason=e2e
expect "Service Account Created in Kube Namespace" ka.target.name=e2e-sa ka.target.namespace=kube-system
expect "RoleBinding Created in Kube Namespace" ka.target.name=e2e-rb ka.req.binding.role=e2e-role \
	'ka.req.binding.subjects={"kind":"User","name":"mallory"}'
expect "Create NodePort Service" ka.target.name=e2e-svc 'ka.req.service.ports={"port":80,"nodePort":30080}'
expect "Create Disallowed Namespace" ka.target.name=e2e-rogue-ns
expect "Create Disallowed Namespace" ka.target.name=e2e-single-ns
expect "Disallowed K8s User" ka.user.name=alice-admin
# An engine that does not read holds the batch in the broker, not lost.
engine=$(child_pid lanner-engine)
kill -STOP "$engine"
ev stopped ResponseComplete create namespaces "" e2e-stopped-ns kubernetes-admin >"$E2E_DIR/one.json"
[ "$(code -X POST --data-binary @"$E2E_DIR/one.json" "$url/k8s-audit")" = 200 ] ||
	{ kill -CONT "$engine"; e2e_fail "refused while the engine was stopped"; }
kill -CONT "$engine"
expect "Create Disallowed Namespace" ka.target.name=e2e-stopped-ns
# What must not fire: a pod without privileges, alerts from the other source.
sync_pipeline after-events
grep '"rule":"Create Privileged Pod"' "$E2E_DIR/out" | grep -q plain-pod &&
	e2e_fail "an unprivileged pod fired Create Privileged Pod"
[ "$(grep -c '"rule":"Create HostNetwork Pod"' "$E2E_DIR/out")" = 1 ] ||
	e2e_fail "Create HostNetwork Pod fired for a pod without hostNetwork"
grep '"source":"syscall"' "$E2E_DIR/out" | grep -q '"tags":\["k8s' &&
	e2e_fail "a k8s audit rule fired on a syscall event"
grep '"source":"k8s_audit"' "$E2E_DIR/out" | grep -q '"rule":"E2E' &&
	e2e_fail "a syscall rule fired on an audit event"

# Hostile requests: each answered, and the worker is still the same one.
printf "{\"kind\": \"EventList\", \"items\": [" >"$E2E_DIR/trunc.json"
[ "$(code -X POST --data-binary @"$E2E_DIR/trunc.json" "$url/k8s-audit")" = 400 ] ||
	e2e_fail "truncated JSON was not a 400"
grep -q 'ends early' "$E2E_DIR/body" || e2e_fail "no reason: $(cat "$E2E_DIR/body")"
[ "$(code -X POST --data-binary 'not json' "$url/k8s-audit")" = 400 ] ||
	e2e_fail "garbage was not a 400"
grep -q 'bad JSON at byte 1: null expected' "$E2E_DIR/body" || e2e_fail "no reason: $(cat "$E2E_DIR/body")"
[ "$(code -X POST --data-binary '{"kind":"Pod","apiVersion":"v1"}' "$url/k8s-audit")" = 400 ] ||
	e2e_fail "a non-audit object was not a 400"
grep -q 'apiVersion is v1' "$E2E_DIR/body" || e2e_fail "no reason: $(cat "$E2E_DIR/body")"
/usr/bin/python3 -c 'print("[" * 5000 + "]" * 5000)' >"$E2E_DIR/deep.json"
[ "$(code -X POST --data-binary @"$E2E_DIR/deep.json" "$url/k8s-audit")" = 400 ] ||
	e2e_fail "5000 levels of nesting were not a 400"
grep -q 'nesting too deep' "$E2E_DIR/body" || e2e_fail "no reason: $(cat "$E2E_DIR/body")"
/usr/bin/python3 -c 'print("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"x\":\"" + "a" * 70000 + "\"}")' >"$E2E_DIR/long.json"
[ "$(code -X POST --data-binary @"$E2E_DIR/long.json" "$url/k8s-audit")" = 400 ] ||
	e2e_fail "a 70 KB string was not a 400"
grep -q 'longer than 64 KiB' "$E2E_DIR/body" || e2e_fail "no reason: $(cat "$E2E_DIR/body")"
head -c 300000 /dev/zero | tr '\0' ' ' >"$E2E_DIR/big.json"
[ "$(code -X POST --data-binary @"$E2E_DIR/big.json" "$url/k8s-audit")" = 413 ] ||
	e2e_fail "a 300 KB body was not a 413"
[ "$(code "$url/nope")" = 404 ] || e2e_fail "an unknown path"
[ "$(code -X DELETE "$url/k8s-audit")" -ge 400 ] || e2e_fail "DELETE accepted"

# A slow sender (a header byte a second) is cut off at the 3 s deadline,
# though it never idles long enough for an idle timeout.
/usr/bin/python3 - "$port" <<'PY' || e2e_fail "the slow sender was not cut off in time"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
start = time.monotonic()
try:
    for b in b"POST /k8s-audit HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 30:
        s.send(bytes([b]))
        time.sleep(0.5)
        if time.monotonic() - start > 12:
            sys.exit(1)
except OSError:
    pass
s.settimeout(5)
try:
    left = s.recv(100)
except OSError:
    left = b""
took = time.monotonic() - start
sys.exit(0 if took < 8 and not left.startswith(b"HTTP/1.1 2") else 1)
PY

# Connections beyond k8saudit.max_connections (4) are closed at once,
# or answered 503 when their request came first.
/usr/bin/python3 - "$port" <<'PY' || e2e_fail "a 5th connection was served"
import socket, sys
idle = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(4)]
extra = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
extra.settimeout(2)
try:
    extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    got = extra.recv(100)
except OSError:
    got = b""
sys.exit(0 if not got or got.startswith(b"HTTP/1.1 503") else 1)
PY
wait_until 10 sh -c "[ \$(curl -s -o /dev/null -w '%{http_code}' '$url/healthz') = 200 ]" ||
	e2e_fail "the worker stopped serving after hostile requests"
[ "$(child_pid lanner-k8saudit)" = "$worker" ] || e2e_fail "lanner-k8saudit was restarted"
grep -q 'lanner-k8saudit exited' "$E2E_DIR/err" && e2e_fail "lanner-k8saudit died"

# Unprivileged and sandboxed.
st=/proc/$worker/status
[ "$(awk '/^Uid:/ {print $2}' "$st")" != 0 ] || e2e_fail "runs as root"
[ "$(awk '/^Uid:/ {print $2}' "$st")" = "$(id -u lanner-k8saudit)" ] || e2e_fail "not its own user"
grep -Eq '^CapEff:[[:space:]]+0+$' "$st" || e2e_fail "has capabilities: $(grep CapEff "$st")"
grep -Eq '^NoNewPrivs:[[:space:]]+1$' "$st" || e2e_fail "no no_new_privs"
grep -Eq '^Seccomp:[[:space:]]+2$' "$st" || e2e_fail "no seccomp filter"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# HTTPS with a certificate from a CA made here, clients with a
# certificate of the same CA; plain HTTP and clients without one fail.
make_tls || e2e_fail "cannot make the test certificates"
curl_tls="--cacert $E2E_DIR/ca.pem --cert $E2E_DIR/cli.crt --key $E2E_DIR/cli.key"
start k8saudit.ssl_certificate="$E2E_DIR/server.pem" \
	k8saudit.ssl_client_ca="$E2E_DIR/ca.pem"
# shellcheck disable=SC2086
[ "$(code $curl_tls -X POST --data-binary @"$E2E_DIR/events.json" "$url/k8s-audit")" = 200 ] ||
	e2e_fail "HTTPS post refused: $(cat "$E2E_DIR/body")"
expect "Create Privileged Pod" ka.resp.name=priv-pod
[ "$(code "http://127.0.0.1:$port/healthz")" != 200 ] || e2e_fail "plain HTTP served with TLS on"
[ "$(code --cacert "$E2E_DIR/ca.pem" "$url/healthz")" = 000 ] ||
	e2e_fail "a client without a certificate was served"
# shellcheck disable=SC2086
[ "$(code $curl_tls "$url/healthz")" = 200 ] || e2e_fail "HTTPS /healthz"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

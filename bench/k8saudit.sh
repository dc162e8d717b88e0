#!/bin/sh
# Kubernetes audit events per second through the webhook to alerts:
# bench/k8saudit_post sends BATCHES EventLists of 100 privileged pod
# creations on one kept-alive connection; every event fires Create
# Privileged Pod. Measures from the first post to the last alert on
# stdout. Run as root from the build directory:
#   sh ../bench/k8saudit.sh [BATCHES]
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"
E2E_RULES=$top/tests/e2e/rules.yaml
e2e_init
batches=${1:-500}
total=$((batches * 100))
port=$(free_port)
start_lanner -r "$E2E_RULES" -r "$top/rules/lanner_k8s_audit_rules.yaml" \
	-o k8saudit.enabled=true -o k8saudit.listen_address=127.0.0.1 \
	-o k8saudit.listen_port="$port"
sync_pipeline ready 60
alerts() {
	grep -c 'Pod started with privileged container' "$E2E_DIR/out"
}
t0=$(date +%s%N)
"$e2e_build/bench/k8saudit_post" "$port" "$batches" 100 || e2e_fail "posting failed"
wait_until 120 sh -c "[ \$(grep -c 'Pod started with privileged container' '$E2E_DIR/out') -ge $total ]"
t1=$(date +%s%N)
n=$(alerts)
echo "$n of $total alerts in $(((t1 - t0) / 1000000)) ms:" \
	"$((n * 1000000000 / (t1 - t0))) alerts/s end to end"
grep -Ei "drop|refus|full" "$E2E_DIR/err" | tail -n 5
stop_lanner

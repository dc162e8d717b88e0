#!/bin/sh
# Container metadata from cri-o's CRI API. Debian packages no cri-o, so a
# stand-in serves the socket (tests/e2e/fake_cri.py: HTTP/2 and gRPC as
# cri-o speaks them, an answer recorded for one container id); the rest
# is real: a process is put into a cgroup named as cri-o names its
# containers (crio-ID), lanner sees it open a marker, asks the broker,
# which writes ContainerStatus (verbose) on the CRI socket and relays the
# reply to lanner-containers, and a later alert carries the container's
# name, image, repository, digest, type cri-o, privileged, the pod's name
# and namespace and a mount.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctr_alert.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"
# The probe reads the unified (v2) hierarchy's path: beside v1 on this
# VM, alone on most hosts.
if [ -f /sys/fs/cgroup/unified/cgroup.procs ]; then
	cgroot=/sys/fs/cgroup/unified
elif [ -f /sys/fs/cgroup/cgroup.procs ] && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	cgroot=/sys/fs/cgroup
else
	e2e_skip "no cgroup v2 hierarchy to make a container's cgroup in"
fi
id=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
short=$(echo "$id" | cut -c1-12)
sock=$E2E_DIR/crio.sock
cg=$cgroot/lanner-e2e-$$
mark=$E2E_DIR/mark
stop=$E2E_DIR/stop
: >"$mark"
chmod -R a+rX "$E2E_DIR"
FAKE_PID=
LOOP_PID=

cri_cleanup() {
	: >"$stop"
	[ -n "$LOOP_PID" ] && wait "$LOOP_PID" 2>/dev/null
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	rmdir "$cg/crio-$id" "$cg" 2>/dev/null
	e2e_cleanup
}
trap 'cri_cleanup' EXIT

python3 "$(dirname "$0")/fake_cri.py" "$sock" "$id" "$E2E_DIR/asked" \
	>"$E2E_DIR/fake" 2>&1 &
FAKE_PID=$!
wait_until 30 test -S "$sock" || e2e_fail "the CRI stand-in did not start"

cat >"$E2E_DIR/rules.yaml" <<EOT
- rule: e2e container marker
  desc: the marker file opened in a container
  condition: >
    evt.type in (open, openat, openat2) and fd.name = $mark and
    container.id != host
  output: >
    container marker id=%container.id name=%container.name
    image=%container.image repo=%container.image.repository
    tag=%container.image.tag digest=%container.image.digest
    type=%container.type privileged=%container.privileged
    pod=%k8s.pod.name ns=%k8s.ns.name
    dest=%container.mount.dest[/srv/data]
  priority: WARNING
EOT
chmod 0644 "$E2E_DIR/rules.yaml"
start_lanner -r "$E2E_RULES" -r "$E2E_DIR/rules.yaml" -o json_output=true \
	-o container_engines.cri.sockets="$sock"
sync_pipeline ready 60

mkdir -p "$cg/crio-$id" || e2e_fail "cannot make $cg/crio-$id"
sh -c "echo \$\$ >'$cg/crio-$id/cgroup.procs' || exit 1
	i=0
	while [ \$i -lt 300 ] && [ ! -e '$stop' ]; do
		cat '$mark'; sleep 0.2; i=\$((i + 1))
	done" >"$E2E_DIR/loop" 2>&1 &
LOOP_PID=$!

wait_until 60 alert web >/dev/null ||
	e2e_fail "no alert with container.name=web ($(cat "$E2E_DIR/asked" 2>/dev/null) requests)"
: >"$stop"
expect web container.id "$short"
expect web container.type cri-o
expect web container.image quay.example/team/web:3
expect web container.image.repository quay.example/team/web
expect web container.image.tag 3
expect web container.image.digest sha256:4e1b
expect web container.privileged true
expect web k8s.pod.name web-0
expect web k8s.ns.name shop
expect web "container.mount.dest\[/srv/data\]" /mnt/data
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

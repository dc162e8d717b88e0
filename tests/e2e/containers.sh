#!/bin/sh
# Container metadata from a real runtime: Debian's Podman, its API
# service on a socket of the test's own (container_engines.podman.sockets),
# and an image made here from busybox-static (no registry is reachable).
# Without the service lanner runs on: alerts from a container carry its
# id and runtime, no name, and the absent socket is logged once. With it,
# an alert from a later event of the same container carries its name,
# image, repository and tag, type podman and whether it is privileged,
# which lanner-containers read as its own user, with no capabilities,
# no_new_privs and seccomp. Containers, image and service go at the end.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctr_alert.sh"
e2e_init
command -v podman >/dev/null || e2e_skip "needs podman (scripts/install-deps)"
command -v runc >/dev/null || e2e_skip "needs runc (scripts/install-deps)"
[ -x /bin/busybox ] || e2e_skip "needs busybox-static (scripts/install-deps)"
getent passwd lanner-containers >/dev/null ||
	e2e_skip "needs the lanner-containers user"

image=localhost/lanner-e2e:1
name=lanner-e2e-$$
sock=$E2E_DIR/podman.sock
ctl=$E2E_DIR/ctl
SERVICE_PID=

# Podman as this VM allows it: no systemd as PID 1 (cgroupfs, events in
# a file), cgroup v1 with a v2 hierarchy beside it (runc; crun refuses
# that mix), no CAP_SYS_RESOURCE (limits at most the current ones), and
# storage of the test's own (vfs), so nothing of the host's is touched.
mkdir -p "$E2E_DIR/rootfs/bin" "$E2E_DIR/rootfs/tmp" "$E2E_DIR/tmp" "$ctl"
cat >"$E2E_DIR/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$E2E_DIR/events.log"
runtime = "runc"
tmp_dir = "$E2E_DIR/tmp"
EOF
cat >"$E2E_DIR/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$E2E_DIR/storage"
runroot = "$E2E_DIR/run"
EOF
export CONTAINERS_CONF="$E2E_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$E2E_DIR/storage.conf"

containers_cleanup() {
	for c in "$name-a" "$name-b" "$name-1" "$name-2"; do
		podman rm -f -t 0 "$c" >/dev/null 2>&1
	done
	podman rmi -f "$image" >/dev/null 2>&1
	[ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null
	e2e_cleanup
}
trap 'containers_cleanup' EXIT

cp /bin/busybox "$E2E_DIR/rootfs/bin/busybox"
for a in sh cat sleep test; do ln -s busybox "$E2E_DIR/rootfs/bin/$a"; done
: >"$E2E_DIR/rootfs/tmp/lanner-ctr-mark"
tar -C "$E2E_DIR/rootfs" -c . | podman import - "$image" >"$E2E_DIR/import" 2>&1 ||
	e2e_fail "podman import: $(cat "$E2E_DIR/import")"

ctr_marker_rules "$E2E_DIR/rules.yaml" \
	"ip=%container.ip ctl=%container.mount.dest[$ctl]"

# run NAME [FLAGS]: a container that opens the marker every 0.2 s until
# the test leaves $ctl/stop-NAME (at most a minute); in the background.
run() {
	n=$1
	shift
	podman run --rm --name "$n" -v "$ctl:/mnt/ctl" "$@" "$image" sh -c "
		i=0
		while [ \$i -lt 300 ] && ! test -e /mnt/ctl/stop-$n; do
			cat /tmp/lanner-ctr-mark; sleep 0.2; i=\$((i + 1))
		done" >"$E2E_DIR/run-$n" 2>&1 &
}

# stop NAME: the container's loop ends; it is gone within 30 s.
stop() {
	: >"$ctl/stop-$1"
	wait_until 30 sh -c "! podman container exists '$1'" ||
		e2e_fail "container $1 did not stop: $(cat "$E2E_DIR/run-$1")"
}

helper_sandboxed() {
	pid=$(child_pid lanner-containers)
	[ -n "$pid" ] || e2e_fail "no lanner-containers running"
	s=/proc/$pid/status
	f() { awk -v k="$1:" '$1 == k { print $2 }' "$s"; }
	[ "$(f Uid)" = "$(id -u lanner-containers)" ] && [ "$(f Uid)" != 0 ] ||
		e2e_fail "lanner-containers runs as uid $(f Uid)"
	[ "$(f CapEff)" = 0000000000000000 ] || e2e_fail "it has capabilities"
	[ "$(f NoNewPrivs)" = 1 ] || e2e_fail "it lacks no_new_privs"
	[ "$(f Seccomp)" = 2 ] || e2e_fail "it has no seccomp filter"
	echo "lanner-containers[$pid]: uid $(f Uid), CapEff 0, NoNewPrivs 1, Seccomp 2"
}

start_lanner -r "$E2E_RULES" -r "$E2E_DIR/rules.yaml" -o json_output=true \
	-o container_engines.podman.sockets="$sock"
sync_pipeline ready 60
helper_sandboxed
helper=$(child_pid lanner-containers)

# No service: ids and the runtime, no names; one log line for two
# containers; nothing dies.
for c in "$name-a" "$name-b"; do
	run "$c" --network none
	wait_until 60 sh -c "podman inspect -f '{{.Id}}' '$c' >'$E2E_DIR/id-$c' 2>/dev/null" ||
		e2e_fail "container $c did not start: $(cat "$E2E_DIR/run-$c")"
	id=$(cut -c1-12 "$E2E_DIR/id-$c")
	wait_until 60 alert "$c" "$id" >/dev/null ||
		e2e_fail "no alert from container $c ($id)"
	stop "$c"
	echo "$c: alert with container.id=$id, no name"
done
[ "$(alert "$name-b" "$id" | sed -n 's/^container.type=//p')" = podman ] ||
	e2e_fail "container.type is not podman without the service"
[ "$(count "podman.sock: No such file" "$E2E_DIR/err")" = 1 ] ||
	e2e_fail "the absent socket is not logged once: $(grep -c podman.sock "$E2E_DIR/err")"
[ "$(child_pid lanner-containers)" = "$helper" ] || e2e_fail "lanner-containers restarted"
alive "$LANNER_PID" || e2e_fail "lanner died without the runtime"

# The service, then a container and a privileged one.
podman system service --time=0 "unix://$sock" >"$E2E_DIR/service" 2>&1 &
SERVICE_PID=$!
wait_until 30 test -S "$sock" || e2e_fail "podman system service did not start"
run "$name-1"
wait_until 60 alert "$name-1" >/dev/null ||
	e2e_fail "no alert with container.name=$name-1"
stop "$name-1"
expect "$name-1" container.image "$image"
expect "$name-1" container.image.repository localhost/lanner-e2e
expect "$name-1" container.image.tag 1
expect "$name-1" container.type podman
expect "$name-1" container.privileged false
expect "$name-1" "container.mount.dest\[$ctl\]" /mnt/ctl
alert "$name-1" | grep -Eq '^container.ip=([0-9]+\.){3}[0-9]+$' ||
	e2e_fail "no container.ip: $(alert "$name-1" | grep ip=)"
grep -q "podman.sock answers again" "$E2E_DIR/err" ||
	e2e_fail "no line saying the socket answers again"
run "$name-2" --privileged
wait_until 60 alert "$name-2" >/dev/null ||
	e2e_fail "no alert with container.name=$name-2"
stop "$name-2"
expect "$name-2" container.privileged true
expect "$name-2" container.image "$image"
helper_sandboxed
[ "$(child_pid lanner-containers)" = "$helper" ] || e2e_fail "lanner-containers restarted"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

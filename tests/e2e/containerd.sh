#!/bin/sh
# Container metadata from a real containerd (Debian's), on a socket and
# with storage of the test's own, its CRI plugin off: an image made here
# from busybox-static (no registry is reachable) is imported with ctr
# into the k8s.io and default namespaces, and containers are run with
# ctr under a cgroup path of the kind Kubernetes' containerd makes
# (cri-containerd-ID). An alert from a later event of the container
# carries what containerd's gRPC API says: the short id as its name, the
# image, repository and tag, type containerd, the pod's name and
# namespace from its labels, a bind mount, and whether it is privileged;
# a container of the default namespace is found too (the broker asks
# both namespaces at once). A container whose cgroup path names no
# runtime is found too, though a Docker API socket (Podman's service
# here) takes the connection first and does not know it: the next ask
# starts from the next runtime.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctr_alert.sh"
e2e_init
for p in containerd ctr podman runc; do
	command -v "$p" >/dev/null || e2e_skip "needs $p (scripts/install-deps)"
done
[ -x /bin/busybox ] || e2e_skip "needs busybox-static (scripts/install-deps)"

image=localhost/lanner-e2e:1
sock=$E2E_DIR/containerd.sock
docker_sock=$E2E_DIR/docker.sock
ctl=$E2E_DIR/ctl
CTRD_PID=
SERVICE_PID=
mkdir -p "$E2E_DIR/rootfs/bin" "$E2E_DIR/rootfs/tmp" "$E2E_DIR/tmp" "$ctl"
cat >"$E2E_DIR/config.toml" <<EOT
version = 2
root = "$E2E_DIR/root"
state = "$E2E_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = ""
EOT
# Podman only builds the image, in storage of the test's own.
cat >"$E2E_DIR/containers.conf" <<EOT
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$E2E_DIR/events.log"
tmp_dir = "$E2E_DIR/tmp"
EOT
cat >"$E2E_DIR/storage.conf" <<EOT
[storage]
driver = "vfs"
graphroot = "$E2E_DIR/storage"
runroot = "$E2E_DIR/run"
EOT
export CONTAINERS_CONF="$E2E_DIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$E2E_DIR/storage.conf"
ctr_() { ctr --address "$sock" "$@"; }

containerd_cleanup() {
	if [ -n "$CTRD_PID" ]; then
		for ns in k8s.io default; do
			for t in $(ctr_ -n "$ns" tasks ls -q 2>/dev/null); do
				ctr_ -n "$ns" tasks kill -s KILL "$t" >/dev/null 2>&1
				wait_until 10 sh -c "! ctr --address '$sock' -n $ns tasks ls -q | grep -q $t"
				ctr_ -n "$ns" tasks rm -f "$t" >/dev/null 2>&1
			done
			for c in $(ctr_ -n "$ns" containers ls -q 2>/dev/null); do
				ctr_ -n "$ns" containers rm "$c" >/dev/null 2>&1
			done
		done
		kill "$CTRD_PID" 2>/dev/null
		wait "$CTRD_PID" 2>/dev/null
	fi
	[ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null
	podman rmi -f "$image" >/dev/null 2>&1
	e2e_cleanup
}
trap 'containerd_cleanup' EXIT

containerd --config "$E2E_DIR/config.toml" >"$E2E_DIR/containerd.log" 2>&1 &
CTRD_PID=$!
wait_until 30 ctr_ version >/dev/null 2>&1 ||
	e2e_fail "containerd did not start: $(tail -n 5 "$E2E_DIR/containerd.log")"

cp /bin/busybox "$E2E_DIR/rootfs/bin/busybox"
for a in sh cat sleep test; do ln -s busybox "$E2E_DIR/rootfs/bin/$a"; done
: >"$E2E_DIR/rootfs/tmp/lanner-ctr-mark"
{ tar -C "$E2E_DIR/rootfs" -c . | podman import - "$image" &&
	podman save --format docker-archive -o "$E2E_DIR/image.tar" "$image" &&
	for ns in k8s.io default; do
		ctr_ -n "$ns" images import --snapshotter native "$E2E_DIR/image.tar" || exit 1
	done; } >"$E2E_DIR/import" 2>&1 ||
	e2e_fail "the image: $(tail -n 5 "$E2E_DIR/import")"

ctr_marker_rules "$E2E_DIR/rules.yaml" "pod=%k8s.pod.name ns=%k8s.ns.name \
ctl=%container.mount.dest[$ctl] start=%container.start_ts"

podman system service --time=0 "unix://$docker_sock" >"$E2E_DIR/service" 2>&1 &
SERVICE_PID=$!
wait_until 30 test -S "$docker_sock" || e2e_fail "podman system service did not start"

start_lanner -r "$E2E_RULES" -r "$E2E_DIR/rules.yaml" -o json_output=true \
	-o container_engines.containerd.sockets="$sock" \
	-o container_engines.docker.sockets="$docker_sock" \
	-o container_engines.podman.sockets="$E2E_DIR/none.sock" \
	-o container_engines.cache.retry=1s
sync_pipeline ready 60

# run NAMESPACE [FLAGS]: a container that opens the marker every 0.2 s
# until the test leaves $ctl/stop-ID (at most a minute); its id in $id;
# its cgroup in a directory of $cgroup's name (cri-containerd-ID, unless
# the caller names another prefix).
cgroup=cri-containerd-
run() {
	ns=$1
	shift
	id=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
	ctr_ -n "$ns" run -d --snapshotter native \
		--cgroup "/lanner-e2e/$cgroup$id" \
		--mount "type=bind,src=$ctl,dst=/mnt/ctl,options=rbind:ro" \
		"$@" "$image" "$id" sh -c "
		i=0
		while [ \$i -lt 300 ] && ! test -e /mnt/ctl/stop-$id; do
			cat /tmp/lanner-ctr-mark; sleep 0.2; i=\$((i + 1))
		done" >"$E2E_DIR/run-$id" 2>&1 ||
		e2e_fail "ctr run: $(cat "$E2E_DIR/run-$id")"
	short=$(echo "$id" | cut -c1-12)
}

run k8s.io --label io.kubernetes.pod.name=pod-a \
	--label io.kubernetes.pod.namespace=ns-a
wait_until 60 alert "$short" >/dev/null ||
	e2e_fail "no alert with container.name=$short"
: >"$ctl/stop-$id"
expect "$short" container.id "$short"
expect "$short" container.type containerd
expect "$short" container.image "$image"
expect "$short" container.image.repository localhost/lanner-e2e
expect "$short" container.image.tag 1
expect "$short" container.privileged false
expect "$short" k8s.pod.name pod-a
expect "$short" k8s.ns.name ns-a
expect "$short" "container.mount.dest\[$ctl\]" /mnt/ctl
alert "$short" | grep -Eq '^container.start_ts=1[0-9]{18}$' ||
	e2e_fail "no container.start_ts: $(alert "$short" | grep start_ts)"

run default --privileged
wait_until 60 alert "$short" >/dev/null ||
	e2e_fail "no alert with container.name=$short (namespace default)"
: >"$ctl/stop-$id"
expect "$short" container.privileged true
expect "$short" container.type containerd
expect "$short" k8s.pod.name null

cgroup=kubepods-
run k8s.io
wait_until 60 alert "$short" >/dev/null ||
	e2e_fail "no alert with container.name=$short (runtime unnamed)"
: >"$ctl/stop-$id"
expect "$short" container.type containerd
expect "$short" container.image "$image"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

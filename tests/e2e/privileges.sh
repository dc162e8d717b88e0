#!/bin/sh
# Each child runs with only what it needs, as its role's own user: engine,
# output worker, web endpoint and container metadata helper with no
# capabilities, no_new_privs and a seccomp filter (on every thread);
# capture with a subset of the probe's capabilities and a seccomp
# filter. Bounding sets are empty, so not even an exec of a file with
# capabilities could bring one back. No child dumps core, and each has a
# bounded number of descriptors.
. "$(dirname "$0")/lib.sh"
e2e_init

# CAP_DAC_READ_SEARCH 2, CAP_SYS_PTRACE 19, CAP_SYS_RESOURCE 24,
# CAP_PERFMON 38, CAP_BPF 39.
capture_caps=$(((1 << 2) | (1 << 19) | (1 << 24) | (1 << 38) | (1 << 39)))

field() {
	awk -v k="$2:" '$1 == k { print $2 }' "$1"
}

check_threads() { # PID: every thread is filtered
	for t in /proc/"$1"/task/*; do
		[ "$(field "$t/status" Seccomp)" = 2 ] ||
			e2e_fail "$2 thread $(basename "$t") has no seccomp filter"
	done
}

check_unprivileged() { # NAME USER
	pid=$(child_pid "$1")
	[ -n "$pid" ] || e2e_fail "no $1 running"
	s=/proc/$pid/status
	uid=$(field "$s" Uid)
	[ "$uid" != 0 ] || e2e_fail "$1 runs as root"
	[ "$uid" = "$(id -u "$2")" ] || e2e_fail "$1 runs as uid $uid, not $2"
	[ "$(field "$s" CapEff)" = 0000000000000000 ] ||
		e2e_fail "$1 has capabilities $(field "$s" CapEff)"
	[ "$(field "$s" CapPrm)" = 0000000000000000 ] ||
		e2e_fail "$1 has permitted capabilities"
	[ "$(field "$s" CapBnd)" = 0000000000000000 ] ||
		e2e_fail "$1 keeps a bounding set $(field "$s" CapBnd)"
	[ "$(field "$s" NoNewPrivs)" = 1 ] || e2e_fail "$1 lacks no_new_privs"
	[ "$(field "$s" Seccomp)" = 2 ] || e2e_fail "$1 has no seccomp filter"
	check_threads "$pid" "$1"
	echo "$1[$pid]: uid $uid, no capabilities, no_new_privs, seccomp"
}

check_limits() { # NAME [MAX]: no core dumps, at most MAX (256) descriptors
	l=/proc/$(child_pid "$1")/limits
	core=$(awk '/^Max core file size/ { print $5 " " $6 }' "$l")
	[ "$core" = "0 0" ] || e2e_fail "$1 may dump core: $core"
	files=$(awk '/^Max open files/ { print $5 }' "$l")
	[ "$files" -le "${2:-256}" ] 2>/dev/null ||
		e2e_fail "$1 may open $files descriptors"
	echo "$1: no core dumps, at most $files descriptors"
}

# A rule naming a domain, so that lanner-resolve runs.
cat >"$E2E_DIR/names.yaml" <<'EOT'
- rule: E2E connect to a named host
  desc: gives lanner-resolve a name
  condition: evt.type=connect and fd.sip.name=resolve.lanner.invalid
  output: "e2e named %fd.sip"
  priority: NOTICE
EOT
chmod 0644 "$E2E_DIR/names.yaml"
start_lanner -r "$E2E_RULES" -r "$E2E_DIR/names.yaml" \
	-o webserver.enabled=true -o webserver.listen_port="$(free_port)"
sync_pipeline ready 60
wait_until 20 sh -c "pgrep -P $LANNER_PID -x lanner-resolve >/dev/null" ||
	e2e_fail "lanner-resolve did not start"

check_unprivileged lanner-engine lanner-engine
check_limits lanner-engine
check_unprivileged lanner-output lanner-output
check_limits lanner-output
check_unprivileged lanner-web lanner-web
check_limits lanner-web
check_unprivileged lanner-containers lanner-containers
check_limits lanner-containers
check_unprivileged lanner-resolve lanner-resolve
check_limits lanner-resolve
# capture keeps a program, a perf event and a link per syscall event
# with tracepoint hooks (capture/probe_tphooks.c)
check_limits lanner-capture 1024

pid=$(child_pid lanner-capture)
[ -n "$pid" ] || e2e_fail "no lanner-capture running"
caps=$((0x$(field /proc/"$pid"/status CapEff)))
[ $((caps & ~capture_caps)) = 0 ] ||
	e2e_fail "lanner-capture has extra capabilities: $(field /proc/"$pid"/status CapEff)"
bnd=$((0x$(field /proc/"$pid"/status CapBnd)))
[ $((bnd & ~capture_caps)) = 0 ] ||
	e2e_fail "lanner-capture keeps a bounding set: $(field /proc/"$pid"/status CapBnd)"
[ "$(field /proc/"$pid"/status Seccomp)" = 2 ] ||
	e2e_fail "lanner-capture has no seccomp filter"
check_threads "$pid" lanner-capture
[ "$(field /proc/"$pid"/status Uid)" = "$(id -u lanner-capture)" ] ||
	e2e_fail "lanner-capture does not run as lanner-capture"
echo "lanner-capture[$pid]: capabilities within the probe's set, seccomp"

# Only root may enter the run directory or connect to a child's endpoint:
# a compromised child (any other uid) cannot pose as another.
epid=$(child_pid lanner-engine)
ctl=$(tr '\0' '\n' <"/proc/$epid/cmdline" | sed -n '/^--ctl$/{n;s|^ipc://||;p}')
run_dir=$(dirname "$ctl")
[ "$(stat -c '%u %a' "$run_dir")" = "0 700" ] ||
	e2e_fail "run directory $run_dir is $(stat -c '%U %a' "$run_dir")"
for sock in "$run_dir"/*.ipc; do
	[ "$(stat -c '%u %a' "$sock")" = "0 600" ] ||
		e2e_fail "$sock is $(stat -c '%U %a' "$sock")"
done
impostor() { # USER SOCKET: exits 0 only if the connection was refused
	setpriv --reuid="$1" --regid="$1" --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except PermissionError:
    sys.exit(0)
sys.exit(1)' "$2"
}
impostor lanner-engine "$run_dir/output-stdout.ipc" ||
	e2e_fail "the engine's user could connect to the output's endpoint"
impostor lanner-output "$run_dir/engine.ipc" ||
	e2e_fail "the output's user could connect to the engine's endpoint"
echo "run directory and endpoints: root only; impostors refused"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

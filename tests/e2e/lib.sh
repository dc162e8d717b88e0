# Helpers for the end-to-end tests: they run the real agent from the build
# tree as root. Sourced by each tests/e2e/*.sh; `make check` runs those
# from the build directory with $srcdir set.

e2e_src=$(cd "$(dirname "$0")/../.." && pwd)
e2e_build=${LANNER_BUILDDIR:-$PWD}
LANNER=$e2e_build/broker/lanner
E2E_RULES=$e2e_src/tests/e2e/rules.yaml
E2E_NRULES=$(grep -c '^- rule:' "$E2E_RULES")

# Exit 77 tells the test driver "skipped".
e2e_skip() {
	echo "SKIP: $*"
	exit 77
}

e2e_fail() {
	echo "FAIL: $*"
	e2e_dump
	exit 1
}

e2e_dump() {
	[ -n "${E2E_DIR:-}" ] || return 0
	echo "--- lanner stderr (last 60 lines)"
	tail -n 60 "$E2E_DIR/err" 2>/dev/null
	echo "--- lanner stdout (last 30 lines)"
	tail -n 30 "$E2E_DIR/out" 2>/dev/null
}

# A TCP port nothing listens on now, for lanner-web.
free_port() {
	/usr/bin/python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Children of the broker by program name ("lanner-engine"), one per line.
# The kernel keeps 15 bytes of the name ("lanner-containe").
child_pid() {
	pgrep -P "$LANNER_PID" -x "$(printf %.15s "$1")"
}

# Kills the broker and every child it still has, whatever happened.
e2e_cleanup() {
	if [ -n "${LANNER_PID:-}" ] && kill -0 "$LANNER_PID" 2>/dev/null; then
		kids=$(pgrep -P "$LANNER_PID")
		kill -9 "$LANNER_PID" $kids 2>/dev/null
	fi
	[ -n "${E2E_DIR:-}" ] && rm -rf "$E2E_DIR"
	[ -n "${E2E_FIXTURE:-}" ] &&
		sh "$e2e_src/tests/captures/workloads.sh" clean
	return 0
}

# Runs the capture fixtures' workload NAME (tests/captures/workloads.sh);
# the directory it works in goes when the test ends.
fixture_workload() {
	E2E_FIXTURE=1
	sh "$e2e_src/tests/captures/workloads.sh" "$1"
}

e2e_init() {
	[ "${LANNER_E2E:-}" = skip ] && e2e_skip "LANNER_E2E=skip"
	[ "$(id -u)" = 0 ] || e2e_skip "needs root"
	[ -r /sys/kernel/btf/vmlinux ] || e2e_skip "needs kernel BTF"
	for p in broker/lanner capture/lanner-capture engine/lanner-engine \
		outputs/lanner-output; do
		[ -x "$e2e_build/$p" ] || e2e_fail "$p is not built"
	done
	E2E_DIR=$(mktemp -d /tmp/lanner-e2e.XXXXXX)
	# The marker rule matches files under this prefix only.
	E2E_MARKER=/tmp/lanner-e2e-marker.$$
	trap 'e2e_cleanup' EXIT
	trap 'exit 1' INT TERM
}

# Writes $E2E_DIR/lanner.yaml: JSON alerts, each syscall alert with the
# process's session id (proc.sid) in output_fields, so a test can tie an
# alert to the session a workload ran in.
sid_config() {
	cat >"$E2E_DIR/lanner.yaml" <<'YAML'
json_output: true
append_output:
  - match:
      source: syscall
    extra_fields:
      - proc.sid
YAML
}

# Starts lanner in the background; stdout in $E2E_DIR/out, stderr in
# $E2E_DIR/err.
start_lanner() {
	"$LANNER" "$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err" &
	LANNER_PID=$!
}

# wait_for PATTERN FILE SECONDS: polls until an extended regex matches a
# line of FILE; fails the test at the deadline.
wait_for() {
	i=0
	while [ "$i" -lt "$(($3 * 10))" ]; do
		grep -Eq -- "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	e2e_fail "no line matching '$1' in $(basename "$2") after $3 s"
}

# count PATTERN FILE: lines matching.
count() {
	grep -Ec -- "$1" "$2" 2>/dev/null || true
}

# wait_until SECONDS COMMAND...: polls until COMMAND succeeds.
wait_until() {
	t=$1
	shift
	i=0
	while [ "$i" -lt "$((t * 10))" ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Reads a marker file with cat until its alert shows up: proves the whole
# pipeline (probe, ring, engine, broker, output worker) is live. $1 names
# the marker so that each synchronisation point is distinct.
sync_pipeline() {
	f=$E2E_MARKER.$1
	: >"$f"
	i=0
	while [ "$i" -lt "${2:-30}" ]; do
		cat "$f" >/dev/null
		if grep -Fq "e2e marker fd.name=$f" "$E2E_DIR/out"; then
			rm -f "$f"
			return 0
		fi
		sleep 1
		i=$((i + 1))
	done
	rm -f "$f"
	e2e_fail "the marker alert for $f never came"
}

# The line capture logs when it takes the open filter of the rules.
PROBE_FILTER_LINE='lanner-capture\[[0-9]+\]: info: the probe records'

# replay_rules FILE HELPER: the e2e rules and rules on the closes (fd 3
# and above) and fd copies of processes whose command line names HELPER,
# to replay a capture with: a live rule on them would make the probe
# keep every close and copy, so what it left out shows only in its
# records.
replay_rules() {
	cat "$E2E_RULES" - >"$1" <<EOT
- rule: E2E helper close
  desc: the helper closed an fd
  condition: evt.type=close and proc.cmdline contains $2 and fd.num>=3
  output: "e2e close %fd.num %fd.name"
  priority: NOTICE
- rule: E2E helper copy
  desc: the helper copied an fd
  condition: evt.type in (fcntl, dup, dup2, dup3)
    and proc.cmdline contains $2
  output: "e2e copy %evt.type"
  priority: NOTICE
EOT
}

# start_capturing NAME RULES [LANNER ARGS...]: lanner with RULES, the
# probe's records kept in NAME.lcap; returns once capture took the
# rules' open filter and the pipeline is live.
start_capturing() {
	sc_name=$1
	sc_rules=$2
	shift 2
	start_lanner -r "$sc_rules" --capture "$E2E_DIR/$sc_name.lcap" "$@"
	wait_for "$PROBE_FILTER_LINE" "$E2E_DIR/err" 60
	sync_pipeline "$sc_name.ready" 60
}

# replay_capture NAME RULES: NAME.lcap replayed with RULES, the alerts
# in NAME.all.
replay_capture() {
	"$LANNER" -r "$2" -e "$E2E_DIR/$1.lcap" >"$E2E_DIR/$1.all" \
		2>"$E2E_DIR/$1.replay" ||
		e2e_fail "replaying $1 failed: $(tail -n 3 "$E2E_DIR/$1.replay")"
}

# alive PID: running, not a zombie waiting to be reaped.
alive() {
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -n "$st" ] && [ "${st#Z}" = "$st" ]
}

gone() {
	! alive "$1"
}

# wait_exit SECONDS: waits for lanner to exit on its own and sets
# LANNER_STATUS to its exit status.
wait_exit() {
	wait_until "$1" gone "$LANNER_PID" ||
		e2e_fail "lanner still running after $1 s"
	LANNER_STATUS=0
	wait "$LANNER_PID" || LANNER_STATUS=$?
}

# Stops lanner with SIGTERM and sets LANNER_STATUS (bounded).
stop_lanner() {
	kill -TERM "$LANNER_PID"
	wait_exit 20
}

# The output worker of one channel ("file"): its pid, or nothing.
output_pid() {
	for p in $(child_pid lanner-output) $(child_pid lanner-output-http); do
		[ "$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | sed -n 2p)" = "$1" ] &&
			echo "$p"
	done
	return 0
}

# check_sandboxed PID NAME: runs as lanner-output with no capabilities,
# no_new_privs and a seccomp filter on every thread.
check_sandboxed() {
	s=/proc/$1/status
	[ -r "$s" ] || e2e_fail "$2: no process $1"
	uid=$(awk '$1 == "Uid:" { print $2 }' "$s")
	[ "$uid" != 0 ] || e2e_fail "$2 runs as root"
	[ "$uid" = "$(id -u lanner-output)" ] || e2e_fail "$2 runs as uid $uid"
	[ "$(awk '$1 == "CapEff:" { print $2 }' "$s")" = 0000000000000000 ] ||
		e2e_fail "$2 has capabilities"
	[ "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$s")" = 1 ] ||
		e2e_fail "$2 lacks no_new_privs"
	for t in /proc/"$1"/task/*; do
		[ "$(awk '$1 == "Seccomp:" { print $2 }' "$t/status")" = 2 ] ||
			e2e_fail "$2 thread $(basename "$t") has no seccomp filter"
	done
	echo "$2[$1]: uid $uid, CapEff 0, NoNewPrivs 1, Seccomp 2"
}

# shadow_alerts N: N alerts of the shadow rule, as fast as cat runs.
shadow_alerts() {
	n=0
	while [ "$n" -lt "$1" ]; do
		cat /etc/shadow >/dev/null
		n=$((n + 1))
	done
}

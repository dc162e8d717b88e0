#!/bin/sh
# Each child runs with only what it needs: engine and output worker as an
# unprivileged user with no capabilities, no_new_privs and a seccomp
# filter (on every thread); capture with a subset of the probe's
# capabilities and a seccomp filter. The engine also dumps no core and has
# a bounded number of descriptors.
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

check_unprivileged() { # NAME
	pid=$(child_pid "$1")
	[ -n "$pid" ] || e2e_fail "no $1 running"
	s=/proc/$pid/status
	uid=$(field "$s" Uid)
	[ "$uid" != 0 ] || e2e_fail "$1 runs as root"
	[ "$(field "$s" CapEff)" = 0000000000000000 ] ||
		e2e_fail "$1 has capabilities $(field "$s" CapEff)"
	[ "$(field "$s" CapPrm)" = 0000000000000000 ] ||
		e2e_fail "$1 has permitted capabilities"
	[ "$(field "$s" NoNewPrivs)" = 1 ] || e2e_fail "$1 lacks no_new_privs"
	[ "$(field "$s" Seccomp)" = 2 ] || e2e_fail "$1 has no seccomp filter"
	check_threads "$pid" "$1"
	echo "$1[$pid]: uid $uid, no capabilities, no_new_privs, seccomp"
}

check_limits() { # NAME: no core dumps, at most 256 descriptors
	l=/proc/$(child_pid "$1")/limits
	core=$(awk '/^Max core file size/ { print $5 " " $6 }' "$l")
	[ "$core" = "0 0" ] || e2e_fail "$1 may dump core: $core"
	files=$(awk '/^Max open files/ { print $5 }' "$l")
	[ "$files" -le 256 ] 2>/dev/null ||
		e2e_fail "$1 may open $files descriptors"
	echo "$1: no core dumps, at most $files descriptors"
}

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60

check_unprivileged lanner-engine
check_limits lanner-engine
check_unprivileged lanner-output

pid=$(child_pid lanner-capture)
[ -n "$pid" ] || e2e_fail "no lanner-capture running"
caps=$((0x$(field /proc/"$pid"/status CapEff)))
[ $((caps & ~capture_caps)) = 0 ] ||
	e2e_fail "lanner-capture has extra capabilities: $(field /proc/"$pid"/status CapEff)"
[ "$(field /proc/"$pid"/status Seccomp)" = 2 ] ||
	e2e_fail "lanner-capture has no seccomp filter"
check_threads "$pid" lanner-capture
echo "lanner-capture[$pid]: capabilities within the probe's set, seccomp"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# SIGSTOP then SIGCONT (Ctrl-Z, the cgroup freezer, a debugger) leaves
# every child alive and working: the kernel resumes an interrupted sleep
# through restart_syscall, which each seccomp table must allow.
. "$(dirname "$0")/lib.sh"
e2e_init

stopped() {
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ "${st#T}" != "$st" ]
}

running() {
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -n "$st" ] && [ "${st#T}" = "$st" ] && [ "${st#Z}" = "$st" ]
}

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60
for name in lanner-capture lanner-engine lanner-output; do
	pid=$(child_pid "$name")
	[ -n "$pid" ] || e2e_fail "no $name running"
	kill -STOP "$pid"
	wait_until 10 stopped "$pid" || e2e_fail "$name[$pid] did not stop"
	kill -CONT "$pid"
	wait_until 10 running "$pid" || e2e_fail "$name[$pid] did not resume"
	sync_pipeline "after-$name" 30
	[ "$(child_pid "$name")" = "$pid" ] ||
		e2e_fail "$name[$pid] died after SIGSTOP/SIGCONT"
	grep -q "seccomp\|signal SIGSYS" "$E2E_DIR/err" &&
		e2e_fail "a sandbox refused a syscall after SIGCONT"
	echo "$name[$pid]: stopped, continued, still working"
done
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# The default rules against lanner-eventgen: with the agent running the
# shipped rules, every action runs once and the rule it names must fire
# for that action's own processes (its session id), with the fields that
# say what happened. Prints the action -> rule -> seen table. Run with the
# syscall hooks lanner picks here, then with the other kind; with
# tracepoint hooks, a syscall the kernel has no tracepoint for (modules
# on a kernel built without them) goes unseen, and its action is excused.
# The host's tracefs mounts stay as they were.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"
EVENTGEN=$e2e_build/eventgen/lanner-eventgen
[ -x "$EVENTGEN" ] || e2e_fail "eventgen/lanner-eventgen is not built"

sid_config

# run_eventgen HOOKS: every action, with engine.modern_ebpf.syscall_hooks.
run_eventgen() {
	echo "--- syscall_hooks: $1"
	start_lanner -c "$E2E_DIR/lanner.yaml" -o "engine.modern_ebpf.syscall_hooks=$1" \
		-r "$e2e_src/rules/lanner_rules.yaml" -r "$E2E_RULES"
	sync_pipeline "ready.$1" 60

	"$EVENTGEN" run >"$E2E_DIR/eventgen" 2>"$E2E_DIR/eventgen.err" ||
		{ cat "$E2E_DIR/eventgen" "$E2E_DIR/eventgen.err"; e2e_fail "an action failed"; }
	sync_pipeline "done.$1" 60

	unseen=
	grep -Eq "no tracepoint for (init|finit)_module" "$E2E_DIR/err" &&
		unseen=kernel-module
	python3 "$e2e_src/tests/e2e/eventgen_check.py" "$E2E_DIR/eventgen" \
		"$E2E_DIR/out" "$unseen" || e2e_fail "a rule did not fire for its action"

	stop_lanner
	[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
	grep -q "syscalls hooked at" "$E2E_DIR/err" ||
		e2e_fail "capture did not say how it hooks syscalls"
}

# Tracepoint hooks read tracefs: where the host has none mounted,
# capture mounts its own, which the host must not see.
host_tracefs() { grep -c " tracefs " /proc/self/mounts; }
mounts=$(host_tracefs)
run_eventgen auto
other=raw
grep -q "hooked at the raw" "$E2E_DIR/err" && other=tracepoint
run_eventgen "$other"
[ "$(host_tracefs)" = "$mounts" ] || e2e_fail "the host's tracefs mounts changed"
if [ "$mounts" = 0 ] && grep -q "hooked at their own" "$E2E_DIR/err"; then
	grep -q "tracefs mounted at .* of its own" "$E2E_DIR/err" ||
		e2e_fail "capture did not say it mounted tracefs"
fi
echo "PASS"

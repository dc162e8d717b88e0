#!/bin/sh
# What an engine restart costs: from SIGKILL of the engine to the new
# engine running (it has read the /proc snapshot the broker took for it),
# and to the first alert through it. Capture keeps capturing meanwhile,
# and events wait in the ring. Each kill comes 30 s after the previous
# start, so the restart backoff stays at its minimum. Run as root from the build directory:
#   sh ../bench/engine_restart.sh [RUNS]
# Prints each run and the medians.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/e2e/lib.sh"
E2E_RULES=$top/tests/e2e/rules.yaml
e2e_init
runs=${1:-5}

engines() {
	grep -c "lanner-engine.*running:" "$E2E_DIR/err"
}

now() {
	date +%s%N
}

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60
: >"$E2E_DIR/times"
run=1
while [ "$run" -le "$runs" ]; do
	# lib.sh's helpers use $i, so the loop counts with $run.
	# A benchmark, not a test: it waits out the supervisor's stable time.
	while [ "$run" -gt 1 ] && [ $(($(now) - t0)) -lt 31000000000 ]; do
		sleep 1
	done
	pid=$(child_pid lanner-engine)
	n=$(engines)
	t0=$(now)
	kill -KILL "$pid"
	wait_until 30 sh -c "[ \$(grep -c 'lanner-engine.*running:' '$E2E_DIR/err') -gt $n ]" ||
		e2e_fail "the engine did not come back"
	t1=$(now)
	sync_pipeline "run$run" 30
	t2=$(now)
	echo "$(((t1 - t0) / 1000000)) $(((t2 - t0) / 1000000))" >>"$E2E_DIR/times"
	echo "run $run: engine running again after $(((t1 - t0) / 1000000)) ms," \
		"first alert after $(((t2 - t0) / 1000000)) ms"
	run=$((run + 1))
done
stop_lanner
median() {
	sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
echo "median: engine running again after $(cut -d' ' -f1 "$E2E_DIR/times" | median) ms," \
	"first alert after $(cut -d' ' -f2 "$E2E_DIR/times" | median) ms" \
	"(the alert waits for the 1 s marker retry)"

#!/bin/sh
# The engine's state under a fork and thread storm: 100,000 short-lived
# processes and 10,000 threads. Afterwards the thread and process tables
# are back near where they started (every exit purged its entries), no
# table refused an entry, and the engine's resident memory grew by less
# than the stated bound. Prints the figures.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"
NPROCS=${LANNER_STRESS_PROCS:-100000}
NTHREADS=${LANNER_STRESS_THREADS:-10000}
RSS_BOUND_KB=$((32 * 1024))
sock=$E2E_DIR/ctl.sock

start_lanner -r "$E2E_RULES" --control "$sock"
sync_pipeline ready 60

# engine KEY, capture KEY: a counter from lannerctl status --json.
counter() {
	"$e2e_build/broker/lannerctl" -s "$sock" --json status |
		python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]][sys.argv[2]])' "$1" "$2"
}
engine() { counter engine "$1"; }
rss_kb() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$(child_pid lanner-engine)/status"
}
# settled: the engine's figures came after the last marker was read.
settled() {
	[ "$(engine events)" -gt "$1" ]
}

events0=$(engine events)
procs0=$(engine procs) threads0=$(engine threads) rss0=$(rss_kb)
start=$(date +%s)
"$e2e_build/tests/e2e/forkstorm" "$NPROCS" "$NTHREADS" ||
	e2e_fail "the storm did not run"
took=$(($(date +%s) - start))
sync_pipeline storm 60
wait_until 10 settled "$((events0 + NPROCS))" ||
	e2e_fail "the engine's figures do not show the storm"
procs1=$(engine procs) threads1=$(engine threads) rss1=$(rss_kb)
drops=$(engine ring_drops)
echo "storm: $NPROCS processes and $NTHREADS threads in ${took}s"
echo "engine procs $procs0 -> $procs1, threads $threads0 -> $threads1," \
	"refused $(engine procs_refused) procs, $(engine threads_refused) threads," \
	"ring drops $drops, kernel drops $(counter capture kernel_drops)"
echo "engine RSS ${rss0} kB -> ${rss1} kB (bound: +${RSS_BOUND_KB} kB)"
[ "$procs1" -le $((procs0 + 50)) ] || e2e_fail "dead processes stay in the table"
[ "$threads1" -le $((threads0 + 50)) ] || e2e_fail "dead threads stay in the table"
[ "$(engine procs_refused)" = 0 ] && [ "$(engine threads_refused)" = 0 ] ||
	e2e_fail "a table refused entries"
[ "$rss1" -le $((rss0 + RSS_BOUND_KB)) ] || e2e_fail "engine RSS grew past the bound"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# Replay and recording benchmarks (root: it records with the probe).
# Records bench/workload.sh with lanner --capture, then prints:
#  - replay throughput on one core (bench_replay: the engine's state and
#    rules, no IPC) with the upstream stable rules and lanner's default
#    rules, medians of 5;
#  - the whole pipeline, lanner -e (lanner-replay, ring, engine,
#    outputs), events/s as its summary says, median of 5;
#  - the recording cost: the workload's time with and without
#    --capture, medians of 5 alternating runs, and the difference per
#    recorded event (the file of the last run is the one replayed).
# Run from the build directory: sh ../bench/replay.sh [ROUNDS]
set -eu
rounds=${1:-3}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$PWD
lanner=$build/broker/lanner
falco=$src/../shared/conformance/falco_rules.yaml
default=$src/rules/lanner_rules.yaml
work=$(mktemp -d /tmp/lanner-bench.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" || true
	rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "bench/replay.sh needs root"; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# start [ARGS...]: lanner with both rule sets, waiting until it captures.
start() {
	"$lanner" -r "$falco" -r "$default" "$@" >"$work/out" 2>"$work/err" &
	pid=$!
	i=0
	until grep -q 'lanner-capture\[[0-9]*\]: info: capturing' "$work/err"; do
		i=$((i + 1))
		[ "$i" -lt 900 ] || { echo "lanner never captured"; exit 1; }
		sleep 0.1
	done
}

stop() {
	kill -INT "$pid"
	wait "$pid" || true
	pid=""
}

# timed: one run of the workload, in ms.
timed() {
	a=$(date +%s%N)
	sh "$src/bench/workload.sh" "$rounds"
	b=$(date +%s%N)
	echo $(((b - a) / 1000000))
}

# Without and with --capture, alternately, so that the load of a shared
# machine weighs on both alike; a new lanner for each run.
for i in 1 2 3 4 5; do
	start
	timed >>"$work/plain"
	stop
	rm -f "$work/busy.lcap"
	start --capture "$work/busy.lcap"
	timed >>"$work/recorded"
	stop
done
plain=$(median <"$work/plain")
recorded=$(median <"$work/recorded")
cp "$work/busy.lcap" "$work/replay.lcap"
chmod 0644 "$work/replay.lcap"

echo "== replay on one core, upstream stable rules (falco_rules.yaml)"
"$build/bench/bench_replay" "$work/replay.lcap" "$falco"
echo "== replay on one core, lanner's default rules"
"$build/bench/bench_replay" "$work/replay.lcap" "$default"

echo "== lanner -e, whole pipeline (medians of 5)"
for rules in "$falco" "$default"; do
	for _ in 1 2 3 4 5; do
		"$lanner" -r "$rules" -e "$work/replay.lcap" 2>/dev/null |
			sed -n 's/^Replay: .* \([0-9]*\) events\/s$/\1/p'
	done | median | xargs printf '%s: %s events/s\n' "$(basename "$rules")"
done

events=$("$build/bench/bench_replay" "$work/replay.lcap" "$default" |
	sed -n 's/^capture: \([0-9]*\) events.*/\1/p')
echo "== recording cost, live (workload of $rounds rounds, medians of 5 runs"
echo "   alternating; the writer line above is the steady figure)"
echo "without --capture: $plain ms ($(tr '\n' ' ' <"$work/plain"))"
echo "with --capture:    $recorded ms ($(tr '\n' ' ' <"$work/recorded"))"
echo "$events $plain $recorded" | awk '{
	printf "%d events recorded in the last run; %.0f ns more per event\n",
	    $1, ($3 - $2) * 1e6 / $1 }'

#!/bin/sh
# The probe's own time per operation, from the kernel's BPF statistics
# (kernel.bpf_stats_enabled): run_time_ns of lanner's raw sys_exit
# program, tail calls included, over a workload of bench_ops, divided by
# its operations, and over a whole find /usr. Unlike filter.sh's wall-clock overhead, this is what
# the probe's code costs, whatever the hook itself costs. Medians of
# ROUNDS (default 5) agent runs. Run as root from the build directory:
#   sh ../bench/bpf_cost.sh [ROUNDS] [RULES]
set -u
rounds=${1:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
rules=${2:-$src/rules/lanner_rules.yaml}
work=$(mktemp -d /tmp/lanner-bpfcost.XXXXXX)
pid=""
old=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
	[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null && wait "$pid"
	sysctl -qw kernel.bpf_stats_enabled="$old"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[ "$(id -u)" = 0 ] || { echo "bpf_cost.sh: needs root" >&2; exit 1; }
[ -x bench/bench_ops ] && [ -x broker/lanner ] ||
	{ echo "bpf_cost.sh: run from the build directory" >&2; exit 1; }
command -v bpftool >/dev/null || { echo "bpf_cost.sh: needs bpftool" >&2; exit 1; }
: >"$work/target" # a file no rule names
# walk opens it by name through a directory fd, as find opens what it
# walks: as deep as most of /usr
mkdir -p "$work/a/b/c/d"
: >"$work/a/b/c/d/target"
sysctl -qw kernel.bpf_stats_enabled=1
stats() {
	bpftool prog show name lnr_sys_exit |
		sed -n 's/.*run_time_ns \([0-9]*\) run_cnt \([0-9]*\).*/\1 \2/p'
}
for r in $(seq "$rounds"); do
	broker/lanner -r "$rules" >/dev/null 2>"$work/log" &
	pid=$!
	i=0
	until grep -q "info: capturing" "$work/log"; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || { echo "bpf_cost.sh: the agent did not start" >&2; exit 1; }
		sleep 0.1
	done
	for w in open:300000 walk:300000 read:1000000 getppid:1000000 exec:3000; do
		f=$work/target
		[ "${w%:*}" = walk ] && f=$work/a/b/c/d/target
		a=$(stats)
		bench/bench_ops "${w%:*}" "${w#*:}" "$f" >/dev/null
		b=$(stats)
		echo "$w $a $b" | awk '{ split($1, w, ":");
			printf "%s %.1f\n", w[1], ($4 - $2) / w[2] }' >>"$work/rows"
	done
	a=$(stats)
	find /usr >/dev/null 2>&1
	b=$(stats)
	echo "$a $b" | awk '{ printf "find %.1f\n", ($3 - $1) / 1e6 }' >>"$work/rows"
	kill -INT "$pid"
	wait "$pid"
	pid=""
done
echo "the probe's BPF code per operation (open: open+close of an unwatched"
echo "file; walk: the same by name through a directory fd, 7 components"
echo "deep; exec: fork+exec of /bin/true and its wait; find: a whole"
echo "find /usr), medians of $rounds runs, rules $(basename "$rules")"
for w in open walk read getppid exec find; do
	unit=ns
	[ "$w" = find ] && unit=ms
	awk -v w="$w" '$1 == w { print $2 }' "$work/rows" | sort -n |
		awk -v w="$w" -v u="$unit" '{ v[NR] = $1 } END {
			printf "%-8s %7.1f %s  (runs: %.1f to %.1f)\n", w,
			    v[int((NR + 1) / 2)], u, v[1], v[NR] }'
done

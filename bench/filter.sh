#!/bin/sh
# What a syscall pays for the agent (issue 17's benchmark). Each round
# runs every configuration in turn: no probe (bare), the floor (empty
# programs on the raw sys_enter and sys_exit hooks, bench_hooks -f),
# lanner with its default rules, lanner with the upstream stable rules
# (each also with engine.modern_ebpf.syscall_hooks=tracepoint: -tp)
# and, given a Falco binary, Falco (modern_ebpf) with the same rules. For
# each, the workloads of bench_ops and a walk of /usr; the agent's CPU
# (all its processes, utime+stime over the workload's wall time), its
# RSS and PSS after the workload and its drops. Medians of the rounds; the
# overhead is the median of each round's difference to that round's bare
# runs (one first, one last: their mean, as the host drifts within a
# round), its range the least and the most of the rounds, and /floor its
# ratio to the floor's.
# Run as root from the build directory:
#   sh ../bench/filter.sh [ROUNDS] [FALCO_BINARY]
set -u
rounds=${1:-5}
falco_bin=${2:-}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$PWD
default=$src/rules/lanner_rules.yaml
upstream=$src/../shared/conformance/falco_rules.yaml
work=$(mktemp -d /tmp/lanner-filter.XXXXXX)
pid=""
stop() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid"
	pid=""
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
die() {
	echo "filter.sh: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "needs root"
for p in bench/bench_ops bench/bench_hooks broker/lanner broker/lannerctl; do
	[ -x "$build/$p" ] || die "run from the build directory, with $p built"
done
[ -z "$falco_bin" ] || [ -x "$falco_bin" ] || die "$falco_bin: not executable"
configs="bare floor default default-tp"
if [ -f "$upstream" ]; then
	configs="$configs upstream upstream-tp"
	[ -n "$falco_bin" ] && configs="$configs falco"
else
	echo "no $upstream: no upstream rows"
fi
configs="$configs bare-end"
# Operations per run, about a second bare on the test VM.
workloads="open:500000 read:2000000 getppid:2000000 exec:2000 find:1"
: >"$work/target" # a file no rule names
hz=$(getconf CLK_TCK)
now() { date +%s%N; }

# log_has SECONDS PATTERN...: waits until the agent's log has each one.
log_has() {
	t=$(($1 * 10))
	shift
	for pat; do
		until grep -qs -- "$pat" "$work/log"; do
			kill -0 "$pid" 2>/dev/null || die "the agent exited: $(tail -n 3 "$work/log")"
			t=$((t - 1))
			[ "$t" -gt 0 ] || die "no '$pat' in the agent's log"
			sleep 0.1
		done
	done
}

start() {
	kind=$1
	rm -f "$work/log"
	case $kind in
	bare*) return ;;
	floor) "$build/bench/bench_hooks" -f >"$work/log" 2>&1 & ;;
	default* | upstream*)
		rules=$upstream hooks=auto
		[ "${kind%-tp}" = default ] && rules=$default
		[ "${kind%-tp}" = "$kind" ] || hooks=tracepoint
		"$build/broker/lanner" -r "$rules" -o json_output=true \
			-o "engine.modern_ebpf.syscall_hooks=$hooks" \
			--control "$work/sock" --run-dir "$work/run" \
			>"$work/alerts" 2>"$work/log" &
		;;
	falco)
		cfg=$(dirname "$falco_bin")/../etc/falco/falco.yaml
		set --
		[ -f "$cfg" ] && set -- -c "$cfg"
		: >"$work/metrics" # Falco appends
		"$falco_bin" "$@" -r "$upstream" -o engine.kind=modern_ebpf \
			-o json_output=true -o stdout_output.enabled=true \
			-o syslog_output.enabled=false -o log_syslog=false \
			-o log_stderr=true -o webserver.enabled=false \
			-o metrics.enabled=true -o metrics.interval=1s \
			-o metrics.output_rule=false \
			-o "metrics.output_file=$work/metrics" \
			-o metrics.kernel_event_counters_enabled=true \
			>"$work/alerts" 2>"$work/log" &
		;;
	esac
	pid=$!
	case $kind in
	floor) log_has 30 attached ;;
	falco) log_has 60 "Opening 'syscall' source with modern BPF probe" ;;
	*) log_has 60 "ready in" "the probe emits" ;;
	esac
	sleep 1 # what starting made settles
}

# The agent's processes: $pid and its descendants.
procs() {
	ps -e -o pid= -o ppid= | awk -v root="$pid" '
		{ parent[$1] = $2 }
		END {
			print root
			do {
				more = 0
				for (p in parent)
					if ((parent[p] in in_tree || parent[p] == root) && !(p in in_tree)) {
						in_tree[p] = 1; more = 1; print p
					}
			} while (more)
		}'
}

# cpu and rss: utime+stime in ticks and VmRSS in kB, all processes.
cpu() {
	for p in $(procs); do cat "/proc/$p/stat" 2>/dev/null; done |
		awk '{ sub(/.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
# PSS counts memory the processes share (the event ring, libraries)
# once, where the sum of their RSS counts it in each.
pss() {
	for p in $(procs); do cat "/proc/$p/smaps_rollup" 2>/dev/null; done |
		awk '/^Pss:/ { k += $2 } END { print k + 0 }'
}
rss() {
	for p in $(procs); do cat "/proc/$p/status" 2>/dev/null; done |
		awk '/^VmRSS:/ { k += $2 } END { print k + 0 }'
}

# Events lost so far: lanner's capture and engine counters, or the
# counter of Falco's first metrics snapshot taken after now.
drops() {
	case $cfg_name in
	default* | upstream*)
		"$build/broker/lannerctl" -s "$work/sock" --json status |
			grep -o '"\(kernel\|ring\)_drops":[0-9]*' |
			awk -F: '{ s += $2 } END { print s + 0 }'
		;;
	falco)
		n=$(wc -l <"$work/metrics")
		i=0
		while [ "$(wc -l <"$work/metrics")" -le "$n" ] && [ "$i" -lt 30 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		tail -n 1 "$work/metrics" | grep -o '"scap.n_drops":[0-9]*' |
			awk -F: '{ s += $2 } END { print s + 0 }'
		;;
	*) echo 0 ;;
	esac
}

# How many processes not ours hold programs on the raw syscall hooks.
others() {
	grep -ls 'tp_name:[[:space:]]*sys_e' /proc/[0-9]*/fdinfo/* |
		cut -d/ -f3 | sort -u | grep -cvxF "$(procs)"
}

# run WORKLOAD N: ns per operation (per walk of /usr for find).
run() {
	if [ "$1" = find ]; then
		a=$(now)
		find /usr >/dev/null 2>&1
		echo $(($(now) - a))
	else
		"$build/bench/bench_ops" "$1" "$2" "$work/target" || die "bench_ops $1 failed"
	fi
}

for w in $workloads; do run "${w%:*}" "${w#*:}" >/dev/null; done # warm up
r=1
while [ "$r" -le "$rounds" ]; do
	for cfg_name in $configs; do
		start "$cfg_name"
		for w in $workloads; do
			o=$(others) d0=$(drops) c0=$(cpu) t0=$(now)
			ns=$(run "${w%:*}" "${w#*:}")
			t1=$(now) c1=$(cpu)
			[ -n "$ns" ] || exit 1
			echo "$r ${w%:*} $cfg_name $ns $(((c1 - c0) * 1000 / hz))" \
				"$(((t1 - t0) / 1000000)) $(rss) $(($(drops) - d0))" \
				"$((o + $(others))) $(pss)"
		done >>"$work/results"
		stop
	done
	echo "round $r of $rounds done" >&2
	r=$((r + 1))
done

echo "$rounds rounds; configurations in turn within each; medians"
echo "(cpu: the agent's processes, % of one core; rss, pss: theirs, MB; drops: sum of rounds)"
awk -v order="$configs" -v wl="$workloads" '
function med(s,   v, n, i, j, x) {
	n = split(s, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function add(k, v) { list[k] = list[k] " " v }
# The least (sign -1) or most (1) of a list.
function bound(s, sign,   v, n, i, b) {
	n = split(s, v, " "); b = v[1]
	for (i = 2; i <= n; i++)
		if (sign * (v[i] - b) > 0)
			b = v[i]
	return b
}
{ ns[$1, $2, $3] = $4; cpu[$2, $3] = cpu[$2, $3] " " 100 * $5 / $6
  rss[$2, $3] = rss[$2, $3] " " $7 / 1024; drops[$2, $3] += $8; round[$1] = 1
  pss[$2, $3] = pss[$2, $3] " " $10 / 1024
  runs++; if ($9 > 0) foreign++ }
END {
	nc = split(order, cs, " "); nw = split(wl, ws, " ")
	for (r in round)
		for (i = 1; i <= nw; i++) {
			w = ws[i]; sub(/:.*/, "", w)
			bare = (ns[r, w, "bare"] + ns[r, w, "bare-end"]) / 2
			for (j = 1; j <= nc; j++) {
				c = cs[j]
				add(w SUBSEP c, ns[r, w, c])
				add("o" SUBSEP w SUBSEP c, ns[r, w, c] - bare)
				add("p" SUBSEP w SUBSEP c, 100 * (ns[r, w, c] - bare) / bare)
			}
		}
	printf "%-8s %-11s %11s %10s %17s %7s %7s %6s %6s %6s %6s\n", "workload",
	    "agent", "per op", "overhead", "range", "+%", "/floor", "cpu%", "rss",
	    "pss", "drops"
	for (i = 1; i <= nw; i++) {
		w = ws[i]; sub(/:.*/, "", w)
		u = w == "find" ? 1e6 : w == "exec" ? 1e3 : 1
		un = u == 1e6 ? "ms" : u == 1e3 ? "us" : "ns"
		fo = med(list["o" SUBSEP w SUBSEP "floor"])
		for (j = 1; j <= nc; j++) {
			c = cs[j]; k = w SUBSEP c
			printf "%-8s %-11s %8.1f %s", w, c, med(list[k]) / u, un
			if (c ~ /^bare/) { printf "\n"; continue }
			o = list["o" SUBSEP k]
			printf " %+7.1f %s %+8.1f..%+7.1f %+6.1f%%", med(o) / u, un,
			    bound(o, -1) / u, bound(o, 1) / u, med(list["p" SUBSEP k])
			printf " %7s", fo == 0 ? "-" : sprintf("%.2f", med(o) / fo)
			if (c == "floor") { printf "\n"; continue }
			printf " %6.1f %6.1f %6.1f %6d\n", med(cpu[k]), med(rss[k]),
			    med(pss[k]), drops[k]
		}
	}
	if (foreign)
		printf "%d of %d runs shared the syscall hooks with programs not ours\n",
		    foreign, runs
}' "$work/results"

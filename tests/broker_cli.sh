#!/bin/sh
# lanner's command line: bad flags, -o without =, a non-numeric -M,
# conflicting modes and unknown options each stop lanner at once with
# status 1 and a message naming the problem (the usage text for flags
# getopt refuses); -h and --version exit 0. Nothing here starts the agent.
set -u
lanner=./broker/lanner
[ -x "$lanner" ] || { echo "SKIP: $lanner not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect STATUS REGEX ARGS...: lanner ARGS exits with STATUS within 10 s
# and its stderr (or stdout for status 0) matches REGEX.
expect() {
	want=$1 re=$2
	shift 2
	timeout 10 "$lanner" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	got=$?
	out=$tmp/err
	[ "$want" = 0 ] && out=$tmp/out
	if [ "$got" = "$want" ] && grep -Eq -- "$re" "$out"; then
		echo "ok: lanner $* -> $got"
	else
		echo "FAIL: lanner $*: status $got (want $want)"
		cat "$tmp/out" "$tmp/err"
		fail=1
	fi
}

usage='^usage: lanner '
expect 1 "unrecognized option '--bogus'" --bogus
expect 1 "$usage" --bogus
expect 1 "invalid option -- 'x'" -x
expect 1 "$usage" -x
expect 1 "option requires an argument -- 'M'" -M
expect 1 "$usage" -r
expect 1 'unexpected argument extra' extra
expect 1 "$usage" extra
expect 1 'lanner: -M abc: expected seconds' -M abc
expect 1 'lanner: -M 5x: expected seconds' -M 5x
expect 1 'lanner: -M -5: expected seconds' -M -5
expect 1 'lanner: -M : expected seconds' -M ''
expect 1 'lanner: -M 99999999999999999999: expected seconds' -M 99999999999999999999
expect 1 'lanner: -M 400000000: expected seconds' -M 400000000
expect 1 'error: -o foo: expected key=value' -o foo
expect 1 'error: -o =x: expected key=value' -o =x
expect 1 'error: -o a..b=1: expected key=value' -o a..b=1
expect 1 'syscall_event_drops\.threshold: .*2' \
	-o syscall_event_drops.threshold=2
expect 1 '-V, -L, -l, --list and --list-filter exclude each other' -V x.yaml -L
expect 1 'unknown log level loud' --log-level loud
expect 1 'configuration file /nonexistent/lanner.yaml' \
	-c /nonexistent/lanner.yaml
expect 1 'engine.modern_ebpf.buf_size_preset: .11. is not a buffer size preset' \
	-o engine.modern_ebpf.buf_size_preset=11
expect 1 "-o base_syscalls.custom_set:[0-9]+:[0-9]+: did not find" \
	-o 'base_syscalls.custom_set=[x'
# The kernel filter the rules make (needs the rule tools' users).
if id lanner-engine >/dev/null 2>&1; then
	r=$tmp/r.yaml
	printf -- '- rule: k\n  desc: d\n  condition: evt.type=kill\n  output: o\n  priority: INFO\n' >"$r"
	chmod 0644 "$r"
	expect 0 '^kill +rules: k$' --list-filter -r "$r"
	expect 0 '^execve +state$' --list-filter -r "$r"
	expect 0 '^ptrace +base_syscalls.custom_set$' --list-filter -r "$r" \
		-o 'base_syscalls.custom_set=[ptrace]'
	expect 0 '^setns +base_syscalls.all$' --list-filter -r "$r" -A
fi
expect 0 '^lanner [0-9]' --version
expect 0 "$usage" -h
exit $fail

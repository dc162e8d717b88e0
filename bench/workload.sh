#!/bin/sh
# workload.sh ROUNDS: a kernel-build-like mix for the replay and
# recording benchmarks. Each round builds 24 small C files with make -j2
# (fork/exec of make, sh, gcc, cc1, as, ld; opens of headers, sources
# and objects), cleans, and reads a few hundred headers with cat.
set -eu
rounds=${1:-3}
d=$(mktemp -d /tmp/lanner-bench-work.XXXXXX)
trap 'rm -rf "$d"' EXIT
i=0
while [ "$i" -lt 24 ]; do
	printf '#include <stdio.h>\n#include <string.h>\nint f%d(const char *s) { return (int)strlen(s) + %d; }\n' \
		"$i" "$i" >"$d/f$i.c"
	i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' >"$d/main.c"
cat >"$d/Makefile" <<'MK'
SRCS := $(wildcard *.c)
OBJS := $(SRCS:.c=.o)
prog: $(OBJS)
	$(CC) -o $@ $(OBJS)
clean:
	rm -f prog $(OBJS)
MK
r=0
while [ "$r" -lt "$rounds" ]; do
	make -s -C "$d" -j2 prog >/dev/null
	make -s -C "$d" clean >/dev/null
	find /usr/include -maxdepth 1 -name '*.h' | head -n 300 |
		xargs cat >/dev/null
	r=$((r + 1))
done

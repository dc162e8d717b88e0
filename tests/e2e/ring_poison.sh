#!/bin/sh
# A compromised engine that writes an impossible read index into the ring
# must not blind the agent: whether it then dies or lives on, the broker
# replaces it and the ring, and alerts resume.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

# Writes a huge read index into the ring that engine PID has mapped
# (offset 4096 of the memfd: the consumer's control page).
poison() {
	fd=$(tr '\0' '\n' <"/proc/$1/cmdline" | sed -n '/^--ring-fd$/{n;p}')
	[ -n "$fd" ] || e2e_fail "no --ring-fd in the engine's arguments"
	python3 - "/proc/$1/fd/$fd" <<'PY'
import os, struct, sys
f = os.open(sys.argv[1], os.O_RDWR)
magic, version, size = struct.unpack("<IIQ", os.pread(f, 16, 0))
assert magic == 0x6c6e7272, hex(magic)
os.pwrite(f, struct.pack("<Q", 0xfffffffffff00000), 4096)
os.close(f)
PY
}

new_engine() { # OLD_PID
	p=$(child_pid lanner-engine)
	[ -n "$p" ] && [ "$p" != "$1" ]
}

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60

# The engine poisons the index and dies.
pid=$(child_pid lanner-engine)
kill -STOP "$pid"
poison "$pid"
kill -KILL "$pid"
wait_until 30 new_engine "$pid" || e2e_fail "no new engine"
sync_pipeline after-death 60
grep -q "the event ring is corrupt" "$E2E_DIR/err" &&
	e2e_fail "a new engine inherited the poisoned index"
echo "poisoned and dead: alerts resumed"

# The engine poisons the index and lives on, stopped: capture's refusals
# make the broker replace it.
pid=$(child_pid lanner-engine)
kill -STOP "$pid"
poison "$pid"
wait_until 30 new_engine "$pid" || e2e_fail "the poisoning engine was kept"
sync_pipeline after-live 60
grep -q "impossible ring read index" "$E2E_DIR/err" ||
	e2e_fail "the broker did not say why it replaced the engine"
echo "poisoned and alive: replaced, alerts resumed"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

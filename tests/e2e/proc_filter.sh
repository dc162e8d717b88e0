#!/bin/sh
# The process filter never hides an event a rule could match: a rule on
# mknodat names one process, lnr-pf-yes, and processes take and change
# names every way the engine follows (an exec, prctl, a fork after it, a
# thread's prctl and fork) and one it does not (/proc/self/comm). With
# the filter on and with every event emitted (-A), the same FIFOs, and
# exactly those the engine calls lnr-pf-yes, raise alerts. And after an
# engine restart, which names processes anew, none is filtered wrongly.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 for prctl"
MKFIFO=$(command -v mkfifo) || e2e_skip "needs mkfifo"

rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<'EOT'

- rule: E2E FIFO by a named process
  desc: a FIFO made by the process the test names
  condition: evt.type in (mknod, mknodat) and proc.name = lnr-pf-yes
  output: "e2e pf fifo=%evt.arg.path"
  priority: NOTICE
EOT
chmod 0644 "$rules"
work=$E2E_DIR/pf
mkdir "$work"
ln -s "$MKFIFO" "$work/lnr-pf-yes"

# One way of naming a process, in a python3 the shell starts (so the
# probe knows the process by its exec): $1 is its name.
pf_case() {
	python3 - "$work" "$1" <<'PY'
import ctypes, os, sys, threading
libc = ctypes.CDLL(None, use_errno=True)
work, case = sys.argv[1], sys.argv[2]
def name(n):
    libc.prctl(15, n, 0, 0, 0)  # PR_SET_NAME
def child(fn):
    pid = os.fork()
    if pid == 0:
        try:
            fn()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
if case == "prctl":
    name(b"lnr-pf-yes")
    os.mkfifo(work + "/fifo-prctl")
    child(lambda: os.mkfifo(work + "/fifo-forked"))
elif case == "proc-comm":
    with open("/proc/self/comm", "w") as f:
        f.write("lnr-pf-yes")
    os.mkfifo(work + "/fifo-proc-comm")
elif case == "thread":
    def run():
        name(b"lnr-pf-yes")
        child(lambda: None)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    os.mkfifo(work + "/fifo-thread")
PY
}

# The workload: one FIFO per way of naming a process.
workload() {
	rm -f "$work"/fifo-*
	"$work/lnr-pf-yes" "$work/fifo-exec"
	"$MKFIFO" "$work/fifo-other"
	for c in prctl proc-comm thread; do
		pf_case "$c" || e2e_fail "the $c case failed"
	done
}

# run NAME [LANNER ARGS...]: the FIFOs that raised alerts, sorted, in
# $E2E_DIR/NAME.fifos.
run() {
	name=$1
	shift
	: >"$E2E_DIR/out"
	: >"$E2E_DIR/err"
	start_lanner -r "$rules" "$@"
	sync_pipeline "$name.ready" 60
	workload
	sync_pipeline "$name.done" 60
	grep -Eo 'e2e pf fifo=[^ ]*' "$E2E_DIR/out" | sed 's|.*/||' |
		sort >"$E2E_DIR/$name.fifos"
	cp "$E2E_DIR/err" "$E2E_DIR/$name.err"
	stop_lanner
	[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
}

run filtered
grep -Eq 'lanner-capture\[[0-9]+\]: info: the process filter covers [1-9]' \
	"$E2E_DIR/filtered.err" || e2e_fail "the process filter was not set"
run all -A
! grep -q 'the process filter covers' "$E2E_DIR/all.err" ||
	e2e_fail "-A left the process filter on"
diff "$E2E_DIR/filtered.fifos" "$E2E_DIR/all.fifos" ||
	e2e_fail "the process filter changed the alerts"
printf '%s\n' fifo-exec fifo-forked fifo-prctl fifo-thread >"$E2E_DIR/want"
diff "$E2E_DIR/want" "$E2E_DIR/filtered.fifos" ||
	e2e_fail "not the FIFOs of the processes the engine names lnr-pf-yes"

# An engine restart: the new engine names every process by a fresh /proc
# snapshot, here a name written to /proc/self/comm, which no record
# carried; a process seen before the restart then keeps every record.
: >"$E2E_DIR/out"
: >"$E2E_DIR/err"
mkfifo "$work/go"
new_engine() { # OLD_PID
	p=$(child_pid lanner-engine)
	[ -n "$p" ] && [ "$p" != "$1" ]
}
start_lanner -r "$rules"
sync_pipeline restart.ready 60
python3 - "$work" <<'PY' &
import os, sys
work = sys.argv[1]
with open("/proc/self/comm", "w") as f:
    f.write("lnr-pf-yes")
with open(work + "/go") as f:
    f.read()
os.mkfifo(work + "/fifo-restart")
PY
pre=$!
wait_until 20 grep -qx lnr-pf-yes "/proc/$pre/comm" ||
	e2e_fail "the process did not rename itself"
pid=$(child_pid lanner-engine)
kill -KILL "$pid"
wait_until 30 new_engine "$pid" || e2e_fail "no new engine"
sync_pipeline restart.after 60
echo go >"$work/go"
wait "$pre"
sync_pipeline restart.done 60
grep -q "e2e pf fifo=$work/fifo-restart" "$E2E_DIR/out" ||
	e2e_fail "after the restart, the process the snapshot names lnr-pf-yes was filtered out"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# The shipped rules validate and catch what they promise on the real probe:
# a sensitive file read, a write below /etc, execution from /dev/shm, and a
# shell started by a web server.
. "$(dirname "$0")/lib.sh"
e2e_init

DEFAULTS=$e2e_src/rules/lanner_rules.yaml
"$LANNER" -V "$DEFAULTS" >"$E2E_DIR/validate" 2>&1 ||
	{ cat "$E2E_DIR/validate"; e2e_fail "the default rules do not validate"; }

start_lanner -r "$DEFAULTS" -r "$E2E_RULES"
sync_pipeline ready 60

# Read sensitive file untrusted
cat /etc/shadow >/dev/null
wait_for 'Warning Sensitive file opened for reading by non-trusted program \(file=/etc/shadow proc.name=cat ' \
	"$E2E_DIR/out" 20

# Write below etc: a file of our own, removed again.
etcfile=/etc/lanner-e2e.$$
touch "$etcfile"
rm -f "$etcfile"
wait_for "Error File below /etc opened for writing \\(file=$etcfile proc.name=touch " \
	"$E2E_DIR/out" 20

# Execution from /dev/shm
shmexe=/dev/shm/lanner-e2e.$$
cp /bin/true "$shmexe"
"$shmexe"
rm -f "$shmexe"
wait_for "Warning File execution detected from /dev/shm \\(proc.exepath=$shmexe " \
	"$E2E_DIR/out" 20

# Run shell untrusted: a shell named like a web server starts a shell.
cp /bin/dash "$E2E_DIR/nginx"
"$E2E_DIR/nginx" -c '/bin/sh -c true; true'
wait_for 'Notice Shell spawned by untrusted binary \(proc.name=sh .* proc.pname=nginx ' \
	"$E2E_DIR/out" 20

# A benign read of a non-sensitive file raises nothing from these rules.
before=$(count 'non-trusted program' "$E2E_DIR/out")
cat /etc/hostname >/dev/null
sync_pipeline after 20
after=$(count 'non-trusted program' "$E2E_DIR/out")
[ "$before" = "$after" ] || e2e_fail "a benign read raised an alert"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

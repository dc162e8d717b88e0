#!/bin/sh
# Reading /etc/shadow through io_uring alone (no open or read syscall)
# raises the rule written for openat, with the file's name from the
# engine's fd state, inline and when a kernel worker does the open. A
# rule on read fires for a file read through io_uring, with the bytes
# read, and not for the same bytes read by read(2). (It names the bytes,
# not fd.name: the engine's state gives read events no fd yet.)
. "$(dirname "$0")/lib.sh"
e2e_init

iou=$e2e_build/tests/e2e/iou_open
[ -x "$iou" ] || e2e_fail "tests/e2e/iou_open is not built"
secret=$E2E_DIR/iou_secret
printf 'lanner e2e payload' >"$secret"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E read through io_uring
  desc: a file read through io_uring
  condition: evt.type=read and evt.is_io_uring=true and evt.buffer contains "lanner e2e payload"
  output: "e2e iouring read proc.name=%proc.name fd=%evt.arg.fd res=%evt.rawres data=%evt.buffer"
  priority: WARNING
  tags: [e2e]
EOT
chmod 0644 "$rules"
start_lanner -r "$rules"
sync_pipeline ready 60

"$iou" /etc/shadow || e2e_fail "iou_open failed"
"$iou" /etc/shadow async || e2e_fail "iou_open async failed"
sync_pipeline after 20
n=$(count 'e2e iouring proc.name=iou_open fd.name=/etc/shadow evt.is_io_uring=true$' \
	"$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "expected 2 io_uring shadow alerts, saw $n"
# The same rule does not fire for the syscall path's cat.
cat /etc/shadow >/dev/null
sync_pipeline after 20
n=$(count 'e2e iouring proc' "$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "a syscall open was reported as io_uring ($n alerts)"

# Reads: the io_uring ones only, inline and on a worker.
"$iou" "$secret" || e2e_fail "iou_open $secret failed"
"$iou" "$secret" async || e2e_fail "iou_open $secret async failed"
cat "$secret" >/dev/null
sync_pipeline reads 20
n=$(count 'e2e iouring read proc.name=iou_open fd=[0-9]+ res=18 data=lanner e2e payload$' \
	"$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "expected 2 io_uring read alerts, saw $n"
n=$(count 'e2e iouring read' "$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "a read(2) was reported as io_uring ($n read alerts)"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

#!/bin/sh
# Reading /etc/shadow through io_uring alone (no open or read syscall)
# raises the rule written for openat, with the file's name from the
# engine's fd state, inline and when a kernel worker does the open.
. "$(dirname "$0")/lib.sh"
e2e_init

iou=$e2e_build/tests/e2e/iou_open
[ -x "$iou" ] || e2e_fail "tests/e2e/iou_open is not built"
start_lanner -r "$E2E_RULES"
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
n=$(count 'e2e iouring' "$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "a syscall open was reported as io_uring ($n alerts)"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

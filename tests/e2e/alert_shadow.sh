#!/bin/sh
# cat /etc/shadow raises the rule's alert with the right fields; reading
# another file, or /etc/shadow with another program, raises none.
. "$(dirname "$0")/lib.sh"
e2e_init

start_lanner -r "$E2E_RULES"
sync_pipeline ready 60

cat /etc/shadow >/dev/null
wait_for 'Warning e2e shadow proc.name=cat fd.name=/etc/shadow$' \
	"$E2E_DIR/out" 20

# Near misses: the wrong program, the wrong file.
head -c1 /etc/shadow >/dev/null
cat /etc/hostname >/dev/null
# Everything before the marker read has been processed once its alert is
# out, so a missing alert is really missing, not late.
sync_pipeline after 20
n=$(count 'e2e shadow' "$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "expected exactly 1 shadow alert, saw $n"
grep -E 'e2e shadow' "$E2E_DIR/out" | grep -Eq 'proc.name=head|hostname' &&
	e2e_fail "an alert for a near miss"

stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

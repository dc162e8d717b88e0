#!/bin/sh
# User and group names follow the host's databases: a user added while
# lanner runs is named in the next alerts of its processes, and a user
# removed is no longer named.
. "$(dirname "$0")/lib.sh"
e2e_init
for p in useradd userdel setpriv; do
	command -v "$p" >/dev/null || e2e_skip "needs $p"
done
user=lnr-e2e-$$
file=/tmp/lanner-e2e-users.$$
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<'EOT'

- rule: E2E users read
  desc: a process read the users test's file
  condition: evt.type in (open, openat) and fd.name startswith /tmp/lanner-e2e-users.
  output: "e2e users user.uid=%user.uid user.name=%user.name group.name=%group.name"
  priority: NOTICE
EOT
chmod 0644 "$rules"
trap 'userdel "$user" 2>/dev/null; rm -f "$file"; e2e_cleanup' EXIT
: >"$file"
chmod 0644 "$file"

start_lanner -r "$rules"
sync_pipeline ready 60
CHANGED='lanner-engine\[[0-9]+\]: info: users and groups changed'

useradd --no-create-home --user-group --shell /usr/sbin/nologin "$user" ||
	e2e_fail "useradd failed"
uid=$(id -u "$user") gid=$(id -g "$user")
wait_for "$CHANGED" "$E2E_DIR/err" 20
setpriv --reuid="$uid" --regid="$gid" --clear-groups cat "$file"
wait_for "e2e users user.uid=$uid user.name=$user group.name=$user\$" \
	"$E2E_DIR/out" 20
echo "a user added while lanner runs is named: $user ($uid)"

n=$(count "$CHANGED" "$E2E_DIR/err")
userdel "$user" || e2e_fail "userdel failed"
wait_until 20 sh -c "[ \$(grep -Ec '$CHANGED' '$E2E_DIR/err') -gt $n ]" ||
	e2e_fail "the engine did not hear of the removal"
setpriv --reuid="$uid" --regid="$gid" --clear-groups cat "$file"
sync_pipeline after 20
[ "$(grep -c "e2e users user.uid=$uid " "$E2E_DIR/out")" = 2 ] ||
	e2e_fail "no alert for the second read"
[ "$(grep -c "e2e users user.uid=$uid user.name=$user " "$E2E_DIR/out")" = 1 ] ||
	e2e_fail "a removed user is still named"
echo "a removed user is no longer named:" \
	"$(grep "e2e users user.uid=$uid " "$E2E_DIR/out" | tail -n 1 | sed 's/.*e2e users //')"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

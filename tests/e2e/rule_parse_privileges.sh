#!/bin/sh
# Rules are untrusted input: they are parsed only by a process that has
# already become an unprivileged user with no capabilities, no_new_privs
# and a seccomp filter. The engine says so at debug level right before it
# parses a rule set; so do the rule tools (-V, -L), whose files are read
# before the drop, so a file only root can read still works.
. "$(dirname "$0")/lib.sh"
e2e_init

# check_confined FILE WHAT: FILE has "WHAT as uid N, seccomp M" from
# lanner-engine with N non-zero and M = 2 (filter mode).
check_confined() {
	re="lanner-engine\[[0-9]+\]: debug: $2 as uid [0-9]+, seccomp [0-9]+$"
	line=$(grep -E "$re" "$1" | head -n 1)
	[ -n "$line" ] || e2e_fail "no '$2 as uid' line in $(basename "$1")"
	uid=$(echo "$line" | sed -E 's/.* as uid ([0-9]+),.*/\1/')
	mode=$(echo "$line" | sed -E 's/.*, seccomp ([0-9]+)$/\1/')
	[ "$uid" != 0 ] || e2e_fail "$2 as root: $line"
	[ "$mode" = 2 ] || e2e_fail "$2 without a seccomp filter: $line"
	echo "$2 as uid $uid, seccomp $mode"
}

start_lanner --log-level debug -r "$E2E_RULES"
sync_pipeline ready 60
check_confined "$E2E_DIR/err" "compiling rules"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# A rule file only root can read, in a directory only root can enter.
mkdir -m 0700 "$E2E_DIR/private"
install -m 0600 "$E2E_RULES" "$E2E_DIR/private/rules.yaml"

"$LANNER" --log-level debug -V "$E2E_DIR/private/rules.yaml" \
	>"$E2E_DIR/out" 2>"$E2E_DIR/err" ||
	e2e_fail "lanner -V rejected a root-only rule file"
nrules=$(grep -c '^- rule:' "$E2E_RULES")
grep -q "^Ok: $nrules rules, 0 errors" "$E2E_DIR/out" ||
	e2e_fail "unexpected -V answer: $(cat "$E2E_DIR/out")"
check_confined "$E2E_DIR/err" "parsing rules"

"$LANNER" --log-level debug -L -r "$E2E_DIR/private" \
	>"$E2E_DIR/out" 2>"$E2E_DIR/err" || e2e_fail "lanner -L failed"
grep -q '^E2E marker read ' "$E2E_DIR/out" ||
	e2e_fail "lanner -L did not list the marker rule"
check_confined "$E2E_DIR/err" "parsing rules"

echo "PASS"

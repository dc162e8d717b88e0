#!/bin/sh
# prctl(PR_SET_NAME) on the real probe: proc.name follows the new name
# from the next event on, in the process and in a child it forks; the
# prctl event itself shows the name the process had and, in
# evt.arg.comm, the new one. tests/e2e/set_name does it.
. "$(dirname "$0")/lib.sh"
e2e_init

helper=$e2e_build/tests/e2e/set_name
[ -x "$helper" ] || e2e_fail "tests/e2e/set_name is not built"
target=$E2E_DIR/target
: >"$target"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E open by the helper
  desc: set_name opened the target under its own name
  condition: evt.type in (open, openat) and fd.name=$target and proc.name=set_name
  output: "e2e before name=%proc.name"
  priority: NOTICE
- rule: E2E open by the renamed helper
  desc: set_name opened the target after renaming itself
  condition: evt.type in (open, openat) and fd.name=$target and proc.name=lnr-renamed
  output: "e2e after name=%proc.name pname=%proc.pname exe=%proc.exe"
  priority: NOTICE
- rule: E2E rename
  desc: a process renamed itself lnr-renamed
  condition: evt.type=prctl and evt.arg.comm=lnr-renamed
  output: "e2e prctl old=%proc.name new=%evt.arg.comm res=%evt.res"
  priority: NOTICE
EOT
chmod 0644 "$rules"
start_lanner -r "$rules"
sync_pipeline ready 60

"$helper" lnr-renamed "$target" || e2e_fail "set_name failed"
sync_pipeline after 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

n=$(count 'e2e before name=set_name$' "$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "expected 1 open under the old name, saw $n"
n=$(count 'e2e prctl old=set_name new=lnr-renamed res=SUCCESS$' \
	"$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "expected the prctl with both names, saw $n"
# The renamed process, then its child, whose parent has the new name.
n=$(count "e2e after name=lnr-renamed pname=[^ ]+ exe=$helper\$" \
	"$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "expected 2 opens under the new name, saw $n"
n=$(count "e2e after name=lnr-renamed pname=lnr-renamed " "$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "the child's parent is not lnr-renamed ($n)"
echo "PASS"

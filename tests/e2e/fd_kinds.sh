#!/bin/sh
# Pipes, memfds and eventfds in the engine's fd state, on the real probe:
# closing them raises rules on fd.type and fd.typechar; a copy of a pipe
# is a pipe; the close-on-exec ones are gone after an exec, so closing
# their numbers then is about no known fd. tests/e2e/fd_kinds does it.
. "$(dirname "$0")/lib.sh"
e2e_init

helper=$e2e_build/tests/e2e/fd_kinds
[ -x "$helper" ] || e2e_fail "tests/e2e/fd_kinds is not built"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<'EOT'

- rule: E2E pipe closed
  desc: fd_kinds closed a pipe
  condition: evt.type=close and fd.type=pipe and proc.name=fd_kinds
  output: "e2e pipe close char=%fd.typechar res=%evt.res"
  priority: NOTICE
- rule: E2E memfd closed
  desc: fd_kinds closed a memfd
  condition: evt.type=close and fd.type=memfd and proc.name=fd_kinds
  output: "e2e memfd close char=%fd.typechar name=%fd.name res=%evt.res"
  priority: NOTICE
- rule: E2E eventfd closed
  desc: fd_kinds closed an eventfd
  condition: evt.type=close and fd.typechar=e and proc.name=fd_kinds
  output: "e2e event close type=%fd.type res=%evt.res"
  priority: NOTICE
- rule: E2E close of an fd exec closed
  desc: fd_kinds closed an fd that is no longer open
  condition: evt.type=close and evt.res=EBADF and proc.name=fd_kinds
  output: "e2e bad close type=%fd.type"
  priority: NOTICE
EOT
chmod 0644 "$rules"
start_lanner -r "$rules"
sync_pipeline ready 60

"$helper" || e2e_fail "fd_kinds failed"
sync_pipeline after 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# The copy and both ends of the plain pipe; not the close-on-exec one.
n=$(count 'e2e pipe close char=p res=SUCCESS$' "$E2E_DIR/out")
[ "$n" = 3 ] || e2e_fail "expected 3 pipe closes, saw $n"
n=$(count 'e2e pipe close' "$E2E_DIR/out")
[ "$n" = 3 ] || e2e_fail "a close after exec was taken for a pipe's"
n=$(count 'e2e memfd close char=m name=lanner-e2e res=SUCCESS$' \
	"$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "expected 1 memfd close after exec, saw $n"
n=$(count 'e2e event close type=event res=SUCCESS$' "$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "expected 1 eventfd close, saw $n"
n=$(count 'e2e event close' "$E2E_DIR/out")
[ "$n" = 1 ] || e2e_fail "the close-on-exec eventfd outlived exec"
n=$(count 'e2e bad close type=<NA>$' "$E2E_DIR/out")
[ "$n" = 2 ] || e2e_fail "expected 2 closes of fds exec closed, saw $n"
echo "PASS"

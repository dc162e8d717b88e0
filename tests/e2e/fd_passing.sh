#!/bin/sh
# fds passed over a unix socket (SCM_RIGHTS), on the real probe: a
# receiver that never had them writes to the file it was sent, then
# closes it, an accepted TCP socket and a bound unix socket; the alerts'
# output_fields name each fd as its sender had it, with its kind.
# tests/e2e/fd_passing does it.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"

helper=$e2e_build/tests/e2e/fd_passing
[ -x "$helper" ] || e2e_fail "tests/e2e/fd_passing is not built"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<'EOT'

- rule: E2E write on a passed fd
  desc: the receiver wrote to an fd it was sent
  condition: evt.type=write and proc.name=fd_passing and proc.args startswith receive
  output: "e2e passed write name=%fd.name type=%fd.type"
  priority: NOTICE
- rule: E2E close of a passed fd
  desc: the receiver closed an fd it was sent
  condition: evt.type=close and proc.name=fd_passing and proc.args startswith receive and fd.type in (file, ipv4, unix)
  output: "e2e passed close name=%fd.name type=%fd.type"
  priority: NOTICE
EOT
chmod 0644 "$rules"
start_lanner -r "$rules" -o json_output=true
sync_pipeline ready 60

tcp=$("$helper" "$E2E_DIR") || e2e_fail "fd_passing failed"
tcp=${tcp#tcp }
sync_pipeline after 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

grep -F '"rule":"E2E ' "$E2E_DIR/out" | grep -v '"rule":"E2E marker' |
	python3 -c '
import json, sys
d, tcp = sys.argv[1], sys.argv[2]
seen = []
for line in sys.stdin:
    a = json.loads(line)
    f = a["output_fields"]
    seen.append((a["rule"], f["fd.name"], f["fd.type"]))
want = [("E2E write on a passed fd", d + "/passed", "file"),
        ("E2E close of a passed fd", d + "/passed", "file"),
        ("E2E close of a passed fd", tcp, "ipv4"),
        ("E2E close of a passed fd", d + "/passed.sock", "unix")]
for w in want:
    assert seen.count(w) == 1, (w, seen)
writes = [s for s in seen if s[0] == "E2E write on a passed fd"]
assert writes == want[:1], writes
' "$E2E_DIR" "$tcp" || e2e_fail "a passed fd is not named as its sender had it"
echo "PASS"

#!/bin/sh
# fd.name on the real probe as files move: a file renamed while open,
# and a directory renamed while a file below it is open, name the fd by
# the new path from the next call on (a write rule on the new names
# fires); a file deleted while open keeps its name; a copy made with
# dup2 has the file's name after the original is closed.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

W=$E2E_DIR/w
mkdir -p "$W"
chmod -R a+rX "$E2E_DIR"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E open below w
  desc: an open below the test's directory (so the probe records them)
  condition: evt.type in (open, openat, openat2) and fd.name startswith $W/
  output: "e2e open %fd.name"
  priority: NOTICE
- rule: E2E write by name
  desc: a write on an fd the test renamed or deleted
  condition: evt.type=write and fd.name in ($W/new, $W/e/f, $W/gone, $W/dup)
  output: "e2e write %fd.name"
  priority: NOTICE
EOT
chmod 0644 "$rules"
start_lanner -r "$rules"
sync_pipeline ready 60

python3 - "$W" <<'EOT' || e2e_fail "the helper failed"
import os, sys
w = sys.argv[1]
flags = os.O_WRONLY | os.O_CREAT
fd = os.open(w + "/old", flags)
os.rename(w + "/old", w + "/new")
os.write(fd, b"x")
os.mkdir(w + "/d")
fd2 = os.open(w + "/d/f", flags)
os.rename(w + "/d", w + "/e")
os.write(fd2, b"x")
fd3 = os.open(w + "/gone", flags)
os.unlink(w + "/gone")
os.write(fd3, b"x")
fd4 = os.open(w + "/dup", flags)
os.dup2(fd4, 40)
os.close(fd4)
os.write(40, b"x")
EOT
for n in new e/f gone dup; do
	wait_for "e2e write $W/$n\$" "$E2E_DIR/out" 20
done
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

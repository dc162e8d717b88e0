#!/bin/sh
# Rule files, the configuration file and --run-dir are checked before use:
# a FIFO in a rules directory is refused promptly (at startup and on a
# reload) instead of blocking, a rule or configuration file writable by
# others and a symlinked rule file are refused with a message naming the
# file, and a --run-dir that is a symlink is refused without its target
# being chowned or chmodded.
. "$(dirname "$0")/lib.sh"
e2e_init

rules=$E2E_DIR/rules
mkdir "$rules"
cp "$E2E_RULES" "$rules/a.yaml"
chmod 0644 "$rules/a.yaml"

# expect_refused WHAT PATTERN FILE STATUS: the command exited non-zero,
# not killed by timeout, and FILE has a line matching PATTERN.
expect_refused() {
	[ "$4" != 0 ] || e2e_fail "$1: accepted"
	[ "$4" != 124 ] || e2e_fail "$1: still blocked after 20 s"
	grep -Eq -- "$2" "$3" || { cat "$3"; e2e_fail "$1: no message '$2'"; }
}

# A FIFO named like a rule file: -V and the agent both refuse it at once.
mkfifo "$rules/b.yaml"
st=0
timeout 20 "$LANNER" -V "$rules" >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-V with a FIFO" \
	"rule file $rules/b.yaml: is a FIFO, not a regular file" "$E2E_DIR/v" $st
st=0
timeout 20 "$LANNER" -r "$rules" -M 5 >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-r with a FIFO" \
	"rule file $rules/b.yaml: is a FIFO, not a regular file" "$E2E_DIR/v" $st
rm "$rules/b.yaml"

# A rule file anyone may write.
cp "$E2E_RULES" "$E2E_DIR/open.yaml"
chmod 0666 "$E2E_DIR/open.yaml"
st=0
timeout 20 "$LANNER" -V "$E2E_DIR/open.yaml" >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-V with mode 0666" \
	"rule file $E2E_DIR/open.yaml: mode 0666 is writable by others" \
	"$E2E_DIR/v" $st
st=0
timeout 20 "$LANNER" -r "$E2E_DIR/open.yaml" -M 5 >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-r with mode 0666" \
	"rule file $E2E_DIR/open.yaml: mode 0666 is writable by others" \
	"$E2E_DIR/v" $st

# A symlinked rule file, named on the command line or in a directory.
ln -s "$rules/a.yaml" "$E2E_DIR/link.yaml"
st=0
timeout 20 "$LANNER" -V "$E2E_DIR/link.yaml" >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-V with a symlink" \
	"rule file $E2E_DIR/link.yaml: is a symbolic link" "$E2E_DIR/v" $st
ln -s a.yaml "$rules/c.yaml"
st=0
timeout 20 "$LANNER" -V "$rules" >"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-V with a symlink in a directory" \
	"rule file $rules/c.yaml: is a symbolic link" "$E2E_DIR/v" $st
rm "$rules/c.yaml"

# A configuration file anyone may write.
echo 'json_output: false' >"$E2E_DIR/lanner.yaml"
chmod 0666 "$E2E_DIR/lanner.yaml"
st=0
timeout 20 "$LANNER" -c "$E2E_DIR/lanner.yaml" -r "$rules" -M 5 \
	>"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "-c with mode 0666" \
	"configuration file $E2E_DIR/lanner.yaml: mode 0666 is writable by others" \
	"$E2E_DIR/v" $st

# A --run-dir that is a symlink to someone else's directory.
mkdir "$E2E_DIR/other"
chown 65534:65534 "$E2E_DIR/other"
chmod 0700 "$E2E_DIR/other"
ln -s "$E2E_DIR/other" "$E2E_DIR/run"
st=0
timeout 20 "$LANNER" -r "$rules" --run-dir "$E2E_DIR/run" -M 5 \
	>"$E2E_DIR/v" 2>&1 || st=$?
expect_refused "--run-dir a symlink" \
	"run directory $E2E_DIR/run: is a symbolic link" "$E2E_DIR/v" $st
[ "$(stat -c '%u:%g %a' "$E2E_DIR/other")" = "65534:65534 700" ] ||
	e2e_fail "the symlink's target was changed: $(stat -c '%u:%g %a' \
		"$E2E_DIR/other")"

# The checked rules still load, and a FIFO appearing before a SIGHUP
# leaves the running rules in place instead of freezing the broker.
start_lanner -r "$rules"
sync_pipeline ready 60
mkfifo "$rules/b.yaml"
kill -HUP "$LANNER_PID"
wait_for "rule file $rules/b.yaml: is a FIFO" "$E2E_DIR/err" 20
wait_for 'keeping the current rules' "$E2E_DIR/err" 20
sync_pipeline after-fifo 20
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

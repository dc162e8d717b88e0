#!/bin/sh
# file_output: the broker opens the file (mode 0640, root's), the worker
# writes through the descriptor it was handed; after mv and SIGHUP the
# alerts go to a new file. A symbolic link in the path, or a directory
# others may write to, is refused at start with the reason.
. "$(dirname "$0")/lib.sh"
e2e_init

log=$E2E_DIR/alerts.log
start_lanner -r "$E2E_RULES" -o file_output.enabled=true \
	-o file_output.filename="$log"
sync_pipeline ready 60
pid=$(output_pid file)
[ -n "$pid" ] || e2e_fail "no file output worker"
check_sandboxed "$pid" "lanner-output file"

cat /etc/shadow >/dev/null
wait_for 'Warning e2e shadow proc.name=cat fd.name=/etc/shadow$' "$log" 20
[ "$(stat -c '%a %U %G' "$log")" = "640 root root" ] ||
	e2e_fail "the file is $(stat -c '%a %U %G' "$log"), not 640 root root"
echo "alert in $log, mode 640, root's"

# Rotation: the old name keeps what it had, the new file gets the rest.
mv "$log" "$log.1"
before=$(count 'e2e shadow' "$log.1")
kill -HUP "$LANNER_PID"
wait_until 20 test -e "$log" || e2e_fail "no new file after SIGHUP"
wait_for 'file: reopened' "$E2E_DIR/err" 20
cat /etc/shadow >/dev/null
wait_for 'e2e shadow' "$log" 20
[ "$(count 'e2e shadow' "$log.1")" = "$before" ] ||
	e2e_fail "an alert went to the rotated file"
[ "$(stat -c '%a %U' "$log")" = "640 root" ] || e2e_fail "new file's mode"
[ "$(output_pid file)" = "$pid" ] || e2e_fail "the worker was restarted"
echo "rotated: the worker writes to the new file"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"

# refused PATH WHY: lanner will not start with that file.
refused() {
	"$LANNER" -r "$E2E_RULES" -o file_output.enabled=true \
		-o file_output.filename="$1" >"$E2E_DIR/r.out" 2>"$E2E_DIR/r.err" &&
		e2e_fail "lanner started with file $1"
	grep -q "$2" "$E2E_DIR/r.err" ||
		e2e_fail "no '$2' for $1: $(cat "$E2E_DIR/r.err")"
	echo "refused $1: $(grep -o "$2.*" "$E2E_DIR/r.err")"
}
echo secret >"$E2E_DIR/target"
ln -s "$E2E_DIR/target" "$E2E_DIR/link.log"
refused "$E2E_DIR/link.log" "is a symbolic link"
mkdir "$E2E_DIR/real"
ln -s "$E2E_DIR/real" "$E2E_DIR/dirlink"
refused "$E2E_DIR/dirlink/alerts.log" "a symbolic link in its directory path"
mkdir -m 777 "$E2E_DIR/open"
chmod 777 "$E2E_DIR/open"
refused "$E2E_DIR/open/alerts.log" "is writable by others"
[ "$(cat "$E2E_DIR/target")" = secret ] || e2e_fail "the link's target changed"
[ -e "$E2E_DIR/real/alerts.log" ] && e2e_fail "a file was made through the link"
echo "PASS"

#!/bin/sh
# Capture files around alerts: with capture.enabled and capture.mode
# all_rules, the fixture workload's first alert starts a capture file
# named after its time, the JSON alerts inside the window carry its name
# in output_fields (evt.capture_file), the file is root's alone (0600),
# and replaying it as nobody raises the same alert again.
. "$(dirname "$0")/lib.sh"
e2e_init
export TZ=UTC
rules=$e2e_src/tests/captures/rules.yaml
mkdir "$E2E_DIR/clips"

# Runs a replay as nobody when nobody can reach the build tree and the
# rules (a clone under /root cannot), else as root.
as_replayer() {
	if runuser -u nobody -- test -x "$LANNER" -a -r "$rules"; then
		runuser -u nobody -- "$@"
	else
		echo "nobody cannot reach $LANNER: replaying as root"
		"$@"
	fi
}

start_lanner -r "$rules" -o json_output=true -o capture.enabled=true \
	-o capture.mode=all_rules -o capture.default_duration=1000 \
	-o "capture.path_prefix=$E2E_DIR/clips/lnr"
wait_for 'lanner-capture\[[0-9]+\]: info: capturing' "$E2E_DIR/err" 90
fixture_workload files ||
	e2e_fail "the workload failed"
wait_for '"rule":"Fixture done"' "$E2E_DIR/out" 30
wait_for 'lanner-capture\[[0-9]+\]: info: capture file done' \
	"$E2E_DIR/err" 30
file=$(grep '"rule":"Fixture sensitive file read"' "$E2E_DIR/out" |
	sed -n 's/.*"evt.capture_file":"\([^"]*\)".*/\1/p')
[ -n "$file" ] || e2e_fail "the alert names no capture file"
case $file in
"$E2E_DIR"/clips/lnr_????????-??????.?????????.lcap) ;;
*) e2e_fail "unexpected capture file name $file" ;;
esac
[ -f "$file" ] || e2e_fail "$file is not there"
[ "$(stat -c %a "$file")" = 600 ] || e2e_fail "$file is not 0600"
# Alerts within the window name the same file.
n=$(grep -c "\"evt.capture_file\":\"$file\"" "$E2E_DIR/out")
[ "$n" -ge 2 ] || e2e_fail "only $n alerts name $file"

cp "$file" "$E2E_DIR/clip.lcap"
chmod 0644 "$E2E_DIR/clip.lcap"
chmod 0755 "$E2E_DIR"
as_replayer "$LANNER" -r "$rules" -e "$E2E_DIR/clip.lcap" \
	>"$E2E_DIR/replay" 2>"$E2E_DIR/replay.err" ||
	e2e_fail "the replay failed: $(tail -n 5 "$E2E_DIR/replay.err")"
grep -q 'Warning shadow read proc.name=lfx-cat' "$E2E_DIR/replay" ||
	e2e_fail "the capture file does not raise the alert again"
stop_lanner
[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
echo "PASS"

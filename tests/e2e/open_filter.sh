#!/bin/sh
# The probe records only the opens a rule can match, and never hides one
# that matters: with a rule on reads below watched/, an open of a file
# below plain/ reaches neither the engine nor, as its close, any close
# rule; a watched file read through a relative or unnormalised path is
# still caught, and so is one a rule names by its last component (a
# kernel lookup of basenames, skipped for names of a first byte or a
# length no entry has); the open of a file a rule on fchmod names is
# recorded (the engine names the fd by it); the directory an *at call goes
# through is named from the kernel when its open was left out (and with
# it its close). --list-filter shows the filter, a reload changes it (and a
# file left out before it, still open, is then known: a write to it
# matches a rule the reload added), and -A records every open again.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

W=$E2E_DIR/watched
P=$E2E_DIR/plain
F=$E2E_DIR/modes
mkdir -p "$W" "$P" "$F"
for f in "$W/a" "$W/start" "$W/end" "$P/b" "$P/c" "$P/held" "$F/c" "$F/d" \
	"$P/lanner_secret" "$P/lanner_secreu"; do : >"$f"; done
chmod -R a+rX "$E2E_DIR"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E watched read
  desc: a file below watched/ was opened for reading
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true
    and fd.name startswith $W/
  output: "e2e watched %fd.name"
  priority: NOTICE
- rule: E2E named read
  desc: a file named lanner_secret was opened
  condition: evt.type in (open, openat, openat2) and fd.filename = lanner_secret
  output: "e2e watched %fd.name"
  priority: NOTICE
- rule: E2E modes fchmod
  desc: a file below modes/ changed mode
  condition: evt.type in (fchmod, fchmodat) and fs.path.name startswith $F/
  output: "e2e %evt.type %fs.path.name"
  priority: NOTICE
EOT
chmod 0644 "$rules"
# Closes are seen in what the probe recorded (--capture), replayed with a
# rule on them.
replay_rules "$E2E_DIR/closes.yaml" open_filter_helper

cat >"$E2E_DIR/open_filter_helper.py" <<EOT
import os
def touch(path, flags=os.O_RDONLY):
    os.close(os.open(path, flags))
touch("$W/start")
touch("$P/b")                      # left out, and its close
touch("$P/lanner_secret")          # named: recorded
touch("$P/lanner_secreu")          # as long, same first byte: left out
touch("$P/c")                      # left out
fd = os.open("$F/c", os.O_RDONLY)  # a rule on fchmod names it: recorded
os.fchmod(fd, 0o640)
os.close(fd)
d = os.open("$F", os.O_RDONLY)     # a directory: left out
os.chmod("d", 0o640, dir_fd=d)     # fchmodat through it
os.close(d)
os.chdir("$W")
touch("a")                         # relative: recorded
touch("$P/../watched/a")           # unnormalised: recorded
touch("$W//a")
touch("$P/./../watched/./a")
touch("$W/end")
EOT

$LANNER --list-filter -r "$rules" >"$E2E_DIR/filter" ||
	e2e_fail "--list-filter failed"
grep -Fq "below  $W/" "$E2E_DIR/filter" ||
	{ cat "$E2E_DIR/filter"; e2e_fail "--list-filter does not show $W/"; }

# run NAME [LANNER ARGS...]: the helper once against the agent; with
# RELOAD set, after a reload to those rules.
run() {
	name=$1
	shift
	start_capturing "$name" "$rules" "$@"
	if [ -n "${RELOAD:-}" ]; then
		# Opens plain/held to write before the reload, writes after.
		rm -f "$E2E_DIR/held.open" "$E2E_DIR/held.go"
		python3 -c 'import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY)
open(sys.argv[2], "w").close()
for i in range(600):
    if os.path.exists(sys.argv[3]):
        os.write(fd, b"x")
        break
    time.sleep(0.1)' "$P/held" "$E2E_DIR/held.open" "$E2E_DIR/held.go" &
		holder=$!
		wait_until 20 test -e "$E2E_DIR/held.open" ||
			e2e_fail "the holder did not open plain/held"
		n=$(count "$PROBE_FILTER_LINE" "$E2E_DIR/err")
		cp "$RELOAD" "$rules"
		kill -HUP "$LANNER_PID"
		wait_until 20 sh -c "[ \$(grep -Ec '$PROBE_FILTER_LINE' '$E2E_DIR/err') -gt $n ]" ||
			e2e_fail "capture did not take the reloaded rules' filter"
		sync_pipeline "$name.reloaded" 60
		: >"$E2E_DIR/held.go"
		wait "$holder" || e2e_fail "the holder failed"
	fi
	python3 "$E2E_DIR/open_filter_helper.py" || e2e_fail "the helper failed"
	wait_for "e2e watched $W/end\$" "$E2E_DIR/out" 20
	stop_lanner
	[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
	replay_capture "$name" "$E2E_DIR/closes.yaml"
	sed -n "\|e2e watched $W/start\$|,\|e2e watched $W/end\$|p" \
		"$E2E_DIR/out" >"$E2E_DIR/$name.seen"
	sed -n "\|e2e close [0-9]* $W/start\$|,\|e2e close [0-9]* $W/end\$|p" \
		"$E2E_DIR/$name.all" >>"$E2E_DIR/$name.seen"
}

run filtered
grep -q 'the probe records the opens the rules can match' "$E2E_DIR/err" ||
	e2e_fail "capture did not take the open filter"
seen=$E2E_DIR/filtered.seen
for want in "e2e fchmod $F/c\$" "e2e close [0-9]+ $F/c\$" "e2e fchmodat $F/d\$" \
	"e2e watched $P/lanner_secret\$" "e2e close [0-9]+ $P/lanner_secret\$" \
	"e2e watched $W/a\$"; do
	grep -Eq -- "$want" "$seen" || { cat "$seen"; e2e_fail "no '$want'"; }
done
[ "$(count "e2e watched $W/a\$" "$seen")" = 4 ] ||
	{ cat "$seen"; e2e_fail "a relative or unnormalised read was missed"; }
# The opens of plain/b, plain/c and modes/ were left out, and so were
# their closes: the engine never heard of those fds.
n=$(count "e2e close [0-9]+ ($P/[bc]|$P/lanner_secreu|$F|<NA>|)\$" "$seen")
[ "$n" = 0 ] || { cat "$seen"; e2e_fail "$n closes of unrecorded opens"; }

# A reload that adds a rule on reads below plain/ records their opens.
cp "$rules" "$E2E_DIR/rules.first"
cat "$rules" - >"$E2E_DIR/rules.more" <<EOT
- rule: E2E plain read
  desc: a file below plain/ was opened for reading
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true
    and fd.name startswith $P/
  output: "e2e plain %fd.name"
  priority: NOTICE
- rule: E2E plain write
  desc: a file below plain/ was written
  condition: evt.type = write and fd.name startswith $P/
  output: "e2e plain write %fd.name"
  priority: NOTICE
EOT
chmod 0644 "$E2E_DIR/rules.more"
RELOAD=$E2E_DIR/rules.more run reloaded
for want in "e2e plain $P/b\$" "e2e close [0-9]+ $P/b\$"; do
	grep -Eq -- "$want" "$E2E_DIR/reloaded.seen" ||
		{ cat "$E2E_DIR/reloaded.seen"; e2e_fail "reloaded: no '$want'"; }
done
# Opened before the reload, while its open was left out.
grep -q "e2e plain write $P/held\$" "$E2E_DIR/out" ||
	{ cat "$E2E_DIR/out"; e2e_fail "reloaded: the write to plain/held went unnamed"; }
cp "$E2E_DIR/rules.first" "$rules"

# With every open recorded, the closes name plain/b and plain/c.
run everything -A
grep -q 'the probe records every open' "$E2E_DIR/err" ||
	e2e_fail "-A did not record every open"
for f in b c; do
	grep -Eq "e2e close [0-9]+ $P/$f\$" "$E2E_DIR/everything.seen" ||
		{ cat "$E2E_DIR/everything.seen"; e2e_fail "-A: no close of $f"; }
done
echo "PASS"

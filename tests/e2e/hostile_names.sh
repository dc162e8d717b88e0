#!/bin/sh
# Files and a program whose names hold newlines, a forged alert line,
# terminal escapes, quotes, invalid UTF-8 and 4 KiB paths: every text alert
# stays one line with no raw control byte, and every JSON alert is valid
# UTF-8 that a strict parser reads, with the values intact.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3 to read JSON"

base=/tmp/lanner-e2e-hostile.$$
rules=$E2E_DIR/hostile.yaml
cat >"$rules" <<'YAML'
- rule: E2E hostile open
  desc: a file below the hostile test folder was opened
  condition: evt.type in (open, openat, openat2) and fd.name startswith /tmp/lanner-e2e-hostile.
  output: "hostile proc.name=%proc.name proc.cmdline=%proc.cmdline fd.name=%fd.name"
  priority: WARNING
  tags: [e2e]
YAML
chmod 0644 "$rules"

cleanup_hostile() {
	rm -rf "$base"
	e2e_cleanup
}
trap 'cleanup_hostile' EXIT

mkdir -p "$base"
forged=$(printf 'x\n21:24:09.000000000: Notice Benign maintenance (user=root)\033[1A\033[2K')
# A path of about 4 KiB: nested folders of 250-byte names.
long=$base
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	long=$long/$(printf "%0250d" "$i")
done
mkdir -p "$long"
prog=$(printf 'c\033[2Kat\377')
cp /bin/cat "$base/$prog"

# Opens each hostile name with the hostile program, then waits for the
# marker alert, which comes after them through the same pipeline.
trigger() {
	set -- "$forged" "$(printf 'bad\377utf8\177del')" \
		"$(printf 'c1\302\233csi \342\200\256rlo')" 'quo"te\back'
	for n in "$@"; do
		: >"$base/$n"
		"$base/$prog" "$base/$n" "$(printf 'arg\033]0;title\007')" \
			>/dev/null 2>&1
	done
	: >"$long/f"
	"$base/$prog" "$long/f" >/dev/null 2>&1
	sync_pipeline "after-$1" 30
}

# Text: one line per alert, every line an alert, nothing raw.
start_lanner -r "$E2E_RULES" -r "$rules"
sync_pipeline text 60
trigger text
stop_lanner
python3 - "$E2E_DIR/out" <<'PY' || e2e_fail "a text alert is unsafe"
import re, sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")  # strict: no invalid UTF-8
for ch in text:
    assert ch == "\n" or (ord(ch) >= 0x20 and not 0x7f <= ord(ch) <= 0x9f
                          and ch not in "\u2028\u2029\u202e"), repr(ch)
lines = text.splitlines()
stamp = re.compile(r"^\d\d:\d\d:\d\d\.\d{9}: (Warning|Notice) ")
for l in lines:
    assert stamp.match(l), l
    assert l.split(": ", 1)[1].startswith(("Warning hostile ", "Notice e2e marker")), l
hostile = [l for l in lines if "Warning hostile " in l]
assert any("x\\n21:24:09.000000000: Notice Benign maintenance (user=root)"
           "\\x1b[1A\\x1b[2K" in l for l in hostile), hostile
assert any("bad\\xffutf8\\x7fdel" in l for l in hostile), hostile
assert any("c1\\u009bcsi \\u202erlo" in l for l in hostile), hostile
assert any('quo"te\\\\back' in l for l in hostile), hostile
assert any("proc.name=c\\x1b[2Kat\\xff" in l for l in hostile), hostile
assert any("arg\\x1b]0;title\\x07" in l for l in hostile), hostile
PY

# JSON: strict UTF-8 and strict JSON; controls come back as they were,
# invalid bytes as U+FFFD.
start_lanner -r "$E2E_RULES" -r "$rules" -o json_output=true
sync_pipeline json 60
trigger json
stop_lanner
python3 - "$E2E_DIR/out" "$long/f" <<'PY' || e2e_fail "a JSON alert is not strict"
import json, sys
data = open(sys.argv[1], "rb").read()
alerts = [json.loads(l) for l in data.decode("utf-8").splitlines()]
names = [a["output_fields"]["fd.name"] for a in alerts
         if a["rule"] == "E2E hostile open"]
base = sys.argv[2].split("/0")[0]
want = [base + "/x\n21:24:09.000000000: Notice Benign maintenance "
        "(user=root)\x1b[1A\x1b[2K",
        base + "/bad\ufffdutf8\x7fdel",
        base + "/c1\u009bcsi \u202erlo",
        base + '/quo"te\\back']
for w in want:
    assert w in names, (w, names)
# The 4 KiB path: its first folders at least, however much the probe keeps.
assert any(n.startswith(base + "/" + "0" * 249 + "1/") for n in names), names
procs = {a["output_fields"]["proc.name"] for a in alerts
         if a["rule"] == "E2E hostile open"}
assert "c\x1b[2Kat\ufffd" in procs, procs
for a in alerts:
    assert "\n" not in a["output"] and "\x1b" not in a["output"], a["output"]
PY
echo "PASS"

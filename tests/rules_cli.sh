#!/bin/sh
# The engine's rule command line modes: --validate exit codes and
# diagnostics, --list-rules with selection items, --describe, --list-fields.
set -u
eng=./engine/lanner-engine
src=${srcdir:-.}
conf=$src/../shared/conformance/falco_rules.yaml
[ -x "$eng" ] || { echo "SKIP: $eng not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

"$eng" --validate "$src/rules" >"$tmp/out" && ok "project rules valid" ||
	{ cat "$tmp/out"; bad "project rules"; }

cat >"$tmp/bad.yaml" <<'YAML'
- rule: r
  desc: d
  condition: evt.type = open and proc.nosuch = 1
  output: o
  priority: INFO
YAML
# Rule files writable by group or others are refused: whatever the umask.
chmod 0644 "$tmp/bad.yaml"
"$eng" --validate "$tmp/bad.yaml" >"$tmp/out"
[ $? -eq 1 ] && ok "invalid file exits 1" || bad "invalid file exit code"
grep -q "bad.yaml:3:34: error: unknown field 'proc.nosuch'" "$tmp/out" &&
	ok "diagnostic names file:line:col" || { cat "$tmp/out"; bad "diag"; }
grep -q '^ *\^$' "$tmp/out" && ok "caret shown" || bad "caret"
grep -q "^$tmp/bad.yaml: Invalid (1 errors, 0 warnings)$" "$tmp/out" &&
	ok "one-line summary per file" || { cat "$tmp/out"; bad "summary"; }
grep -q "proc.nosuch': no such field \\[LOAD_ERR_COMPILE_CONDITION\\]" \
	"$tmp/out" && ok "Falco's class" || bad "class"

# --json (-V with -o json_output=true): Falco's validation result shape.
cat >"$tmp/warn.yaml" <<'YAML'
- list: l
  items: [a]
  bogus: 1
YAML
chmod 0644 "$tmp/warn.yaml"
"$eng" --validate "$tmp/bad.yaml" "$tmp/warn.yaml" --json >"$tmp/out"
[ $? -eq 1 ] && ok "--json invalid exits 1" || bad "--json exit code"
python3 - "$tmp/out" "$tmp" <<'PY' && ok "--json result" || bad "--json result"
import json, sys
res = json.load(open(sys.argv[1]))["falco_load_results"]
bad, warn = res
assert bad["name"] == sys.argv[2] + "/bad.yaml" and not bad["successful"]
e = bad["errors"][0]
assert e["code"] == "LOAD_ERR_COMPILE_CONDITION", e
assert "proc.nosuch" in e["message"] and e["codedesc"]
loc = e["context"]["locations"][-1]
assert (loc["item_type"], loc["item_name"]) == ("rule", "r"), loc
pos = loc["position"]
assert (pos["line"], pos["column"]) == (2, 33), pos  # from 0, as Falco
assert "^" in e["context"]["snippet"]
assert warn["successful"] and not warn["errors"]
assert warn["warnings"][0]["code"] == "LOAD_UNKNOWN_KEY"
PY
# Many diagnostics are sorted inside the sandbox too.
i=0
while [ $i -lt 60 ]; do
	printf -- '- list: l%d\n  items: [a]\n' $i
	i=$((i + 1))
done >"$tmp/many.yaml"
chmod 0644 "$tmp/many.yaml"
"$eng" --validate "$tmp/many.yaml" >"$tmp/out" &&
	grep -q '^Ok: 0 rules, 0 errors, 60 warnings$' "$tmp/out" &&
	ok "60 warnings sorted in the sandbox" || bad "many warnings"
# stdout on a character device: stdio's terminal check is allowed
"$eng" --validate "$tmp/warn.yaml" >/dev/null && ok "-V to /dev/null" ||
	bad "-V to /dev/null"

"$eng" --list-fields | grep -q '^proc.name ' && ok "--list-fields" ||
	bad "--list-fields"

if [ -f "$conf" ]; then
	"$eng" --validate "$conf" >"$tmp/out" && ok "conformance valid" ||
		{ cat "$tmp/out"; bad "conformance"; }
	"$eng" --list-rules "$conf" | grep -q '^Terminal shell in container' &&
		ok "--list-rules" || bad "--list-rules"
	"$eng" --list-rules --config-item cli.disable_substr=shell "$conf" |
		grep -q '^Terminal shell in container' &&
		bad "-D did not disable" || ok "-D disables"
	"$eng" --describe "Terminal shell in container" "$conf" |
		grep -q '^Priority: Notice' && ok "--describe" ||
		bad "--describe"
else
	echo "conformance rules absent: those checks skipped"
fi
exit $fail

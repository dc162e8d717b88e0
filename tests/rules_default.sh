#!/bin/sh
# The shipped rule files: they validate without a warning, -L lists every
# default rule, each carries a MITRE ATT&CK technique id, lanner-eventgen
# has an action for each and names only rules that exist, and Falco's
# upstream stable rules load together with them (before or after) without
# an error.
set -u
lanner=./broker/lanner
eventgen=./eventgen/lanner-eventgen
src=${srcdir:-.}
rules=$src/rules/lanner_rules.yaml
upstream=$src/../shared/conformance/falco_rules.yaml
for p in "$lanner" "$eventgen"; do
	[ -x "$p" ] || { echo "SKIP: $p not built"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

for f in lanner_rules.yaml lanner_rules.local.yaml lanner_k8s_audit_rules.yaml; do
	"$lanner" -V "$src/rules/$f" >"$tmp/out" 2>&1 &&
		grep -q '0 errors, 0 warnings' "$tmp/out" && ok "$f validates" ||
		{ cat "$tmp/out"; bad "$f"; }
done

# Rule names, from the file and from -L.
sed -n 's/^- rule: //p' "$rules" | sort >"$tmp/names"
n=$(wc -l <"$tmp/names")
[ "$n" -ge 50 ] && ok "$n default rules" || bad "only $n default rules"
"$lanner" -L -r "$rules" >"$tmp/list" 2>&1 || bad "-L failed"
missing=0
while IFS= read -r r; do
	grep -Fq "$r" "$tmp/list" || { echo "not listed: $r"; missing=1; }
done <"$tmp/names"
[ "$missing" = 0 ] && ok "-L lists all $n" || bad "-L misses rules"

# Each rule's tags hold a technique id (T1234 or T1234.001).
awk '/^- rule: / { if (r != "" && !t) print r; r = substr($0, 9); t = 0 }
     /^  tags: / && r != "" && /T[0-9][0-9][0-9][0-9]/ && /mitre_/ { t = 1 }
     END { if (r != "" && !t) print r }' "$rules" >"$tmp/untagged"
[ -s "$tmp/untagged" ] && { cat "$tmp/untagged"; bad "rules without a MITRE tag"; } ||
	ok "every rule has a MITRE tactic and technique"

# lanner-eventgen: an action for every rule, and no action for a rule
# that does not exist.
"$eventgen" list | sed 's/^[^ ]* *//' | sort -u >"$tmp/covered"
comm -23 "$tmp/names" "$tmp/covered" >"$tmp/uncovered"
comm -13 "$tmp/names" "$tmp/covered" >"$tmp/unknown"
[ -s "$tmp/uncovered" ] && { cat "$tmp/uncovered"; bad "rules without an action"; } ||
	ok "an eventgen action for every rule"
[ -s "$tmp/unknown" ] && { cat "$tmp/unknown"; bad "actions for unknown rules"; } ||
	ok "every action names a default rule"

# The tuning hooks work from a local file, as the local file's examples
# say: a list appended, a rule disabled, a consider_ macro turned off, an
# exception added.
cat >"$tmp/local.yaml" <<'YAML'
- list: user_known_read_sensitive_files_binaries
  items: [my-backup-agent]
  override:
    items: append
- rule: Write below etc
  enabled: false
  override:
    enabled: replace
- macro: consider_tmp_execution
  condition: (never_true)
- rule: Read sensitive file untrusted
  exceptions:
    - name: backup_reads
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [my-backup, /etc/]
  override:
    exceptions: append
YAML
chmod 0644 "$tmp/local.yaml"
"$lanner" -V "$rules" -V "$tmp/local.yaml" >"$tmp/out" 2>&1 &&
	grep -q ', 0 errors, 0 warnings' "$tmp/out" && ok "local tuning loads" ||
	{ cat "$tmp/out"; bad "local tuning"; }

if [ -r "$upstream" ]; then
	for order in "$upstream $rules" "$rules $upstream"; do
		set -- $order
		"$lanner" -V "$1" -V "$2" >"$tmp/out" 2>&1 &&
			grep -q ', 0 errors,' "$tmp/out" &&
			ok "upstream stable and default rules load ($(basename "$1") first)" ||
			{ tail -n 20 "$tmp/out"; bad "upstream with defaults"; }
	done
else
	echo "note: $upstream absent, upstream rules not loaded"
fi
exit $fail

# The container tests' marker rule ("e2e container marker", JSON output)
# and its alerts, sourced after lib.sh by containers.sh and containerd.sh.

# ctr_marker_rules FILE EXTRA: a rule on the container marker
# (/tmp/lanner-ctr-mark opened in a container) into FILE, its output the
# container's fields and EXTRA (more fields).
ctr_marker_rules() {
	cat >"$1" <<EOT
- rule: e2e container marker
  desc: the marker file opened in a container
  condition: >
    evt.type in (open, openat, openat2) and
    fd.name = /tmp/lanner-ctr-mark and container.id != host
  output: >
    container marker id=%container.id name=%container.name
    image=%container.image repo=%container.image.repository
    tag=%container.image.tag type=%container.type
    privileged=%container.privileged $2
  priority: WARNING
EOT
	chmod 0644 "$1"
}

# alert NAME [ID]: the output_fields of an alert of container NAME (or,
# with ID, of that container id with no name yet), as KEY=VALUE lines.
alert() {
	python3 -c '
import json, sys
want, cid = sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None
for line in open(sys.argv[1]):
    try:
        a = json.loads(line)
    except ValueError:
        continue
    f = a.get("output_fields", {})
    if a.get("rule") != "e2e container marker":
        continue
    if (cid and f.get("container.id") == cid and
            f.get("container.name") is None) or \
            (not cid and f.get("container.name") == want):
        for k, v in sorted(f.items()):
            print("%s=%s" % (k, "null" if v is None else json.dumps(v).strip("\"")))
        sys.exit(0)
sys.exit(1)' "$E2E_DIR/out" "$@"
}

# expect NAME FIELD VALUE: the field in the alert of container NAME.
expect() {
	got=$(alert "$1" | sed -n "s|^$2=||p")
	[ "$got" = "$3" ] || e2e_fail "$1: $2 is '$got', not '$3'"
	echo "$1: $2=$got"
}

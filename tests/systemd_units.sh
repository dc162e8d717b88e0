#!/bin/sh
# systemd-analyze verify accepts lanner's unit, with the programs it names
# found in the build tree.
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -e "s|^ExecStart=[^ ]*|ExecStart=$PWD/broker/lanner|" \
	-e "s|^ExecReload=[^ ]*|ExecReload=$PWD/broker/lannerctl|" \
	systemd/lanner.service >"$dir/lanner.service"
out=$(systemd-analyze verify --man=no "$dir/lanner.service" 2>&1) || {
	echo "$out"
	exit 1
}
# verify also prints warnings without failing: none are expected.
if echo "$out" | grep -q 'lanner.service'; then
	echo "$out"
	exit 1
fi
echo "PASS"

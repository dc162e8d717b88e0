#!/bin/sh
# doc/configuration.md is what conf_keys.def generates (make update-docs),
# and the generated lanner.yaml names every documented key.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${LANNER_BUILDDIR:-$PWD}
"$build/common/conf_ref" --markdown | diff -u "$top/doc/configuration.md" - ||
	{ echo "FAIL: doc/configuration.md is stale: run make update-docs"; exit 1; }
"$build/common/conf_ref" >"$build/conf_ref.yaml.tmp"
for k in $(sed -n 's/^| `\([a-z0-9_.]*\)` .*/\1/p' "$top/doc/configuration.md"); do
	grep -q "^# $k: " "$build/conf_ref.yaml.tmp" ||
		{ echo "FAIL: $k missing from lanner.yaml"; exit 1; }
done
rm -f "$build/conf_ref.yaml.tmp"
echo "PASS"

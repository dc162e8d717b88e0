#!/bin/sh
# make install (into a scratch DESTDIR) installs the programs, the helper
# processes, the default rules, the configuration, the systemd files and
# the manual pages.
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make install DESTDIR="$dest" >"$dest.log" 2>&1 || { cat "$dest.log"; rm -f "$dest.log"; exit 1; }
rm -f "$dest.log"
prefix=$(sed -n 's/^prefix = //p' Makefile)
sysconfdir=$(sed -n 's/^sysconfdir = //p' Makefile | sed "s|\${prefix}|$prefix|")
missing=0
for f in bin/lanner sbin/lannerctl bin/lanner-eventgen \
	lib/systemd/system/lanner.service lib/sysusers.d/lanner.conf \
	lib/tmpfiles.d/lanner-tmpfiles.conf \
	share/man/man8/lanner.8 share/man/man8/lannerctl.8 \
	share/man/man8/lanner-eventgen.8 \
	share/man/man5/lanner.yaml.5; do
	[ -e "$dest$prefix/$f" ] || { echo "missing: $prefix/$f"; missing=1; }
done
for p in lanner-capture lanner-engine lanner-output lanner-output-http \
	lanner-snapshot lanner-web \
	lanner-containers lanner-resolve; do
	find "$dest$prefix" -name "$p" -type f | grep -q . ||
		{ echo "missing: $p"; missing=1; }
done
[ -e "$dest$sysconfdir/lanner/lanner.yaml" ] ||
	{ echo "missing: $sysconfdir/lanner/lanner.yaml"; missing=1; }
find "$dest$prefix" -name lanner_rules.yaml | grep -q . ||
	{ echo "missing: the default rules"; missing=1; }
[ $missing = 0 ] && echo "PASS"
exit $missing

#!/bin/sh
# workloads.sh NAME: the test programs the capture fixtures record. Each
# works in /tmp/lanner-fixture.d with copies of system programs named
# lfx-* that tests/captures/rules.yaml knows, and ends by reading
# /tmp/lanner-fixture.d/done (the "Fixture done" rule). The recorded
# fixtures name that directory, so it is always the same one; it is made
# anew (mkdir fails on anything put there meanwhile), and
# workloads.sh clean removes it.
set -u
d=/tmp/lanner-fixture.d
rm -rf "$d"
[ "${1:-}" = clean ] && exit 0
mkdir "$d" || exit 1
cp /bin/cat "$d/lfx-cat"
cp /bin/true "$d/lfx-true"
cp /bin/bash "$d/lfx-sh"
: >"$d/done"

files() {
	"$d/lfx-cat" /etc/shadow >/dev/null
	"$d/lfx-sh" -c "echo one >$d/a.txt; mv $d/a.txt $d/b.txt; rm $d/b.txt"
}

process() {
	"$d/lfx-sh" -c "$d/lfx-true first; $d/lfx-true second arg"
	"$d/lfx-sh" -c "$d/lfx-sh -c '$d/lfx-true nested'"
}

changes() {
	cp /usr/bin/setpriv "$d/lfx-setpriv"
	mkdir "$d/sub"
	chmod 0700 "$d/sub"
	ln -s /etc/hostname "$d/sub/link"
	"$d/lfx-setpriv" --reuid=65534 --regid=65534 --clear-groups \
		"$d/lfx-true" as-nobody
}

case "${1:-}" in
files | process | changes) "$1" ;;
*)
	echo "usage: workloads.sh files|process|changes" >&2
	exit 2
	;;
esac
"$d/lfx-cat" "$d/done"

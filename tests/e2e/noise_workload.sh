#!/bin/sh
# An ordinary day's work for the noise test: build part of the project,
# run some of its unit tests, query packages, an interactive-style shell
# session, git, a Python script reading its own files, and a service
# started and stopped. Runs in a directory of its own ($1), with the
# source tree in $2 and the build tree in $3; everything it makes stays
# in $1.
set -eu
work=$1 src=$2 build=$3
cd "$work"

# Build: compile and link lanner-eventgen from its sources (its own and
# the one of common/ it builds), archive the objects.
mkdir -p obj
for f in "$src"/eventgen/*.c "$src/common/rmtree.c"; do
	cc -O1 -D_GNU_SOURCE -I"$src/eventgen" -I"$src/common" -I"$build" -c "$f" \
		-o "obj/$(basename "$f" .c).o"
done
cc -o obj/eventgen obj/*.o
ar rcs obj/libeventgen.a obj/*.o
strip obj/eventgen

# Unit tests of the project.
for t in test_textesc test_queue test_cond test_msg; do
	"$build/tests/unit/$t" >/dev/null
done

# Package queries.
dpkg -l >/dev/null
dpkg -S /bin/ls >/dev/null
dpkg -L coreutils >/dev/null
apt-cache policy coreutils >/dev/null
apt-cache show dpkg >/dev/null
apt-cache search --names-only '^coreutils$' >/dev/null

# An interactive-style shell session of ordinary commands.
sh <<'SESSION' >/dev/null 2>&1
id; whoami; uname -a; date; uptime; hostname
cat /etc/os-release; head -n 3 /etc/passwd; grep -c . /etc/group
ls -la /usr/share/doc | head; find /usr/share/man -maxdepth 1 | wc -l
ps -ef | head; df -h /; du -sh /usr/share/doc 2>/dev/null
env | sort | head; echo "$HOME"; cd /tmp; pwd; cd -
mkdir notes; echo hello >notes/a.txt; cp notes/a.txt notes/b.txt
mv notes/b.txt notes/c.txt; sed -i s/hello/bye/ notes/c.txt
awk '{ print toupper($0) }' notes/c.txt; sort notes/*.txt | uniq
tar czf notes.tgz notes; tar tzf notes.tgz; gzip -k notes/a.txt
sha256sum notes/*; wc -l notes/*; stat notes; rm -rf notes notes.tgz
command -v ls; type cd; which git; file /bin/ls 2>/dev/null
sleep 0.1; true
SESSION

# git.
git init -q repo
cd repo
git config user.email dev@example.com
git config user.name dev
echo '# notes' >README
git add README
git commit -q -m "first"
git checkout -q -b topic
echo more >>README
git commit -q -am "second"
git log --oneline >/dev/null
git diff HEAD~1 >/dev/null
git checkout -q -
git merge -q topic
git status --short >/dev/null
cd ..
git clone -q repo clone

# Python reading its own files.
cat >self.py <<'PY'
import os, sys
here = os.path.dirname(os.path.abspath(__file__))
with open(__file__) as f:
    lines = f.read().splitlines()
print(len(lines), sorted(os.listdir(here))[:3], sys.version_info[:2])
PY
python3 self.py >/dev/null

# A service started and stopped the way init scripts do it: it says it
# is ready once it listens.
cat >svc.py <<'PY'
import http.server, os, sys
srv = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
open(sys.argv[1], "w").close()
srv.serve_forever()
PY
start-stop-daemon --start --background --make-pidfile \
	--pidfile "$work/svc.pid" --exec /usr/bin/python3 -- \
	"$work/svc.py" "$work/svc.ready" >/dev/null
i=0
while [ "$i" -lt 200 ] && [ ! -e "$work/svc.ready" ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -e "$work/svc.ready" ]
start-stop-daemon --stop --pidfile "$work/svc.pid" --retry 5 >/dev/null

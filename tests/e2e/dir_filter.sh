#!/bin/sh
# Directories no rule names stay in the kernel, and nothing a rule could
# match goes with them. A tree walked as find and fts walk it (the top
# opened by path, each level by one component with O_NOFOLLOW through the
# directory above, copied with fcntl F_DUPFD) leaves the kernel only where
# a rule names a file in it: the directories' opens, copies and closes do
# not, a file no rule names does not, and the file a rule names does,
# with its full path, also through ".." and below a directory deeper than
# the kernel's walk goes (there opens are recorded). Below directories
# no path is named in for reads, a file a rule names by its last
# component is recorded, and so is one opened to write below a rule on
# writes. A file the engine knows, copied onto the number of one left
# out, has its close recorded; one left out, copied onto the number of
# one the engine knows, has its copy recorded (the engine forgets what
# was there). A file unlinked through such a directory
# fd, and one opened relative to the cwd after fchdir into it, are named
# in full (the kernel's path of the directory comes with the call). A
# directory reached through a symlink is recorded, so what is opened
# through it keeps the path the symlink gives it. Below a top directory
# no rule names, a directory left out and then renamed to a dotted name
# has what is opened through it recorded: a rule on "contains /.x/"
# counts on it. With every event emitted (-A) the same alerts are
# raised. The probe's records (--capture, replayed with rules on closes
# and copies) show what was left out.
. "$(dirname "$0")/lib.sh"
e2e_init
command -v python3 >/dev/null || e2e_skip "needs python3"

T=$E2E_DIR/tree
# A tree below a top directory no rule names: its walk is judged from the
# kernel's walk alone, before any path is written.
V=$(mktemp -d /var/tmp/lanner-e2e-walk.XXXXXX) || e2e_fail "no /var/tmp"
trap 'e2e_cleanup; rm -rf "$V"' EXIT
mkdir -p "$T/a/b/c" "$T/real" "$T/quiet/q1/q2"
for f in "$T/a/b/c/secret" "$T/a/b/c/rel" "$T/a/b/victim" "$T/a/b/up" \
	"$T/a/b/plainfile" "$T/a/b/dupped" "$T/a/b/known" "$T/real/inner" "$T/start" "$T/end" \
	"$T/quiet/q1/q2/lanner_named" "$T/quiet/q1/q2/plain"; do
	: >"$f"
done
ln -s real "$T/link"
# Deeper than a kernel walk goes (32 components): recorded, not judged.
deep=$T/deep
for i in $(seq 1 36); do deep=$deep/d$i; done
mkdir -p "$deep"
: >"$deep/f"
chmod -R a+rX "$E2E_DIR"
rules=$E2E_DIR/rules.yaml
cat "$E2E_RULES" - >"$rules" <<EOT

- rule: E2E tree mark
  desc: the helper's start and end
  condition: evt.type in (open, openat) and fd.name in ($T/start, $T/end)
  output: "e2e mark %fd.name"
  priority: NOTICE
- rule: E2E tree secret
  desc: the one file of the tree a rule names
  condition: evt.type in (open, openat, openat2) and fd.name = $T/a/b/c/secret
  output: "e2e secret %fd.name"
  priority: NOTICE
- rule: E2E tree up
  desc: a file reached through ".." of a directory left out
  condition: evt.type in (open, openat, openat2) and fd.name = $T/a/b/up
  output: "e2e up %fd.name"
  priority: NOTICE
- rule: E2E tree deep
  desc: a file deeper than a kernel walk goes
  condition: evt.type in (open, openat, openat2) and fd.name = $deep/f
  output: "e2e deep %fd.name"
  priority: NOTICE
- rule: E2E tree unlink
  desc: a file of the tree unlinked
  condition: evt.type in (unlink, unlinkat) and fs.path.name startswith $T/a/
  output: "e2e unlink %fs.path.name"
  priority: NOTICE
- rule: E2E tree relative
  desc: a file opened relative to the cwd
  condition: evt.type in (open, openat) and fd.name = $T/a/b/c/rel
  output: "e2e rel %fd.name"
  priority: NOTICE
- rule: E2E tree named
  desc: a file a rule names by its last component, below directories
    nothing else is named in
  condition: evt.type in (open, openat) and fd.filename = lanner_named
  output: "e2e named %fd.name"
  priority: NOTICE
- rule: E2E tree quiet write
  desc: a file below quiet/ opened to write
  condition: evt.type in (open, openat) and evt.is_open_write=true
    and fd.name startswith $T/quiet/
  output: "e2e quiet write %fd.name"
  priority: NOTICE
- rule: E2E tree dotted
  desc: a file below a directory whose name starts with a dot
  condition: evt.type in (open, openat) and fd.name contains /.lnr-dot/
  output: "e2e dotted %fd.name"
  priority: NOTICE
- rule: E2E tree through a link
  desc: a file opened through a symlinked directory
  condition: evt.type in (open, openat) and fd.name = $T/link/inner
  output: "e2e link %fd.name"
  priority: NOTICE
EOT
chmod 0644 "$rules"
# What the probe recorded, replayed with rules on closes and copies.
replay_rules "$E2E_DIR/replay.yaml" dir_filter_helper

cat >"$E2E_DIR/dir_filter_helper.py" <<EOT
import fcntl, os
D = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
def touch(path, dir_fd=None, flags=os.O_RDONLY):
    os.close(os.open(path, flags, dir_fd=dir_fd))
touch("$T/start")
t = os.open("$T", os.O_RDONLY | os.O_DIRECTORY)  # left out
a = os.open("a", D, dir_fd=t)                     # judged: left out
a2 = fcntl.fcntl(a, fcntl.F_DUPFD_CLOEXEC, 3)     # a copy: left out
os.close(a)
b = os.open("b", D, dir_fd=a2)
c = os.open("c", D, dir_fd=b)
touch("secret", c, os.O_RDONLY | os.O_NOFOLLOW)   # named: recorded
touch("plainfile", b, os.O_RDONLY | os.O_NOFOLLOW) # left out
up = os.open("..", D, dir_fd=c)                   # b again: left out
touch("up", up, os.O_RDONLY | os.O_NOFOLLOW)      # named: recorded
os.close(up)
os.unlink("victim", dir_fd=b)                     # named in full
m = os.open("plainfile", os.O_RDONLY | os.O_NOFOLLOW, dir_fd=b)  # left out
k = os.open("$T/a/../a/b/dupped", os.O_RDONLY)    # not plain: recorded
os.dup2(k, m)                 # a file the engine knows, on m's number
os.close(k)
os.close(m)                                       # recorded
n = os.open("$T/a/../a/b/known", os.O_RDONLY)     # not plain: recorded
p = os.open("plainfile", os.O_RDONLY | os.O_NOFOLLOW, dir_fd=b)  # left out
os.dup2(p, n)                 # left out, onto a number the engine knows
os.close(p)
os.close(n)                                       # left out
os.fchdir(c)
touch("rel")                                      # relative to the cwd
link = os.open("$T/link", os.O_RDONLY | os.O_DIRECTORY)  # recorded
touch("inner", link, os.O_RDONLY | os.O_NOFOLLOW)
for fd in (link, c, b, a2):
    os.close(fd)
q = os.open("quiet", D, dir_fd=t)                 # no read named below
q1 = os.open("q1", D, dir_fd=q)
q2 = os.open("q2", D, dir_fd=q1)
touch("lanner_named", q2, os.O_RDONLY | os.O_NOFOLLOW)  # named: recorded
touch("plain", q2, os.O_RDONLY | os.O_NOFOLLOW)         # left out
touch("written", q2, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW)  # recorded
for fd in (q2, q1, q):
    os.close(fd)
d = os.open("deep", D, dir_fd=t)
for i in range(1, 37):
    n = os.open("d%d" % i, D, dir_fd=d)
    os.close(d)
    d = n
touch("f", d, os.O_RDONLY | os.O_NOFOLLOW)        # named: recorded
os.close(d)
h = os.open("$V/hold", os.O_RDONLY | os.O_DIRECTORY)  # left out
s = os.open("sub", D, dir_fd=h)                   # judged by the walk: left out
os.rename("$V/hold/sub", "$V/hold/.lnr-dot")      # dotted after it was left out
touch("lnr_secret_key", s, os.O_RDONLY | os.O_NOFOLLOW)  # "/." in it: recorded
touch("lnr_plain", s, os.O_RDONLY | os.O_NOFOLLOW)       # recorded too
os.close(s)
os.close(h)
os.close(t)
touch("$T/end")
EOT

# run NAME [LANNER ARGS...]: the helper once; its alerts in NAME.seen,
# what was recorded of its closes and copies in NAME.replayed.
run() {
	name=$1
	shift
	: >"$T/a/b/victim"
	rm -rf "$V/hold"
	mkdir -p "$V/hold/sub"
	: >"$V/hold/sub/lnr_secret_key"
	: >"$V/hold/sub/lnr_plain"
	start_capturing "$name" "$rules" "$@"
	(cd / && python3 "$E2E_DIR/dir_filter_helper.py") ||
		e2e_fail "the helper failed"
	wait_for "e2e mark $T/end\$" "$E2E_DIR/out" 20
	stop_lanner
	[ "$LANNER_STATUS" = 0 ] || e2e_fail "lanner exited with $LANNER_STATUS"
	sed -n "\|e2e mark $T/start\$|,\|e2e mark $T/end\$|p" "$E2E_DIR/out" |
		grep -v 'e2e mark' >"$E2E_DIR/$name.seen"
	replay_capture "$name" "$E2E_DIR/replay.yaml"
	# From the close of start to that of end: the helper's own work.
	sed -n "\|e2e close [0-9]* $T/start\$|,\|e2e close [0-9]* $T/end\$|p" \
		"$E2E_DIR/$name.all" >"$E2E_DIR/$name.replayed"
	grep -q "$T/end\$" "$E2E_DIR/$name.replayed" ||
		{ cat "$E2E_DIR/$name.all"; e2e_fail "$name: the markers' closes were not recorded"; }
}

run filtered
seen=$E2E_DIR/filtered.seen
for want in "e2e secret $T/a/b/c/secret" "e2e unlink $T/a/b/victim" \
	"e2e rel $T/a/b/c/rel" "e2e link $T/link/inner" "e2e up $T/a/b/up" \
	"e2e deep $deep/f" "e2e named $T/quiet/q1/q2/lanner_named" \
	"e2e quiet write $T/quiet/q1/q2/written" \
	"e2e dotted $V/hold/.lnr-dot/lnr_secret_key" \
	"e2e dotted $V/hold/.lnr-dot/lnr_plain"; do
	[ "$(count "$want\$" "$seen")" = 1 ] ||
		{ cat "$seen"; e2e_fail "filtered: not once: '$want'"; }
done
[ "$(wc -l <"$seen")" = 10 ] || { cat "$seen"; e2e_fail "filtered: other alerts"; }
rec=$E2E_DIR/filtered.replayed
grep -Eq "e2e close [0-9]+ $T/a/b/c/secret\$" "$rec" ||
	{ cat "$rec"; e2e_fail "the named file's close was not recorded"; }
grep -Eq "e2e close [0-9]+ $T/link\$" "$rec" ||
	{ cat "$rec"; e2e_fail "the symlinked directory's open was not recorded"; }
q=$T/quiet
n=$(count "e2e close [0-9]+ ($T|$T/a|$T/a/b|$T/a/b/c|$T/a/b/plainfile|$q|$q/q1|$q/q1/q2|$q/q1/q2/plain|<NA>|)\$" "$rec")
[ "$n" = 0 ] || { cat "$rec"; e2e_fail "$n closes of the walk were recorded"; }
[ "$(count 'e2e copy fcntl' "$rec")" = 0 ] ||
	{ cat "$rec"; e2e_fail "the copy of a directory left out was recorded"; }
# Both copies with dup2: of a file the engine knows, and onto one.
[ "$(count 'e2e copy dup2' "$rec")" = 2 ] ||
	{ cat "$rec"; e2e_fail "a copy onto a number the engine knows was left out"; }
# Both closes of the file copied onto a number left out.
[ "$(count "e2e close [0-9]+ $T/a/b/dupped\$" "$rec")" = 2 ] ||
	{ cat "$rec"; e2e_fail "a close of a copy onto a number left out was left out"; }
echo "filtered: 10 alerts; the walk's opens, copy and closes left out"

run everything -A
# The alerts without their times.
sed 's/^[^ ]* //' "$seen" | sort >"$E2E_DIR/a"
sed 's/^[^ ]* //' "$E2E_DIR/everything.seen" | sort >"$E2E_DIR/b"
diff "$E2E_DIR/a" "$E2E_DIR/b" ||
	e2e_fail "the alerts differ with every event emitted"
grep -Eq "e2e close [0-9]+ $T/a/b\$" "$E2E_DIR/everything.replayed" ||
	e2e_fail "-A: the walk's closes were not recorded"
echo "-A: the same alerts, the walk recorded"
echo "PASS"

/*
 * The probe's open filter (capture/probe_open.bpf.h) against its model,
 * openfilter_match: paths whose dots, double slashes and last component
 * fall at every byte of the probe's 8-byte scan are opened for real, and
 * each must be recorded exactly when the model says so. A record the
 * model does not want is a cost; a missing one would hide an alert. An
 * open through a directory fd left out is judged by the filter in force
 * and by where the directory is at the time: after a filter change, a
 * rename, or another directory put on its number; its ".." by where the
 * kernel went (not up from the process's root). The marks of fds left
 * out are kept in slots a process owns from its first left-out open to
 * its exit, and never in another's.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "check.h"
#include "log.h"
#include "openfilter.h"
#include "probe.skel.h"
#include "probe_load.h"
#include "test_probe_sync.h"

#define MAX_PATHS 1024

static struct probe_ctx probe;
static char dir[32];
static char *paths[MAX_PATHS];
static unsigned char want_write[MAX_PATHS], seen[MAX_PATHS];
static size_t npaths;
static int sentinel_seen, counted_seen;
static const char *counted; /* a name whose records are counted */
/* An fd of this process, and its path, whose FD_SNAPSHOT records are
 * counted. */
static const char *dumped_path;
static int dumped_fd, dumped_seen;

/* The sentinel is relative: every filter records it. */
#define SENTINEL "lanner-openfilter-sentinel"

static int keep(void *arg, const void *rec, size_t len)
{
	struct lnr_evt e;
	const char *why, *name;
	int i;

	(void)arg;
	if (lnr_evt_decode(rec, len, &e, &why) != 0 ||
	    e.hdr->pid != (uint32_t)getpid())
		return 0;
	if (e.hdr->type == LNR_EVT_FD_SNAPSHOT && dumped_path) {
		int64_t fd = -1;

		name = lnr_evt_get_str(&e, LNR_PI_FD_SNAPSHOT_name);
		lnr_evt_get_s64(&e, LNR_PI_FD_SNAPSHOT_fd, &fd);
		dumped_seen +=
		    fd == dumped_fd && name && strcmp(name, dumped_path) == 0;
		return 0;
	}
	if (e.hdr->type != LNR_EVT_OPENAT)
		return 0;
	i = lnr_evt_param_index(LNR_EVT_OPENAT, "name");
	name = i < 0 ? NULL : lnr_evt_get_str(&e, (unsigned)i);
	if (!name)
		return 0;
	if (strcmp(name, SENTINEL) == 0)
		sentinel_seen = 1;
	if (counted && strcmp(name, counted) == 0)
		counted_seen++;
	for (size_t k = 0; k < npaths; k++)
		if (strcmp(name, paths[k]) == 0)
			seen[k] = 1;
	return 0;
}

static void add(int write, const char *fmt, const char *a, const char *b)
{
	char p[512];

	if (npaths >= MAX_PATHS)
		return;
	snprintf(p, sizeof(p), fmt, dir, a, b);
	want_write[npaths] = (unsigned char)write;
	paths[npaths++] = strdup(p);
}

/* Creates every directory on the way to path, then the file. */
static void make_file(const char *path)
{
	char p[512];
	int fd;

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0)
		close(fd);
}

/* Paths of every shape, the interesting byte at each offset mod 8; no
 * path is opened twice, so each record names its open. */
static void corpus(void)
{
	static const char *const tails[] = {
	    "f",	 "id_rsa",  "id_rsa.pub", "k",	  "kk",
	    "./f",	 "/f",	    "../w/f",	  ".h",	  "a..b",
	    "x/../e/ex", "e/exact", "w/f",	  "wr/f", "x.y/f",
	    "f.",	 "..f",	    "x/id_rsa",	  "x/.k"};
	char pad[24], wpad[24], long_dir[300] = "";

	for (size_t n = 1; n <= 16; n++) {
		memset(pad, 'p', n);
		pad[n] = '\0';
		memset(wpad, 'q', n); /* the same shapes, opened to write */
		wpad[n] = '\0';
		for (size_t t = 0; t < sizeof(tails) / sizeof(*tails); t++) {
			add(0, "%s/%s/%s", pad, tails[t]);
			add(1, "%s/%s/%s", wpad, tails[t]);
		}
		add(0, "%s/w/%s/%s", pad, "f");
		add(0, "%s/e/%sexact", pad, "");
		add(1, "%s/wr/%s/f", pad, "");
	}
	add(0, "%s/e/exact%s%s", "", "");
	add(0, "%s/e/exactx%s%s", "", "");
	add(0, "%s/w%s%s", "", "");
	add(1, "%s/wr/f%s%s", "", "");
	add(0, "%s/wr/g%s%s", "", "");
	/* Too long to compare: recorded. */
	memset(long_dir, 'l', sizeof(long_dir) - 1);
	for (size_t i = 16; i < sizeof(long_dir) - 1; i += 16)
		long_dir[i] = '/';
	add(0, "%s/%s/%s", long_dir, "f");
}

/* Entries that take every open below any_base and write-only ones below
 * write_base: the corpus's own folder, or one elsewhere so that no path
 * of the corpus starts as such an entry does (then those opens are
 * judged without a lookup of the path map). Reads and writes skip
 * lookups by sets of their own: with only write_base the corpus's, a
 * read of it skips the lookup a write of it needs. */
static void set_filter(struct openfilter *f, const char *any_base,
		       const char *write_base)
{
	char s[128];

	openfilter_init(f);
	snprintf(s, sizeof(s), "%s/w/", any_base);
	openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_ANY, s, strlen(s));
	snprintf(s, sizeof(s), "%s/wr/", write_base);
	openfilter_add(f, OPENFILTER_PREFIX, OPENFILTER_WRITE, s, strlen(s));
	snprintf(s, sizeof(s), "%s/e/exact", any_base);
	openfilter_add(f, OPENFILTER_EXACT, OPENFILTER_ANY, s, strlen(s));
	openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_ANY, "id_rsa", 6);
	openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_ANY, "k", 1);
	openfilter_add(f, OPENFILTER_BASENAME, OPENFILTER_WRITE, "kk", 2);
	CHECK(probe_openfilter_set(&probe, f) == 0);
}

/* An fd of directory path, its open left out: set_filter's entries are
 * all elsewhere than the tests' files. */
static int dir_left_out(const char *path)
{
	struct openfilter f;
	int dfd;

	set_filter(&f, "/var/lanner-none", "/var/lanner-none");
	openfilter_free(&f);
	dfd = open(path, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	return dfd;
}

/* Every record made before is in. */
static void sync_records(void)
{
	probe_sync(&probe, SENTINEL, &sentinel_seen);
}

static void open_all(void)
{
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < npaths; i++) {
		int fd = open(paths[i], want_write[i] ? O_WRONLY : O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	sync_records();
}

/* Opens name through dfd as a tree walk does; how many records of it
 * came. */
static int opened_through(int dfd, const char *name)
{
	counted = name;
	counted_seen = 0;
	close(openat(dfd, name, O_RDONLY | O_NOFOLLOW));
	sync_records();
	counted = NULL;
	return counted_seen;
}

/* A filter of one exact path, DIR/sub/name; that path into path. */
static void filter_exact(char *path, size_t cap, const char *sub,
			 const char *name)
{
	struct openfilter f;

	snprintf(path, cap, "%s/%s/%s", dir, sub, name);
	make_file(path);
	openfilter_init(&f);
	openfilter_add(&f, OPENFILTER_EXACT, OPENFILTER_ANY, path,
		       strlen(path));
	CHECK(probe_openfilter_set(&probe, &f) == 0);
	openfilter_free(&f);
}

/*
 * A directory left out (nothing below it named) stays open while the
 * filter changes to name a file in it: the file's open through it is
 * recorded.
 */
static void test_reload(void)
{
	char sub[64], file[128];
	int dfd;

	snprintf(sub, sizeof(sub), "%s/ppp", dir);
	make_file(strcat(strcpy(file, sub), "/lanner-reload"));
	dfd = dir_left_out(sub);
	CHECK(opened_through(dfd, "lanner-reload") == 0); /* not named yet */
	filter_exact(file, sizeof(file), "ppp", "lanner-reload");
	CHECK(opened_through(dfd, "lanner-reload") == 1);
	close(dfd);
}

/*
 * Below a directory left out, where no path entry starts, a file a
 * basename entry names is recorded, and another is not.
 */
static void test_named_through(void)
{
	char sub[64], file[128];
	int dfd;

	snprintf(sub, sizeof(sub), "%s/nt", dir);
	snprintf(file, sizeof(file), "%s/id_rsa", sub);
	make_file(file);
	snprintf(file, sizeof(file), "%s/other", sub);
	make_file(file);
	dfd = dir_left_out(sub);
	CHECK(opened_through(dfd, "id_rsa") == 1);
	CHECK(opened_through(dfd, "other") == 0);
	close(dfd);
}

/*
 * A directory left out, renamed to a name that starts with '.' and then
 * to one holding "..": the engine records every path with "/." or ".."
 * (rules on such substrings count on it), so a file opened through it
 * is recorded, though no entry names it.
 */
static void test_dotted(void)
{
	char plain[64], dotted[64], dots[64], file[128];
	int dfd;

	snprintf(plain, sizeof(plain), "%s/undotted", dir);
	snprintf(dotted, sizeof(dotted), "%s/.dotted", dir);
	snprintf(dots, sizeof(dots), "%s/a..b", dir);
	make_file(strcat(strcpy(file, plain), "/lanner-dotted"));
	dfd = dir_left_out(plain);
	CHECK(opened_through(dfd, "lanner-dotted") == 0);
	CHECK(rename(plain, dotted) == 0);
	CHECK(opened_through(dfd, "lanner-dotted") == 1);
	CHECK(rename(dotted, dots) == 0);
	CHECK(opened_through(dfd, "lanner-dotted") == 1);
	close(dfd);
}

/*
 * ".." through a directory left out, up to the root of a mount: the
 * engine names it by the mountpoint, here "k", which a basename entry
 * takes, so it is recorded.
 */
static void test_mount_parent(void)
{
	char mnt[64], sub[80];
	int dfd;

	snprintf(mnt, sizeof(mnt), "%s/k", dir);
	CHECK(mkdir(mnt, 0700) == 0);
	CHECK(mount("lanner-test", mnt, "tmpfs", 0, NULL) == 0);
	snprintf(sub, sizeof(sub), "%s/sub", mnt);
	CHECK(mkdir(sub, 0700) == 0);
	dfd = dir_left_out(sub);
	CHECK(opened_through(dfd, "..") == 1);
	close(dfd);
	CHECK(umount(mnt) == 0);
}

/*
 * ".." through a directory left out, once the process's root: the
 * kernel stays there, where the engine names the parent, so it is
 * recorded. Out of the root, it is judged where it leads.
 */
static void test_root_parent(void)
{
	char sub[64];
	int dfd, root = open("/", O_RDONLY | O_DIRECTORY);

	snprintf(sub, sizeof(sub), "%s/jail", dir);
	CHECK(root >= 0 && mkdir(sub, 0700) == 0);
	dfd = dir_left_out(sub);
	CHECK(opened_through(dfd, "..") == 0);
	CHECK(chroot(sub) == 0);
	CHECK(opened_through(dfd, "..") == 1);
	CHECK(fchdir(root) == 0 && chroot(".") == 0 && chdir(dir) == 0);
	close(dfd);
	close(root);
}

/*
 * A file and its directory left out, still open when the filter
 * changes: the change reports the file, with its path, as the /proc
 * snapshot reports files, and unmarks the directory: an open through it
 * is then recorded, not judged.
 */
static void test_reload_dump(void)
{
	struct openfilter f;
	char sub[64], path[80];
	int fd, dfd;

	snprintf(sub, sizeof(sub), "%s/held", dir);
	snprintf(path, sizeof(path), "%s/file", sub);
	make_file(path);
	dfd = dir_left_out(sub);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(opened_through(dfd, "file") == 0);
	dumped_path = path;
	dumped_fd = fd;
	dumped_seen = 0;
	set_filter(&f, "/var/lanner-none", "/var/lanner-none");
	openfilter_free(&f);
	sync_records();
	CHECK(dumped_seen == 1);
	CHECK(opened_through(dfd, "file") == 1);
	dumped_path = NULL;
	close(fd);
	close(dfd);
}

/*
 * A directory left out, renamed to where a file in it is named: the
 * engine names what is opened through it by its new path, and the
 * file's open is recorded.
 */
static void test_rename(void)
{
	char named[64], other[64], file[128];
	int dfd;

	snprintf(named, sizeof(named), "%s/named", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	filter_exact(file, sizeof(file), "named", "lanner-moved");
	CHECK(rename(named, other) == 0);
	dfd = open(other, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK(opened_through(dfd, "lanner-moved") == 0);
	CHECK(rename(other, named) == 0);
	CHECK(opened_through(dfd, "lanner-moved") == 1);
	close(dfd);
}

static char child_stack[64 * 1024];
static int shared_fd;
static char shared_dir[64];

/* In a process sharing the test's fd table: puts another directory on
 * shared_fd, with no close the test's marks see. */
static int replace_fd(void *arg)
{
	int nd = open(shared_dir, O_RDONLY | O_DIRECTORY);

	(void)arg;
	if (nd < 0 || dup2(nd, shared_fd) < 0)
		return 1;
	close(nd);
	return 0;
}

/*
 * A marked fd number another process (sharing the fd table,
 * clone(CLONE_FILES) without CLONE_THREAD) filled with a directory a
 * file in which is named: the file's open through it is recorded.
 */
static void test_shared_table(void)
{
	char quiet[64], file[128];
	int status = -1;
	pid_t pid;

	snprintf(quiet, sizeof(quiet), "%s/quiet", dir);
	make_file(strcat(strcpy(file, quiet), "/lanner-shared"));
	filter_exact(file, sizeof(file), "named2", "lanner-shared");
	snprintf(shared_dir, sizeof(shared_dir), "%s/named2", dir);
	shared_fd = open(quiet, O_RDONLY | O_DIRECTORY);
	CHECK(shared_fd >= 0);
	CHECK(opened_through(shared_fd, "lanner-shared") == 0);
	pid = clone(replace_fd, child_stack + sizeof(child_stack),
		    CLONE_FILES | SIGCHLD, NULL);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(opened_through(shared_fd, "lanner-shared") == 1);
	close(shared_fd);
}

/* Slot i of process pid's two places of marks, read or written. */
static int slot_read(pid_t pid, __u32 i, struct lnr_unseen *u)
{
	__u32 k = LNR_UNSEEN_SLOT(pid, i);

	return bpf_map_lookup_elem(bpf_map__fd(probe.skel->maps.open_unseen),
				   &k, u);
}

static void slot_write(pid_t pid, __u32 i, const struct lnr_unseen *u)
{
	__u32 k = LNR_UNSEEN_SLOT(pid, i);

	CHECK(bpf_map_update_elem(bpf_map__fd(probe.skel->maps.open_unseen), &k,
				  u, BPF_ANY) == 0);
}

/* Whether pid owns place i, *u its slot. */
static int slot_owned(pid_t pid, __u32 i, struct lnr_unseen *u)
{
	return slot_read(pid, i, u) == 0 && u->owner > LNR_UNSEEN_GIVING &&
	       u->tgid == (__u32)pid;
}

/* In a child: opens file each time told to, says the fd, exits when told
 * to (the pipes closed). */
static void opener(const char *file, int cmd, int reply)
{
	char c;

	while (read(cmd, &c, 1) == 1) {
		int fd = open(file, O_RDONLY);

		if (write(reply, &fd, sizeof(fd)) != sizeof(fd))
			break;
	}
	_exit(0);
}

static int opened_in_child(int cmd, int reply)
{
	int fd = -1;

	CHECK(write(cmd, "o", 1) == 1);
	CHECK(read(reply, &fd, sizeof(fd)) == sizeof(fd) && fd >= 0);
	return fd;
}

/* Whether this process sees the kernel's own ids: slots are found by
 * the tgid of the initial pid namespace. */
static int initial_pid_ns(void)
{
	char line[256];
	int fields = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "NSpid:", 6) == 0)
			for (char *t = strtok(line + 6, " \t\n"); t;
			     t = strtok(NULL, " \t\n"))
				fields++;
	fclose(f);
	return fields == 1;
}

static int marked_any(const struct lnr_unseen *u)
{
	int marked = 0;

	for (int fd = 0; fd < LNR_UNSEEN_FDS; fd++)
		marked |= u->marks[fd];
	return marked;
}

/* pid's slot at place at, after its exit: free and cleared, or taken
 * since by another process. */
static void check_given_back(pid_t pid, __u32 at)
{
	struct lnr_unseen u;

	CHECK(slot_read(pid, at, &u) == 0);
	if (!u.owner)
		CHECK(!marked_any(&u) && !u.files && !u.start && !u.tgid);
	else
		CHECK(u.owner != LNR_UNSEEN_GIVING && u.tgid &&
		      u.tgid != (__u32)pid);
}

/* A child that opens file each time it is told to; its pid, and the
 * pipes that tell it (cmd) and hear its fds (reply). */
static pid_t opener_start(const char *file, int *cmd, int *reply)
{
	int c[2], r[2];
	pid_t pid;

	CHECK(pipe(c) == 0 && pipe(r) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(c[1]);
		close(r[0]);
		opener(file, c[0], r[1]);
	}
	close(c[0]);
	close(r[1]);
	*cmd = c[1];
	*reply = r[0];
	return pid;
}

/*
 * The marks of a process: it never takes a slot another owns (its opens
 * are then left out unmarked); it takes a free one for its first
 * left-out open, cleared of what a former owner left; and its last
 * thread's exit gives it back, cleared, and leaves another's alone. Both
 * of the child's places are written over: a process that owned one only
 * loses its marks.
 */
static void test_slots(void)
{
	struct lnr_unseen u, taken = {.owner = 2, .tgid = 1}, stale = {0};
	struct openfilter f;
	int cmd, reply, fd1, fd2, status = -1, at = -1;
	char file[128];
	pid_t pid;

	if (!initial_pid_ns()) {
		printf("slots: not in the initial pid namespace, skipped\n");
		return;
	}
	snprintf(file, sizeof(file), "%s/quiet/lanner-slot", dir);
	make_file(file);
	set_filter(&f, "/var/lanner-none", "/var/lanner-none");
	openfilter_free(&f);
	pid = opener_start(file, &cmd, &reply);
	for (__u32 i = 0; i < 2; i++)
		slot_write(pid, i, &taken);
	fd1 = opened_in_child(cmd, reply);
	for (__u32 i = 0; i < 2; i++)
		CHECK(slot_read(pid, i, &u) == 0 && u.owner == 2 &&
		      u.tgid == 1);
	memset(stale.marks, 1, sizeof(stale.marks));
	for (__u32 i = 0; i < 2; i++)
		slot_write(pid, i, &stale);
	fd2 = opened_in_child(cmd, reply);
	for (__u32 i = 0; i < 2 && at < 0; i++)
		if (slot_owned(pid, i, &u))
			at = (int)i;
	CHECK(fd1 < LNR_UNSEEN_FDS && fd2 < LNR_UNSEEN_FDS);
	if (at < 0) /* another process took both places meanwhile */
		printf("slots: the child's places were taken, not checked\n");
	else {
		CHECK(u.marks[fd2] == 1 && u.marks[fd1] == 0 &&
		      u.marks[LNR_UNSEEN_FDS - 1] == 0);
		slot_write(pid, (__u32)(1 - at), &taken);
	}
	close(cmd);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	close(reply);
	/* Given back at the exit, before the wait returned. */
	CHECK(!slot_owned(pid, 0, &u) && !slot_owned(pid, 1, &u));
	if (at >= 0) {
		check_given_back(pid, (__u32)at);
		CHECK(slot_read(pid, (__u32)(1 - at), &u) == 0 &&
		      u.owner == 2 && u.tgid == 1);
	}
	memset(&u, 0, sizeof(u));
	for (__u32 i = 0; i < 2; i++)
		slot_write(pid, i, &u);
}

/* Every path of the corpus opened under set_filter's filter, each
 * recorded exactly when the model says so. */
static void run(const char *any_base, const char *write_base)
{
	struct openfilter f;
	size_t kept = 0, left = 0;

	set_filter(&f, any_base, write_base);
	open_all();
	for (size_t i = 0; i < npaths; i++) {
		int want = openfilter_match(&f, paths[i], want_write[i]);

		if (want != seen[i])
			fprintf(stderr, "%s (%s): %s, the model says %s\n",
				paths[i], want_write[i] ? "write" : "read",
				seen[i] ? "recorded" : "left out",
				want ? "recorded" : "left out");
		CHECK(want == seen[i]);
		kept += seen[i];
		left += !seen[i];
	}
	printf("entries below %s and %s (writes): %zu opens, %zu recorded, "
	       "%zu left out\n",
	       any_base, write_base, npaths, kept, left);
	/* Both kinds are there: the filter was on. */
	CHECK(kept > 0 && left > 0);
	openfilter_free(&f);
}

int main(void)
{
	char cmd[64];

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		printf("SKIP: needs root and kernel BTF\n");
		return 77;
	}
	log_init("test_probe_openfilter", LOG_LVL_WARN);
	snprintf(dir, sizeof(dir), "/tmp/lnr-pof.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	CHECK(chdir(dir) == 0);
	corpus();
	for (size_t i = 0; i < npaths; i++)
		make_file(paths[i]);
	CHECK(probe_load(&probe, 0, keep, NULL) == 0);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		probe_set_event(&probe, t, t == LNR_EVT_OPENAT);
	run(dir, dir);
	run("/var/lanner-none", "/var/lanner-none");
	run("/var/lanner-none", dir);
	test_reload();
	test_reload_dump();
	test_named_through();
	test_dotted();
	test_mount_parent();
	test_root_parent();
	test_rename();
	test_shared_table();
	test_slots();
	probe_unload(&probe);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	for (size_t i = 0; i < npaths; i++)
		free(paths[i]);
	return check_done();
}

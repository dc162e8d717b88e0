/*
 * The engine's state tables fed with synthetic records: snapshot, clone
 * (parent and child records), exec, opens with relative paths and dirfds,
 * close, exit; chdir, fchdir, set*id and PR_SET_NAME; unknown parents;
 * table bounds and their refusal counters; a storm of lost events. The fd
 * tables have test_state_fds.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "check.h"
#include "test_state.h"

struct state st;
struct evt_ctx *ctx;
uint8_t rec[TEVT_BUF];

/* Feeds one record; the rules would run between before and after. */
void feed(int len, void (*between)(void))
{
	const char *why = NULL;

	CHECK(len > 0);
	if (len <= 0)
		return;
	CHECK(evt_ctx_begin(ctx, &st, rec, (size_t)len, &why) == 0);
	state_event_before(ctx);
	if (between)
		between();
	state_event_after(ctx);
}

/* What the rules see between state_event_before and _after. */
static struct sproc *ids_of;
static uint32_t euid_seen;

static void note_euid(void)
{
	euid_seen = ids_of ? ids_of->euid : UINT32_MAX;
}

static const struct tproc init_p = {
    .exe = "/sbin/init",
    .comm = "systemd",
    .exepath = "/usr/lib/systemd/systemd",
    .args = {"--system"},
    .tid = 1,
    .pid = 1,
    .sid = 1,
    .vpgid = 1,
    .start_ts = 1000,
};
const struct tproc bash_p = {
    .exe = "-bash",
    .comm = "bash",
    .exepath = "/usr/bin/bash",
    .cwd = "/home/u",
    .tid = 100,
    .pid = 100,
    .ptid = 1,
    .uid = 1000,
    .gid = 1000,
    .euid = 1000,
    .egid = 1000,
    .loginuid = 1000,
    .sid = 100,
    .vpgid = 100,
    .tty = 34816,
    .start_ts = 2000,
    .env = {"HOME=/home/u", "TERM=xterm"},
};

static void test_path_resolve(void)
{
	char out[64];

	state_path_resolve("/home/u", "a/../b//c/./d", out, sizeof(out));
	CHECK(strcmp(out, "/home/u/b/c/d") == 0);
	state_path_resolve(NULL, "/../../etc//passwd", out, sizeof(out));
	CHECK(strcmp(out, "/etc/passwd") == 0);
	state_path_resolve("/", "..", out, sizeof(out));
	CHECK(strcmp(out, "/") == 0);
	state_path_resolve("/a/b", "../../..", out, sizeof(out));
	CHECK(strcmp(out, "/") == 0);
	state_path_resolve(NULL, "rel/x", out, sizeof(out));
	CHECK(strcmp(out, "rel/x") == 0);
	state_path_resolve("/tmp/", "./x/", out, sizeof(out));
	CHECK(strcmp(out, "/tmp/x") == 0);
}

static void see_notes(void)
{
	CHECK(ctx->fd.valid && ctx->fd.num == 3);
	CHECK(ctx->fd.name && strcmp(ctx->fd.name, "/home/u/notes.txt") == 0);
	CHECK(state_fd_find(&st.fds, 200, 3) != NULL);
}

static void see_exit(void)
{
	CHECK(ctx->proc && ctx->proc->pid == 200);
}

static void test_lifecycle(void)
{
	struct tproc child = bash_p;
	struct sproc *p;
	struct sfd *f;

	feed(tevt_snapshot(rec, 10, &init_p), NULL);
	feed(tevt_snapshot(rec, 11, &bash_p), NULL);
	CHECK(st.threads.nthreads == 2 && st.threads.nprocs == 2);
	p = state_proc_find(&st.threads, 100);
	CHECK(p && strcmp(p->comm, "bash") == 0 && p->euid == 1000);
	CHECK(p && state_proc_parent(&st.threads, p) ==
		       state_proc_find(&st.threads, 1));

	/* The parent's fork record arrives before the child's. */
	feed(tevt_clone(rec, LNR_EVT_CLONE, 20, 200, SIGCHLD, &bash_p), NULL);
	p = state_proc_find(&st.threads, 200);
	CHECK(p && strcmp(p->comm, "bash") == 0 && p->ppid == 100);
	CHECK(ctx->proc == NULL); /* cleared after the event */
	child.tid = child.pid = 200;
	child.ptid = 100;
	child.start_ts = 20;
	feed(tevt_clone(rec, LNR_EVT_CLONE, 21, 0, SIGCHLD, &child), NULL);
	CHECK(st.threads.nprocs == 3);

	child.comm = "cat";
	child.exe = "cat";
	child.exepath = "/usr/bin/cat";
	child.args[0] = "notes.txt";
	feed(tevt_execve(rec, 30, 0, "/usr/bin/cat", &child), NULL);
	p = state_proc_find(&st.threads, 200);
	CHECK(p && strcmp(p->comm, "cat") == 0 &&
	      strcmp(p->exepath, "/usr/bin/cat") == 0 && p->args_len == 10);
	/* A failed exec changes nothing. */
	child.comm = "nope";
	feed(tevt_execve(rec, 31, -2, "/nope", &child), NULL);
	CHECK(p && strcmp(p->comm, "cat") == 0);

	feed(tevt_open(rec, 40, 200, 200, 3, "docs/../notes.txt", O_RDONLY, 0),
	     see_notes);
	feed(tevt_open(rec, 41, 200, 200, 4, "/etc", O_RDONLY | O_DIRECTORY, 0),
	     NULL);
	feed(tevt_openat(rec, 42, 200, 200, 5, 4, "ssh//sshd_config", O_RDONLY,
			 0),
	     NULL);
	feed(tevt_openat(rec, 43, 200, 200, 6, AT_FDCWD, "./a/./b/../c",
			 O_WRONLY | O_CREAT, 0644),
	     NULL);
	feed(tevt_openat(rec, 44, 200, 200, -2, AT_FDCWD, "missing", O_RDONLY,
			 0),
	     NULL);
	f = state_fd_find(&st.fds, 200, 4);
	CHECK(f && f->kind == SFD_DIRECTORY && strcmp(f->name, "/etc") == 0);
	f = state_fd_find(&st.fds, 200, 5);
	CHECK(f && f->kind == SFD_FILE &&
	      strcmp(f->name, "/etc/ssh/sshd_config") == 0);
	f = state_fd_find(&st.fds, 200, 6);
	CHECK(f && strcmp(f->name, "/home/u/a/c") == 0);
	CHECK(st.fds.count == 4);

	feed(tevt_close(rec, 50, 200, 200, 0, 3), NULL);
	CHECK(state_fd_find(&st.fds, 200, 3) == NULL);
	CHECK(st.fds.count == 3);
	/* A failed close keeps the fd. */
	feed(tevt_close(rec, 51, 200, 200, -9, 4), NULL);
	CHECK(state_fd_find(&st.fds, 200, 4) != NULL);

	/* A second thread of the same process. */
	feed(tevt_clone(rec, LNR_EVT_CLONE, 60, 201,
			CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, &child),
	     NULL);
	CHECK(state_thread_find(&st.threads, 201) != NULL);
	CHECK(state_proc_find(&st.threads, 200)->nthreads == 2);
	feed(tevt_exit(rec, 70, 201, 200), NULL);
	CHECK(state_thread_find(&st.threads, 201) == NULL);
	CHECK(state_proc_find(&st.threads, 200) != NULL);

	feed(tevt_exit(rec, 71, 200, 200), see_exit);
	CHECK(state_proc_find(&st.threads, 200) == NULL);
	CHECK(state_thread_find(&st.threads, 200) == NULL);
	CHECK(st.fds.count == 0);
	CHECK(st.threads.nprocs == 2 && st.threads.nthreads == 2);
}

/* A record of type with these values, from thread 100 of bash_p. */
static int self_evt(enum lnr_evt_type type, const struct lnr_pval *v)
{
	return tevt_build(rec, type, 80, 100, 100, v);
}

/* chdir and fchdir move the cwd relative paths resolve against; the
 * set*id calls change the ids as the kernel does; failures change
 * nothing. */
static void test_self_changes(void)
{
	const struct lnr_pval cd_tmp[] = {LNR_PV_NUM(0),
					  LNR_PV_STR("../x/./t")};
	const struct lnr_pval cd_fail[] = {LNR_PV_NUM((uint64_t)-2),
					   LNR_PV_STR("/nope")};
	const struct lnr_pval fcd[] = {LNR_PV_NUM(0), LNR_PV_NUM(7),
				       LNR_PV_STR("")};
	/* Into a directory whose open the probe left out: the kernel's
	 * path of it comes with the event. */
	const struct lnr_pval fcd_unseen[] = {LNR_PV_NUM(0), LNR_PV_NUM(9),
					      LNR_PV_STR("/var/lib")};
	struct lnr_pval at_unseen[LNR_NPARAMS_OPENAT] = {
	    [LNR_PI_OPENAT_fd] = LNR_PV_NUM(12),
	    [LNR_PI_OPENAT_dirfd] = LNR_PV_NUM(11),
	    [LNR_PI_OPENAT_name] = LNR_PV_STR("x/../y"),
	    [LNR_PI_OPENAT_dirfdpath] = LNR_PV_STR("/srv/data"),
	};
	const struct lnr_pval suid[] = {LNR_PV_NUM(0), LNR_PV_NUM(0)};
	const struct lnr_pval suid33[] = {LNR_PV_NUM(0), LNR_PV_NUM(33)};
	const struct lnr_pval resuid[] = {LNR_PV_NUM(0), LNR_PV_NUM(-1),
					  LNR_PV_NUM(33), LNR_PV_NUM(-1)};
	const struct lnr_pval regid[] = {LNR_PV_NUM(0), LNR_PV_NUM(44),
					 LNR_PV_NUM(-1)};
	const struct lnr_pval caps[] = {LNR_PV_NUM(0), LNR_PV_NUM(0),
					LNR_PV_NUM(0x3000), LNR_PV_NUM(0x2000)};
	const struct lnr_pval caps_fail[] = {LNR_PV_NUM((uint64_t)-EPERM),
					     LNR_PV_NUM(0), LNR_PV_NUM(0),
					     LNR_PV_NUM(~0ull)};
	struct sproc *p;
	struct sfd *f;

	feed(tevt_snapshot(rec, 12, &bash_p), NULL);
	p = state_proc_find(&st.threads, 100);
	CHECK(p && strcmp(p->cwd, "/home/u") == 0);
	feed(self_evt(LNR_EVT_CHDIR, cd_tmp), NULL);
	CHECK(p && strcmp(p->cwd, "/home/x/t") == 0);
	feed(self_evt(LNR_EVT_CHDIR, cd_fail), NULL);
	CHECK(p && strcmp(p->cwd, "/home/x/t") == 0);
	feed(tevt_openat(rec, 81, 100, 100, 5, AT_FDCWD, "f", O_RDONLY, 0),
	     NULL);
	f = state_fd_find(&st.fds, 100, 5);
	CHECK(f && strcmp(f->name, "/home/x/t/f") == 0);
	feed(tevt_open(rec, 82, 100, 100, 7, "/etc", O_RDONLY | O_DIRECTORY, 0),
	     NULL);
	feed(self_evt(LNR_EVT_FCHDIR, fcd), NULL);
	CHECK(p && strcmp(p->cwd, "/etc") == 0);
	feed(self_evt(LNR_EVT_FCHDIR, fcd_unseen), NULL);
	CHECK(p && strcmp(p->cwd, "/var/lib") == 0);
	/* The engine's own view of a dirfd wins over the kernel's path. */
	at_unseen[LNR_PI_OPENAT_dirfd] = LNR_PV_NUM(7);
	feed(self_evt(LNR_EVT_OPENAT, at_unseen), NULL);
	f = state_fd_find(&st.fds, 100, 12);
	CHECK(f && strcmp(f->name, "/etc/y") == 0);
	at_unseen[LNR_PI_OPENAT_dirfd] = LNR_PV_NUM(11);
	feed(self_evt(LNR_EVT_OPENAT, at_unseen), NULL);
	f = state_fd_find(&st.fds, 100, 12);
	CHECK(f && strcmp(f->name, "/srv/data/y") == 0);

	/* Not root: setresuid changes only what it names. */
	feed(self_evt(LNR_EVT_SETRESUID, resuid), NULL);
	CHECK(p && p->uid == 1000 && p->euid == 33);
	feed(self_evt(LNR_EVT_SETREGID, regid), NULL);
	CHECK(p && p->gid == 44 && p->egid == 1000);
	/* setuid by a process that is not root: the effective id only,
	 * changed after the rules saw the caller's ids. */
	ids_of = p;
	feed(self_evt(LNR_EVT_SETUID, suid), note_euid);
	CHECK(euid_seen == 33);
	CHECK(p && p->uid == 1000 && p->euid == 0);
	/* Now root: setuid changes both. */
	feed(self_evt(LNR_EVT_SETUID, suid33), NULL);
	CHECK(p && p->uid == 33 && p->euid == 33);
	/* capset: the sets the call left; a failed one changes nothing. */
	feed(self_evt(LNR_EVT_CAPSET, caps), NULL);
	CHECK(p && p->cap_inh == 0 && p->cap_prm == 0x3000 &&
	      p->cap_eff == 0x2000);
	feed(self_evt(LNR_EVT_CAPSET, caps_fail), NULL);
	CHECK(p && p->cap_eff == 0x2000);
}

static char comm_seen[SPROC_COMM_LEN];

static void note_comm(void)
{
	snprintf(comm_seen, sizeof(comm_seen), "%s",
		 ctx->proc ? ctx->proc->comm : "");
}

static int prctl_evt(uint32_t tid, int64_t res, uint32_t option,
		     const char *comm)
{
	struct lnr_pval v[LNR_NPARAMS_PRCTL] = {0};

	v[LNR_PI_PRCTL_res] = LNR_PV_NUM((uint64_t)res);
	v[LNR_PI_PRCTL_option] = LNR_PV_NUM(option);
	v[LNR_PI_PRCTL_comm] = LNR_PV_STR(comm);
	return tevt_build(rec, LNR_EVT_PRCTL, 90, tid, 100, v);
}

/* prctl(PR_SET_NAME) renames the process once the rules saw the call;
 * a failed call, another option or another thread renames nothing. */
static void test_set_name(void)
{
	struct sproc *p = state_proc_find(&st.threads, 100);

	CHECK(p && strcmp(p->comm, "bash") == 0);
	feed(prctl_evt(100, -EFAULT, PR_SET_NAME, "bash"), NULL);
	feed(prctl_evt(100, 0, PR_SET_DUMPABLE, "other"), NULL);
	feed(prctl_evt(101, 0, PR_SET_NAME, "worker"), NULL);
	CHECK(p && strcmp(p->comm, "bash") == 0);
	feed(prctl_evt(100, 0, PR_SET_NAME, "kworker/0:1"), note_comm);
	CHECK(strcmp(comm_seen, "bash") == 0);
	CHECK(p && strcmp(p->comm, "kworker/0:1") == 0);
}

static void test_unknown(void)
{
	struct tproc orphan = bash_p;
	struct sproc *p;

	/* A child whose parent was never seen. */
	orphan.tid = orphan.pid = 300;
	orphan.ptid = 999;
	feed(tevt_clone(rec, LNR_EVT_FORK, 80, 0, 0, &orphan), NULL);
	p = state_proc_find(&st.threads, 300);
	CHECK(p && p->full && state_proc_parent(&st.threads, p) == NULL);

	/* Events from a thread never seen get a minimal entry. */
	feed(tevt_close(rec, 81, 500, 500, 0, 7), NULL);
	p = state_proc_find(&st.threads, 500);
	CHECK(p && !p->full && p->comm[0] == '\0');
	/* A parent record from an unknown thread still makes the child. */
	orphan.tid = orphan.pid = 400;
	feed(tevt_clone(rec, LNR_EVT_VFORK, 82, 401, 0, &orphan), NULL);
	CHECK(state_proc_find(&st.threads, 401) != NULL);
	/* Exit of a thread never seen. */
	feed(tevt_exit(rec, 83, 777, 777), NULL);
	CHECK(state_proc_find(&st.threads, 777) == NULL);
	/* An fd snapshot for a process not yet seen. */
	feed(tevt_fd_snapshot(rec, 84, 600, 0, "/dev/null", O_RDWR), NULL);
	CHECK(state_fd_find(&st.fds, 600, 0) != NULL);
	/* A snapshot of a file the table has from its open (the probe
	 * reports every file after a filter change) keeps the name it was
	 * opened by; another file on that number replaces it. */
	feed(tevt_open(rec, 85, 600, 600, 5, "/srv/link", O_RDONLY, 0), NULL);
	feed(tevt_fd_snapshot_ino(rec, 86, 600, 5, "/srv/target", O_RDONLY,
				  4242),
	     NULL);
	CHECK(!strcmp(state_fd_find(&st.fds, 600, 5)->name, "/srv/link"));
	feed(tevt_fd_snapshot(rec, 87, 600, 5, "/srv/other", O_RDONLY), NULL);
	CHECK(!strcmp(state_fd_find(&st.fds, 600, 5)->name, "/srv/other"));
}

static void test_reparent(void)
{
	struct tproc a = bash_p, c = bash_p;

	/* 700 (child of bash) forks 701, then exits: init adopts 701. */
	a.tid = a.pid = 700;
	a.ptid = 100;
	feed(tevt_snapshot(rec, 90, &a), NULL);
	feed(tevt_clone(rec, LNR_EVT_FORK, 91, 701, 0, &a), NULL);
	CHECK(state_proc_find(&st.threads, 701)->ppid == 700);
	feed(tevt_exit(rec, 92, 700, 700), NULL);
	CHECK(state_proc_find(&st.threads, 701)->ppid == 1);
	CHECK(
	    state_proc_parent(&st.threads, state_proc_find(&st.threads, 701)) ==
	    state_proc_find(&st.threads, 1));

	/* A child made by thread 711 of process 710 stays in the family
	 * when that thread exits. */
	a.tid = a.pid = 710;
	feed(tevt_snapshot(rec, 93, &a), NULL);
	a.tid = 711;
	feed(tevt_snapshot(rec, 94, &a), NULL);
	c.tid = c.pid = 712;
	c.ptid = 711;
	feed(tevt_clone(rec, LNR_EVT_CLONE, 95, 0, SIGCHLD, &c), NULL);
	feed(tevt_exit(rec, 96, 711, 710), NULL);
	CHECK(state_proc_find(&st.threads, 712)->ppid == 710);
	CHECK(state_proc_find(&st.threads, 710)->nthreads == 1);
}

static void test_bounds(void)
{
	struct thread_table t;
	struct fd_table ft;
	struct sproc *p;
	int added = 0;

	CHECK(state_thread_init(&t, 3, 2) == 0);
	CHECK(state_thread_get(&t, 1, 1) && state_thread_get(&t, 2, 1));
	CHECK(state_thread_get(&t, 3, 3) != NULL);
	CHECK(state_thread_get(&t, 4, 4) == NULL);
	CHECK(t.refused_threads == 1);
	state_thread_remove(&t, 2);
	CHECK(state_thread_get(&t, 5, 5) == NULL); /* no process slot */
	CHECK(t.refused_procs == 1 && t.nthreads == 2);
	p = state_thread_remove(&t, 3);
	CHECK(p && p->pid == 3);
	state_proc_remove(&t, p);
	CHECK(state_thread_get(&t, 5, 5) != NULL);

	CHECK(state_fd_init(&ft, 2000) == 0);
	p = state_proc_find(&t, 5);
	for (int i = 0; i < STATE_FDS_PER_PROC + 5; i++)
		added += state_fd_add(&ft, p, i, "/x", 0, 0, 0) != NULL;
	CHECK(added == STATE_FDS_PER_PROC && ft.refused == 5);
	CHECK(state_fd_add(&ft, p, 3, "/y", 0, 0, 0) != NULL); /* replace */
	CHECK(strcmp(state_fd_find(&ft, 5, 3)->name, "/y") == 0);
	state_fd_remove_all(&ft, p);
	CHECK(ft.count == 0 && p->nfds == 0);
	state_fd_free(&ft);

	CHECK(state_fd_init(&ft, 1) == 0);
	CHECK(state_fd_add(&ft, p, 1, "/a", 0, 0, 0) != NULL);
	CHECK(state_fd_add(&ft, p, 2, "/b", 0, 0, 0) == NULL);
	CHECK(ft.refused == 1);
	state_fd_free(&ft);
	state_thread_free(&t);
}

static void test_users(void)
{
	struct user_table *u = calloc(1, sizeof(*u));

	state_user_parse_passwd(u, "root:x:0:0:root:/root:/bin/bash\n"
				   "# comment\n"
				   "bad line\n"
				   "u:x:1000:1000:U,,,:/home/u:/bin/zsh");
	state_user_parse_group(u, "root:x:0:\nusers:x:100:u,v\n");
	CHECK(u->nusers == 2 && u->ngroups == 2);
	CHECK(strcmp(state_user_find(u, 1000)->name, "u") == 0);
	CHECK(strcmp(state_user_find(u, 1000)->shell, "/bin/zsh") == 0);
	CHECK(strcmp(state_group_find(u, 100)->name, "users") == 0);
	CHECK(state_user_find(u, 4242) == NULL);
	/* What the broker sends after a change replaces both tables. */
	state_user_replace(u,
			   "root:x:0:0:root:/root:/bin/bash\n"
			   "new:x:4242:4242::/home/new:/bin/sh\n",
			   "root:x:0:\nnew:x:4242:\n");
	CHECK(u->nusers == 2 && u->ngroups == 2);
	CHECK(strcmp(state_user_find(u, 4242)->name, "new") == 0);
	CHECK(state_user_find(u, 1000) == NULL);
	CHECK(state_group_find(u, 100) == NULL);
	free(u);
}

/*
 * A storm with lost events: 100000 short-lived processes, each forking
 * from bash, opening a file and exiting, where every tenth misses its
 * clone records and another tenth its exit; then 10000 threads of bash
 * come and go. The tables end no bigger than what the lost exits left,
 * nothing is refused, and (in the sanitizer build, which runs this too)
 * nothing leaks.
 */
#define STORM_PROCS 100000u
#define STORM_THREADS 10000u

/* The storm's parent: a process with no fds, so that its children's
 * are their own. */
static struct tproc storm_p;

static void storm_proc(uint32_t i, uint64_t ts)
{
	struct tproc child = storm_p;

	child.tid = child.pid = 1000000 + i;
	child.ptid = storm_p.pid;
	if (i % 10 != 3) { /* the parent's record, then the child's */
		feed(tevt_clone(rec, LNR_EVT_CLONE, ts, child.pid, SIGCHLD,
				&storm_p),
		     NULL);
		feed(tevt_clone(rec, LNR_EVT_CLONE, ts + 1, 0, SIGCHLD, &child),
		     NULL);
	}
	feed(tevt_open(rec, ts + 2, child.tid, child.pid, 3, "/tmp/f", O_RDONLY,
		       0),
	     NULL);
	if (i % 10 != 7)
		feed(tevt_exit(rec, ts + 3, child.tid, child.pid), NULL);
}

static void test_storm(void)
{
	uint32_t threads0 = st.threads.nthreads, procs0 = st.threads.nprocs;
	uint32_t fds0 = st.fds.count, lost = STORM_PROCS / 10;
	uint64_t refused0 = st.threads.refused_threads + st.fds.refused;
	struct tproc thread = bash_p;

	storm_p = bash_p;
	storm_p.tid = storm_p.pid = 4000;
	feed(tevt_snapshot(rec, 10, &bash_p), NULL);
	feed(tevt_snapshot(rec, 10, &storm_p), NULL);
	for (uint32_t i = 0; i < STORM_PROCS; i++)
		storm_proc(i, 100000 + 4 * (uint64_t)i);
	for (uint32_t i = 0; i < STORM_THREADS; i++) {
		thread.tid = 3000000 + i;
		feed(tevt_clone(rec, LNR_EVT_CLONE, 900000 + i, thread.tid,
				CLONE_THREAD | CLONE_VM | CLONE_SIGHAND,
				&bash_p),
		     NULL);
		feed(tevt_exit(rec, 950000 + i, thread.tid, bash_p.pid), NULL);
	}
	CHECK(st.threads.nthreads <= threads0 + 2 + lost);
	CHECK(st.threads.nprocs <= procs0 + 2 + lost);
	CHECK(st.fds.count <= fds0 + lost);
	CHECK(st.threads.refused_threads + st.fds.refused == refused0);
	CHECK(state_proc_find(&st.threads, bash_p.pid) != NULL);
	printf("storm: %u threads, %u processes, %u fds left of %u processes "
	       "and %u threads\n",
	       st.threads.nthreads, st.threads.nprocs, st.fds.count,
	       STORM_PROCS, STORM_THREADS);
}

int main(void)
{
	ctx = calloc(1, sizeof(*ctx));
	CHECK(state_init(&st) == 0);
	test_path_resolve();
	test_lifecycle();
	test_self_changes();
	test_set_name();
	test_unknown();
	test_reparent();
	test_fork_fds();
	test_dup_close_range();
	test_anon_fds();
	test_bounds();
	test_users();
	test_storm();
	state_free(&st);
	free(ctx);
	return check_done();
}

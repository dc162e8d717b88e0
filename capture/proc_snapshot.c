/*
 * The /proc snapshot. A thread's record is built by one reader per PROC
 * parameter source, expanded from LNR_PROC_PARAMS in schema order, from
 * what /proc/PID/task/TID shows. Every file is read relative to a
 * descriptor of the process's directory, opened once: if the process
 * exits and its pid is reused meanwhile, reads fail instead of mixing the
 * two processes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "probe.h"
#include "proc_snapshot.h"
#include "timeconv.h"

#define OVERLAYFS_MAGIC 0x794c7630
#define SNAP_BUF_SIZE ((size_t)LNR_EVT_MAX_SIZE)

/* What the readers collected about one thread. */
struct pinfo {
	int dir; /* descriptor of <procroot>/PID/task/TID */
	pid_t tid, pid;
	char comm[64];
	long ppid, pgrp, session, tty;
	unsigned long long start_ticks;
	uint32_t uid[2], gid[2];
	uint64_t cap[3];
	long vtid, vpid;
	char cmdline[2 * LNR_PROBE_STR_MAX]; /* argv[0], then the args */
	size_t cmdline_len;
	char exe[PATH_MAX];
	struct stat exe_st;
	int exe_ok;
	uint32_t exe_fstype;
};

static ssize_t read_file(int dir, const char *name, char *buf, size_t cap)
{
	ssize_t n;
	int fd;

	fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static int read_link(int dir, const char *name, char *buf, size_t cap)
{
	ssize_t n = readlinkat(dir, name, buf, cap - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/*
 * Numeric fields of stat after the comm, numbered as proc(5) does:
 * 4 ppid, 5 pgrp, 6 session, 7 tty_nr, 22 starttime.
 */
static int stat_fields(const char *p, unsigned long long *v, int n)
{
	char *end;

	p += 2; /* ") " */
	for (int field = 3; field <= 22; field++) {
		if (field == 3) {
			p += 2; /* state and its space */
			continue;
		}
		v[field < n ? field : 0] = strtoull(p, &end, 10);
		if (end == p)
			return -EINVAL;
		p = end;
	}
	return 0;
}

/* comm, ppid, pgrp, session, tty and start time from stat. */
static int read_stat(struct pinfo *pi)
{
	char buf[1024], *open_p, *close_p;
	unsigned long long v[23] = {0};
	int n;

	if (read_file(pi->dir, "stat", buf, sizeof(buf)) < 0)
		return -ENOENT;
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p || strlen(close_p) < 4 ||
	    stat_fields(close_p, v, 23) < 0)
		return -EINVAL;
	n = (int)(close_p - open_p - 1);
	snprintf(pi->comm, sizeof(pi->comm), "%.*s", n, open_p + 1);
	pi->ppid = (long)v[4];
	pi->pgrp = (long)v[5];
	pi->session = (long)v[6];
	pi->tty = (long)v[7];
	pi->start_ticks = v[22];
	return 0;
}

static void last_field(const char *line, long *out)
{
	const char *p = strrchr(line, '\t');

	*out = p ? strtol(p + 1, NULL, 10) : 0;
}

/* "Key:\tA\tB..." into the first two numbers, if the key matches. */
static int two_ids(const char *line, const char *key, uint32_t *out)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(line, key, n) != 0)
		return 0;
	out[0] = (uint32_t)strtoul(line + n, &end, 10);
	out[1] = (uint32_t)strtoul(end, NULL, 10);
	return 1;
}

static int hex_cap(const char *line, const char *key, uint64_t *out)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0)
		return 0;
	*out = strtoull(line + n, NULL, 16);
	return 1;
}

/* Credentials, capabilities, pid namespace numbers and PPid. */
static void read_status(struct pinfo *pi)
{
	char buf[4096], *line, *save = NULL;

	if (read_file(pi->dir, "status", buf, sizeof(buf)) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (two_ids(line, "Uid:", pi->uid) ||
		    two_ids(line, "Gid:", pi->gid) ||
		    hex_cap(line, "CapInh:", &pi->cap[0]) ||
		    hex_cap(line, "CapPrm:", &pi->cap[1]) ||
		    hex_cap(line, "CapEff:", &pi->cap[2]))
			continue;
		if (strncmp(line, "NSpid:", 6) == 0)
			last_field(line, &pi->vtid);
		else if (strncmp(line, "NStgid:", 7) == 0)
			last_field(line, &pi->vpid);
		else if (strncmp(line, "PPid:", 5) == 0)
			pi->ppid = strtol(line + 5, NULL, 10);
	}
}

/* The executable: its path (as the kernel names it) and its inode. */
static void read_exe(struct pinfo *pi)
{
	struct statfs sfs;
	size_t n;
	int fd;

	if (read_link(pi->dir, "exe", pi->exe, sizeof(pi->exe)) < 0)
		return;
	n = strlen(pi->exe);
	if (n > 10 && strcmp(pi->exe + n - 10, " (deleted)") == 0)
		pi->exe[n - 10] = '\0';
	fd = openat(pi->dir, "exe", O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	pi->exe_ok = fstat(fd, &pi->exe_st) == 0;
	if (pi->exe_ok && fstatfs(fd, &sfs) == 0)
		pi->exe_fstype = (uint32_t)sfs.f_type;
	close(fd);
}

static uint32_t proc_flags(const struct pinfo *pi)
{
	const struct stat *st = &pi->exe_st;
	uint32_t f = 0;

	if (pi->tid == pi->pid)
		f |= LNR_PROCF_THREAD_LEADER;
	if (!pi->exe_ok)
		return f;
	if ((st->st_mode & S_IWOTH) ||
	    ((st->st_mode & S_IWUSR) && st->st_uid == pi->uid[1]) ||
	    ((st->st_mode & S_IWGRP) && st->st_gid == pi->gid[1]))
		f |= LNR_PROCF_EXE_WRITABLE;
	if (pi->exe_fstype == OVERLAYFS_MAGIC)
		f |= LNR_PROCF_EXE_OVERLAY;
	if (strncmp(pi->exe, "/memfd:", 7) == 0)
		f |= LNR_PROCF_EXE_MEMFD;
	if (st->st_nlink == 0)
		f |= LNR_PROCF_EXE_DELETED;
	return f;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

/* Process start, in ns since the epoch (stat counts clock ticks). */
static uint64_t start_epoch(const struct pinfo *pi)
{
	struct timespec rt, bt;
	long hz = sysconf(_SC_CLK_TCK);

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	return ts_ns(&rt) - ts_ns(&bt) +
	       pi->start_ticks *
		   (1000000000ull / (uint64_t)(hz > 0 ? hz : 100));
}

/* NUL-separated contents (cmdline, environ), from byte `skip` on, cut
 * where the probe cuts them: LNR_PROBE_STR_MAX bytes, the last a NUL. */
static void add_strings(struct lnr_evt_builder *b, const char *buf, size_t len,
			size_t skip)
{
	char tmp[LNR_PROBE_STR_MAX];

	if (skip >= len) {
		lnr_evtb_add(b, NULL, 0);
		return;
	}
	len -= skip;
	if (len > sizeof(tmp))
		len = sizeof(tmp);
	memcpy(tmp, buf + skip, len);
	if (tmp[len - 1] != '\0')
		tmp[len - 1] = '\0';
	lnr_evtb_add(b, tmp, len);
}

static void add_environ(struct lnr_evt_builder *b, const struct pinfo *pi)
{
	char buf[LNR_PROBE_STR_MAX + 1];
	ssize_t n = read_file(pi->dir, "environ", buf, sizeof(buf));

	add_strings(b, buf, n > 0 ? (size_t)n : 0, 0);
}

static void add_cwd(struct lnr_evt_builder *b, const struct pinfo *pi)
{
	char buf[PATH_MAX];

	if (read_link(pi->dir, "cwd", buf, sizeof(buf)) < 0)
		lnr_evtb_add(b, NULL, 0);
	else
		lnr_evtb_add_str(b, buf);
}

/* The unified hierarchy's line of /proc/PID/cgroup. */
static void add_cgroup(struct lnr_evt_builder *b, const struct pinfo *pi)
{
	char buf[4096], *line, *save = NULL;

	if (read_file(pi->dir, "cgroup", buf, sizeof(buf)) > 0)
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "0::", 3) == 0) {
				lnr_evtb_add_str(b, line);
				return;
			}
	lnr_evtb_add(b, NULL, 0);
}

static size_t argv0_len(const struct pinfo *pi)
{
	return pi->cmdline_len ? strnlen(pi->cmdline, pi->cmdline_len) + 1 : 0;
}

#define EXE_U64(b, pi, v)                                                      \
	((pi)->exe_ok ? lnr_evtb_add_u64(b, (v)) : lnr_evtb_add(b, NULL, 0))
#define snap_PROC_ARGV0(b, pi)                                                 \
	(pi->cmdline_len ? lnr_evtb_add(b, pi->cmdline, argv0_len(pi))         \
			 : lnr_evtb_add(b, NULL, 0))
#define snap_PROC_ARGS(b, pi)                                                  \
	add_strings(b, pi->cmdline, pi->cmdline_len, argv0_len(pi))
#define snap_PROC_TID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->tid)
#define snap_PROC_PID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->pid)
#define snap_PROC_PTID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->ppid)
#define snap_PROC_CWD(b, pi) add_cwd(b, pi)
#define snap_PROC_COMM(b, pi) lnr_evtb_add_str(b, pi->comm)
#define snap_PROC_EXEPATH(b, pi)                                               \
	(pi->exe[0] ? lnr_evtb_add_str(b, pi->exe) : lnr_evtb_add(b, NULL, 0))
#define snap_PROC_UID(b, pi) lnr_evtb_add_u32(b, pi->uid[0])
#define snap_PROC_GID(b, pi) lnr_evtb_add_u32(b, pi->gid[0])
#define snap_PROC_EUID(b, pi) lnr_evtb_add_u32(b, pi->uid[1])
#define snap_PROC_EGID(b, pi) lnr_evtb_add_u32(b, pi->gid[1])
#define snap_PROC_LOGINUID(b, pi) add_loginuid(b, pi)
#define snap_PROC_SID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->session)
#define snap_PROC_VPGID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->pgrp)
#define snap_PROC_TTY(b, pi) lnr_evtb_add_u32(b, (uint32_t)pi->tty)
#define snap_PROC_CAP_INH(b, pi) lnr_evtb_add_u64(b, pi->cap[0])
#define snap_PROC_CAP_PRM(b, pi) lnr_evtb_add_u64(b, pi->cap[1])
#define snap_PROC_CAP_EFF(b, pi) lnr_evtb_add_u64(b, pi->cap[2])
#define snap_PROC_VTID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->vtid)
#define snap_PROC_VPID(b, pi) lnr_evtb_add_u64(b, (uint64_t)pi->vpid)
#define snap_PROC_FLAGS(b, pi) lnr_evtb_add_u32(b, proc_flags(pi))
#define snap_PROC_START_TS(b, pi) lnr_evtb_add_u64(b, start_epoch(pi))
#define snap_PROC_EXE_INO(b, pi) EXE_U64(b, pi, pi->exe_st.st_ino)
#define snap_PROC_EXE_CTIME(b, pi) EXE_U64(b, pi, ts_ns(&pi->exe_st.st_ctim))
#define snap_PROC_EXE_MTIME(b, pi) EXE_U64(b, pi, ts_ns(&pi->exe_st.st_mtim))
#define snap_PROC_CGROUP(b, pi) add_cgroup(b, pi)
#define snap_PROC_ENV(b, pi) add_environ(b, pi)

static void add_loginuid(struct lnr_evt_builder *b, const struct pinfo *pi)
{
	char buf[32];

	if (read_file(pi->dir, "loginuid", buf, sizeof(buf)) <= 0)
		lnr_evtb_add(b, NULL, 0);
	else
		lnr_evtb_add_u32(b, (uint32_t)strtoul(buf, NULL, 10));
}

int proc_snapshot_thread(int dir, pid_t pid, pid_t tid, void *buf, size_t cap)
{
	static struct pinfo info;
	struct pinfo *pi = &info;
	struct lnr_evt_builder b;
	ssize_t n;

	memset(pi, 0, sizeof(*pi));
	pi->dir = dir;
	pi->pid = pid;
	pi->tid = tid;
	if (read_stat(pi) < 0)
		return -ENOENT;
	read_status(pi);
	n = read_file(pi->dir, "cmdline", pi->cmdline, sizeof(pi->cmdline));
	pi->cmdline_len = n > 0 ? (size_t)n : 0;
	read_exe(pi);

	lnr_evtb_init(&b, buf, cap, LNR_EVT_PROC_SNAPSHOT, timeconv_now(),
		      (uint32_t)tid, (uint32_t)pid);
#define LNR_P(type, name, source, flagset) snap_##source((&b), pi);
	LNR_PROC_PARAMS
#undef LNR_P
	return lnr_evtb_finish(&b);
}

static DIR *open_subdir(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (fd >= 0 && !d)
		close(fd);
	return d;
}

static int fd_record(int piddir, DIR *fds, const char *fdname, pid_t pid,
		     uint8_t *buf)
{
	char name[PATH_MAX], info[512], path[64];
	struct lnr_pval v[LNR_NPARAMS_FD_SNAPSHOT];
	struct lnr_evt_builder b;
	unsigned long flags = 0;
	struct stat sb;
	char *fl;

	if (fdname[0] == '.' || fstatat(dirfd(fds), fdname, &sb, 0) != 0 ||
	    !S_ISREG(sb.st_mode) ||
	    read_link(dirfd(fds), fdname, name, sizeof(name)) < 0)
		return 0;
	snprintf(path, sizeof(path), "fdinfo/%s", fdname);
	if (read_file(piddir, path, info, sizeof(info)) > 0 &&
	    (fl = strstr(info, "flags:")) != NULL)
		flags = strtoul(fl + 6, NULL, 8);
	v[LNR_PI_FD_SNAPSHOT_pid] = LNR_PV_NUM((uint64_t)pid);
	v[LNR_PI_FD_SNAPSHOT_fd] = LNR_PV_NUM(strtoull(fdname, NULL, 10));
	v[LNR_PI_FD_SNAPSHOT_name] = LNR_PV_STR(name);
	v[LNR_PI_FD_SNAPSHOT_flags] = LNR_PV_NUM(flags);
	v[LNR_PI_FD_SNAPSHOT_dev] = LNR_PV_NUM(sb.st_dev);
	v[LNR_PI_FD_SNAPSHOT_ino] = LNR_PV_NUM(sb.st_ino);
	lnr_evtb_init(&b, buf, SNAP_BUF_SIZE, LNR_EVT_FD_SNAPSHOT,
		      timeconv_now(), (uint32_t)pid, (uint32_t)pid);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_FD_SNAPSHOT);
	return lnr_evtb_finish(&b);
}

/* One FD_SNAPSHOT per open regular file of a process. */
static void snapshot_fds(int piddir, pid_t pid, uint8_t *buf,
			 source_emit_fn emit, void *arg,
			 struct proc_snapshot_stats *st)
{
	DIR *d = open_subdir(piddir, "fd");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		int len = fd_record(piddir, d, de->d_name, pid, buf);

		if (len < 0)
			st->failed++;
		if (len <= 0)
			continue;
		emit(arg, buf, (size_t)len);
		st->fds++;
	}
	closedir(d);
}

static void snapshot_threads(int piddir, pid_t pid, uint8_t *buf,
			     source_emit_fn emit, void *arg,
			     struct proc_snapshot_stats *st)
{
	DIR *d = open_subdir(piddir, "task");
	struct dirent *de;

	if (!d) {
		st->failed++;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		pid_t tid = (pid_t)strtol(de->d_name, NULL, 10);
		int dir, len;

		if (tid <= 0)
			continue;
		dir = openat(dirfd(d), de->d_name,
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		len = dir < 0 ? -ENOENT
			      : proc_snapshot_thread(dir, pid, tid, buf,
						     SNAP_BUF_SIZE);
		if (dir >= 0)
			close(dir);
		if (len < 0) {
			st->failed++;
			continue;
		}
		emit(arg, buf, (size_t)len);
		st->threads++;
	}
	closedir(d);
}

static void snapshot_process(int procdir, const char *name, uint8_t *buf,
			     source_emit_fn emit, void *arg,
			     struct proc_snapshot_stats *st)
{
	pid_t pid = (pid_t)strtol(name, NULL, 10);
	int piddir;

	if (pid <= 0)
		return;
	piddir = openat(procdir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0) {
		st->failed++;
		return;
	}
	snapshot_threads(piddir, pid, buf, emit, arg, st);
	snapshot_fds(piddir, pid, buf, emit, arg, st);
	close(piddir);
}

int proc_snapshot(const char *procroot, source_emit_fn emit, void *arg,
		  struct proc_snapshot_stats *st)
{
	static uint8_t buf[SNAP_BUF_SIZE];
	struct dirent *de;
	DIR *d;

	memset(st, 0, sizeof(*st));
	d = opendir(procroot);
	if (!d)
		return -errno;
	while ((de = readdir(d)) != NULL)
		snapshot_process(dirfd(d), de->d_name, buf, emit, arg, st);
	closedir(d);
	return 0;
}

/*
 * The file-changing calls. Each is made through syscall(2), so the record
 * is of that very call, once succeeding and once failing. Records are
 * matched on a path or fd parameter: setup calls (mkdtemp, other tests)
 * make records of the same types.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "test_probe_util.h"

static void test_unlink(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_make_file("un");
	tp_in_dir(p, "un");
	CHECK(tp_res(syscall(SYS_unlink, p)) == 0);
	e = tp_wait_str(LNR_EVT_UNLINK, "path", p);
	tp_res_is(e, 0, t0);
	CHECK(tp_res(syscall(SYS_unlink, p)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_UNLINK, "path", p);
	tp_res_is(e, -ENOENT, t0);
}

static void test_unlinkat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(mkdirat(dfd, "ud", 0700) == 0);
	CHECK(tp_res(syscall(SYS_unlinkat, dfd, "ud", AT_REMOVEDIR)) == 0);
	e = tp_wait_str(LNR_EVT_UNLINKAT, "name", "ud");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "flags") == AT_REMOVEDIR);
		/* The dirfd's path, from the kernel. */
		CHECK(tp_str(e, "dirfdpath") &&
		      strcmp(tp_str(e, "dirfdpath"), tp_dir) == 0);
	}
	CHECK(tp_res(syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent-lanner/x",
			     0)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_UNLINKAT, "name", "/nonexistent-lanner/x");
	if (tp_res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == AT_FDCWD);
		CHECK(tp_s64(e, "flags") == 0);
		CHECK(!tp_str(e, "dirfdpath") || !*tp_str(e, "dirfdpath"));
	}
	close(dfd);
}

static void test_rename(void)
{
	char p1[128], p2[128], p3[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_make_file("r1");
	tp_in_dir(p1, "r1");
	tp_in_dir(p2, "r2");
	tp_in_dir(p3, "r3");
	CHECK(tp_res(syscall(SYS_rename, p1, p2)) == 0);
	e = tp_wait_str(LNR_EVT_RENAME, "oldpath", p1);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_str_is(e, "newpath", p2));
	CHECK(tp_res(syscall(SYS_rename, p1, p3)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_RENAME, "oldpath", p1);
	if (tp_res_is(e, -ENOENT, t0))
		CHECK(tp_str_is(e, "newpath", p3));
}

/* After test_rename: r2 exists. */
static void test_renameat(void)
{
	char p4[128];
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	tp_in_dir(p4, "r4");
	CHECK(tp_res(syscall(SYS_renameat, dfd, "r2", AT_FDCWD, p4)) == 0);
	e = tp_wait_str(LNR_EVT_RENAMEAT, "oldpath", "r2");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == AT_FDCWD);
		CHECK(tp_str_is(e, "newpath", p4));
	}
	CHECK(tp_res(syscall(SYS_renameat, dfd, "r2", dfd, "r5")) == -ENOENT);
	e = tp_wait_str(LNR_EVT_RENAMEAT, "oldpath", "r2");
	if (tp_res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(tp_str_is(e, "newpath", "r5"));
	}
	close(dfd);
}

static void test_renameat2(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	tp_make_file("x1");
	tp_make_file("x2");
	CHECK(tp_res(syscall(SYS_renameat2, dfd, "x1", dfd, "x2",
			     RENAME_NOREPLACE)) == -EEXIST);
	CHECK(tp_res(syscall(SYS_renameat2, dfd, "x1", dfd, "x2",
			     RENAME_EXCHANGE)) == 0);
	e = tp_wait_str(LNR_EVT_RENAMEAT2, "oldpath", "x1");
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(tp_str_is(e, "newpath", "x2"));
		CHECK(tp_s64(e, "flags") == RENAME_NOREPLACE);
	}
	e = tp_wait_str(LNR_EVT_RENAMEAT2, "oldpath", "x1");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddirfd") == dfd);
		CHECK(tp_s64(e, "newdirfd") == dfd);
		CHECK(tp_str_is(e, "newpath", "x2"));
		CHECK(tp_s64(e, "flags") == RENAME_EXCHANGE);
	}
	close(dfd);
}

static void test_mkdir(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "md");
	CHECK(tp_res(syscall(SYS_mkdir, p, 0750)) == 0);
	CHECK(tp_res(syscall(SYS_mkdir, p, 0700)) == -EEXIST);
	e = tp_wait_str(LNR_EVT_MKDIR, "path", p);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_s64(e, "mode") == 0750);
	e = tp_wait_str(LNR_EVT_MKDIR, "path", p);
	if (tp_res_is(e, -EEXIST, t0))
		CHECK(tp_s64(e, "mode") == 0700);
}

static void test_mkdirat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(tp_res(syscall(SYS_mkdirat, dfd, "mda", 0711)) == 0);
	CHECK(tp_res(syscall(SYS_mkdirat, dfd, "mda", 0700)) == -EEXIST);
	e = tp_wait_str(LNR_EVT_MKDIRAT, "path", "mda");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0711);
	}
	e = tp_wait_str(LNR_EVT_MKDIRAT, "path", "mda");
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0700);
	}
	close(dfd);
}

/* After test_mkdir: md exists. */
static void test_rmdir(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();

	tp_in_dir(p, "md");
	CHECK(tp_res(syscall(SYS_rmdir, p)) == 0);
	CHECK(tp_res(syscall(SYS_rmdir, p)) == -ENOENT);
	tp_res_is(tp_wait_str(LNR_EVT_RMDIR, "path", p), 0, t0);
	tp_res_is(tp_wait_str(LNR_EVT_RMDIR, "path", p), -ENOENT, t0);
}

static void test_symlink(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "sl");
	CHECK(tp_res(syscall(SYS_symlink, "target-x", p)) == 0);
	CHECK(tp_res(syscall(SYS_symlink, "target-y", p)) == -EEXIST);
	e = tp_wait_str(LNR_EVT_SYMLINK, "linkpath", p);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_str_is(e, "target", "target-x"));
	e = tp_wait_str(LNR_EVT_SYMLINK, "linkpath", p);
	if (tp_res_is(e, -EEXIST, t0))
		CHECK(tp_str_is(e, "target", "target-y"));
}

static void test_symlinkat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(tp_res(syscall(SYS_symlinkat, "/etc/passwd", dfd, "sla")) == 0);
	CHECK(tp_res(syscall(SYS_symlinkat, "/etc/passwd", dfd, "sla")) ==
	      -EEXIST);
	e = tp_wait_str(LNR_EVT_SYMLINKAT, "linkpath", "sla");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_str_is(e, "target", "/etc/passwd"));
		CHECK(tp_s64(e, "linkdirfd") == dfd);
	}
	e = tp_wait_str(LNR_EVT_SYMLINKAT, "linkpath", "sla");
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_str_is(e, "target", "/etc/passwd"));
		CHECK(tp_s64(e, "linkdirfd") == dfd);
	}
	close(dfd);
}

static void test_link(void)
{
	char p1[128], p2[128], p3[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_make_file("lk1");
	tp_in_dir(p1, "lk1");
	tp_in_dir(p2, "lk2");
	tp_in_dir(p3, "lk3");
	CHECK(tp_res(syscall(SYS_link, p1, p2)) == 0);
	CHECK(tp_res(syscall(SYS_link, p3, p2)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_LINK, "oldpath", p1);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_str_is(e, "newpath", p2));
	e = tp_wait_str(LNR_EVT_LINK, "oldpath", p3);
	if (tp_res_is(e, -ENOENT, t0))
		CHECK(tp_str_is(e, "newpath", p2));
}

/* After test_link: lk1 and lk2 exist. */
static void test_linkat(void)
{
	char p4[128];
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	tp_in_dir(p4, "lk4");
	CHECK(tp_res(syscall(SYS_linkat, dfd, "lk1", AT_FDCWD, p4,
			     AT_SYMLINK_FOLLOW)) == 0);
	CHECK(tp_res(syscall(SYS_linkat, dfd, "lk1", dfd, "lk2", 0)) ==
	      -EEXIST);
	e = tp_wait_str(LNR_EVT_LINKAT, "oldpath", "lk1");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "olddir") == dfd);
		CHECK(tp_s64(e, "newdir") == AT_FDCWD);
		CHECK(tp_str_is(e, "newpath", p4));
		CHECK(tp_s64(e, "flags") == AT_SYMLINK_FOLLOW);
	}
	e = tp_wait_str(LNR_EVT_LINKAT, "oldpath", "lk1");
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "olddir") == dfd);
		CHECK(tp_s64(e, "newdir") == dfd);
		CHECK(tp_str_is(e, "newpath", "lk2"));
		CHECK(tp_s64(e, "flags") == 0);
	}
	close(dfd);
}

/* The mode and owner calls work on lk1 (from test_link). */
static void test_chmod(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "lk1");
	tp_in_dir(q, "nonexistent");
	CHECK(tp_res(syscall(SYS_chmod, p, 0604)) == 0);
	CHECK(tp_res(syscall(SYS_chmod, q, 0600)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_CHMOD, "filename", p);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_s64(e, "mode") == 0604);
	e = tp_wait_str(LNR_EVT_CHMOD, "filename", q);
	if (tp_res_is(e, -ENOENT, t0))
		CHECK(tp_s64(e, "mode") == 0600);
}

static void test_fchmod(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(tp_in_dir(p, "lk1"), O_RDONLY | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	CHECK(tp_res(syscall(SYS_fchmod, fd, 04640)) == 0);
	CHECK(tp_res(syscall(SYS_fchmod, 9999, 0600)) == -EBADF);
	e = tp_wait_num(LNR_EVT_FCHMOD, "fd", fd);
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "mode") == 04640);
		CHECK(tp_str_is(e, "fdpath", p));
	}
	e = tp_wait_num(LNR_EVT_FCHMOD, "fd", 9999);
	if (tp_res_is(e, -EBADF, t0)) {
		CHECK(tp_s64(e, "mode") == 0600);
		CHECK(tp_empty(e, "fdpath"));
	}
	close(fd);
}

static void test_fchmodat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(tp_res(syscall(SYS_fchmodat, dfd, "lk1", 0644)) == 0);
	CHECK(tp_res(syscall(SYS_fchmodat, dfd, "nonexistent", 0640)) ==
	      -ENOENT);
	e = tp_wait_str(LNR_EVT_FCHMODAT, "filename", "lk1");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0644);
	}
	e = tp_wait_str(LNR_EVT_FCHMODAT, "filename", "nonexistent");
	if (tp_res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == 0640);
	}
	close(dfd);
}

static void check_owner(const struct lnr_evt *e, int64_t uid, int64_t gid)
{
	CHECK(tp_s64(e, "uid") == uid);
	CHECK(tp_s64(e, "gid") == gid);
}

static void test_chown(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "lk1");
	tp_in_dir(q, "nonexistent");
	CHECK(tp_res(syscall(SYS_chown, p, 1234, 5678)) == 0);
	CHECK(tp_res(syscall(SYS_chown, q, 1, 2)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_CHOWN, "path", p);
	if (tp_res_is(e, 0, t0))
		check_owner(e, 1234, 5678);
	e = tp_wait_str(LNR_EVT_CHOWN, "path", q);
	if (tp_res_is(e, -ENOENT, t0))
		check_owner(e, 1, 2);
}

static void test_fchown(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(tp_in_dir(p, "lk1"), O_RDONLY | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	/* -1 leaves the group as it is: the parameter is (uid_t)-1. */
	CHECK(tp_res(syscall(SYS_fchown, fd, 4321, -1)) == 0);
	CHECK(tp_res(syscall(SYS_fchown, 9999, 0, 0)) == -EBADF);
	e = tp_wait_num(LNR_EVT_FCHOWN, "fd", fd);
	if (tp_res_is(e, 0, t0)) {
		check_owner(e, 4321, -1);
		CHECK(tp_str_is(e, "fdpath", p));
	}
	e = tp_wait_num(LNR_EVT_FCHOWN, "fd", 9999);
	if (tp_res_is(e, -EBADF, t0)) {
		check_owner(e, 0, 0);
		CHECK(tp_empty(e, "fdpath"));
	}
	close(fd);
}

/* On the symlink sl (test_symlink), which points nowhere. */
static void test_lchown(void)
{
	char p[128], q[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "sl");
	tp_in_dir(q, "nonexistent");
	CHECK(tp_res(syscall(SYS_lchown, p, 11, 12)) == 0);
	CHECK(tp_res(syscall(SYS_lchown, q, 13, 14)) == -ENOENT);
	e = tp_wait_str(LNR_EVT_LCHOWN, "path", p);
	if (tp_res_is(e, 0, t0))
		check_owner(e, 11, 12);
	e = tp_wait_str(LNR_EVT_LCHOWN, "path", q);
	if (tp_res_is(e, -ENOENT, t0))
		check_owner(e, 13, 14);
}

/* On the symlink sla itself (test_symlinkat), not /etc/passwd. */
static void test_fchownat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(tp_res(syscall(SYS_fchownat, dfd, "sla", 15, 16,
			     AT_SYMLINK_NOFOLLOW)) == 0);
	CHECK(tp_res(syscall(SYS_fchownat, dfd, "nonexistent", 17, 18, 0)) ==
	      -ENOENT);
	e = tp_wait_str(LNR_EVT_FCHOWNAT, "pathname", "sla");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		check_owner(e, 15, 16);
		CHECK(tp_s64(e, "flags") == AT_SYMLINK_NOFOLLOW);
	}
	e = tp_wait_str(LNR_EVT_FCHOWNAT, "pathname", "nonexistent");
	if (tp_res_is(e, -ENOENT, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		check_owner(e, 17, 18);
		CHECK(tp_s64(e, "flags") == 0);
	}
	close(dfd);
}

static void test_mknod(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "fifo");
	CHECK(tp_res(syscall(SYS_mknod, p, S_IFIFO | 0600, 0)) == 0);
	CHECK(tp_res(syscall(SYS_mknod, p, S_IFIFO | 0640, 0)) == -EEXIST);
	e = tp_wait_str(LNR_EVT_MKNOD, "path", p);
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "mode") == (S_IFIFO | 0600));
		CHECK(tp_s64(e, "dev") == 0);
	}
	e = tp_wait_str(LNR_EVT_MKNOD, "path", p);
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "mode") == (S_IFIFO | 0640));
		CHECK(tp_s64(e, "dev") == 0);
	}
}

/* A regular file: the kernel ignores dev, the record still carries it. */
static void test_mknodat(void)
{
	uint64_t t0 = tp_boot_ns();
	int dfd = tp_dir_fd();
	const struct lnr_evt *e;

	CHECK(tp_res(syscall(SYS_mknodat, dfd, "nod", S_IFREG | 0600,
			     0x0103)) == 0);
	CHECK(tp_res(syscall(SYS_mknodat, dfd, "nod", S_IFREG | 0644, 0)) ==
	      -EEXIST);
	e = tp_wait_str(LNR_EVT_MKNODAT, "path", "nod");
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == (S_IFREG | 0600));
		CHECK(tp_s64(e, "dev") == 0x0103);
	}
	e = tp_wait_str(LNR_EVT_MKNODAT, "path", "nod");
	if (tp_res_is(e, -EEXIST, t0)) {
		CHECK(tp_s64(e, "dirfd") == dfd);
		CHECK(tp_s64(e, "mode") == (S_IFREG | 0644));
		CHECK(tp_s64(e, "dev") == 0);
	}
	close(dfd);
}

/* chdir into the test directory, then fchdir back. */
static void test_chdir_fchdir(void)
{
	uint64_t t0 = tp_boot_ns();
	int cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(cwd >= 0);
	CHECK(tp_res(syscall(SYS_chdir, tp_dir)) == 0);
	CHECK(tp_res(syscall(SYS_chdir, "nonexistent")) == -ENOENT);
	CHECK(tp_res(syscall(SYS_fchdir, cwd)) == 0);
	CHECK(tp_res(syscall(SYS_fchdir, 9999)) == -EBADF);
	tp_res_is(tp_wait_str(LNR_EVT_CHDIR, "path", tp_dir), 0, t0);
	tp_res_is(tp_wait_str(LNR_EVT_CHDIR, "path", "nonexistent"), -ENOENT,
		  t0);
	tp_res_is(tp_wait_num(LNR_EVT_FCHDIR, "fd", cwd), 0, t0);
	tp_res_is(tp_wait_num(LNR_EVT_FCHDIR, "fd", 9999), -EBADF, t0);
	close(cwd);
}

/* chroot("/") leaves the root where it is. */
static void test_chroot(void)
{
	uint64_t t0 = tp_boot_ns();

	CHECK(tp_res(syscall(SYS_chroot, "/")) == 0);
	CHECK(tp_res(syscall(SYS_chroot, "/nonexistent-lanner")) == -ENOENT);
	tp_res_is(tp_wait_str(LNR_EVT_CHROOT, "path", "/"), 0, t0);
	tp_res_is(tp_wait_str(LNR_EVT_CHROOT, "path", "/nonexistent-lanner"),
		  -ENOENT, t0);
}

static void test_truncate(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;

	tp_in_dir(p, "lk1");
	CHECK(tp_res(syscall(SYS_truncate, p, (long)100)) == 0);
	CHECK(tp_res(syscall(SYS_truncate, p, (long)-1)) == -EINVAL);
	e = tp_wait_str(LNR_EVT_TRUNCATE, "path", p);
	if (tp_res_is(e, 0, t0))
		CHECK(tp_s64(e, "length") == 100);
	e = tp_wait_str(LNR_EVT_TRUNCATE, "path", p);
	if (tp_res_is(e, -EINVAL, t0))
		CHECK(tp_s64(e, "length") == -1);
}

static void test_ftruncate(void)
{
	char p[128];
	uint64_t t0 = tp_boot_ns();
	int fd = open(tp_in_dir(p, "lk1"), O_RDWR | O_CLOEXEC);
	const struct lnr_evt *e;

	CHECK(fd >= 0);
	CHECK(tp_res(syscall(SYS_ftruncate, fd, (long)7)) == 0);
	CHECK(tp_res(syscall(SYS_ftruncate, 9999, (long)1)) == -EBADF);
	e = tp_wait_num(LNR_EVT_FTRUNCATE, "fd", fd);
	if (tp_res_is(e, 0, t0)) {
		CHECK(tp_s64(e, "length") == 7);
		CHECK(tp_str_is(e, "fdpath", p));
	}
	e = tp_wait_num(LNR_EVT_FTRUNCATE, "fd", 9999);
	if (tp_res_is(e, -EBADF, t0)) {
		CHECK(tp_s64(e, "length") == 1);
		CHECK(tp_empty(e, "fdpath"));
	}
	close(fd);
}

/* What the file tests left in the test directory. */
static void files_cleanup(void)
{
	static const char *const files[] = {"r4",   "x1",  "x2",  "sl",
					    "sla",  "lk1", "lk2", "lk4",
					    "fifo", "nod", NULL};
	char p[128];

	for (const char *const *f = files; *f; f++)
		unlink(tp_in_dir(p, *f));
	rmdir(tp_in_dir(p, "mda"));
}

void tp_files_run(void)
{
	test_unlink();
	test_unlinkat();
	test_rename();
	test_renameat();
	test_renameat2();
	test_mkdir();
	test_mkdirat();
	test_rmdir();
	test_symlink();
	test_symlinkat();
	test_link();
	test_linkat();
	test_chmod();
	test_fchmod();
	test_fchmodat();
	test_chown();
	test_fchown();
	test_lchown();
	test_fchownat();
	test_mknod();
	test_mknodat();
	test_chdir_fchdir();
	test_chroot();
	test_truncate();
	test_ftruncate();
	files_cleanup();
}

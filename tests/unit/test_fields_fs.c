/*
 * fs.path.*: the paths open, mkdir, unlink, chmod, chown, rename, link
 * and symlink calls name, raw and resolved against a tracked dirfd or
 * the cwd, for failed calls too; nothing for other events.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>

#include "check.h"
#include "test_fields_util.h"

#define TS 1700000200000000000ull
#define PID 900
#define VARLIB 7 /* the process's fd on /var/lib */
#define SOCKFD 8 /* and a connected socket */
#define CONFFD 9 /* and a file, /etc/app.conf */

static const struct tproc mk_p = {
    .exe = "/usr/bin/mk",
    .comm = "mk",
    .exepath = "/usr/bin/mk",
    .cwd = "/home/u",
    .tid = PID,
    .pid = PID,
    .ptid = 1,
    .start_ts = 1000,
};

static int fs_evt(enum lnr_evt_type type, const struct lnr_pval *v)
{
	return tevt_build(rec, type, TS, PID, PID, v);
}

#define NAME(name, raw) EXPECT({"fs.path.name", name}, {"fs.path.nameraw", raw})
#define SOURCE(path, raw)                                                      \
	EXPECT({"fs.path.source", path}, {"fs.path.sourceraw", raw})
#define TARGET(path, raw)                                                      \
	EXPECT({"fs.path.target", path}, {"fs.path.targetraw", raw})
#define NO_NAME() NAME("<NA>", "<NA>")
#define NO_SOURCE_TARGET()                                                     \
	do {                                                                   \
		SOURCE("<NA>", "<NA>");                                        \
		TARGET("<NA>", "<NA>");                                        \
	} while (0)

/* mkdir family and rmdir: against the dirfd, the cwd, or nothing known. */
static void test_mkdir(void)
{
	struct lnr_pval v[LNR_NPARAMS_MKDIRAT] = {
	    [LNR_PI_MKDIRAT_res] = LNR_PV_NUM(0),
	    [LNR_PI_MKDIRAT_dirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_MKDIRAT_path] = LNR_PV_STR("app/./cache//"),
	    [LNR_PI_MKDIRAT_mode] = LNR_PV_NUM(0700),
	};
	const struct lnr_pval rm[LNR_NPARAMS_RMDIR] = {
	    [LNR_PI_RMDIR_res] = LNR_PV_NUM((uint64_t)-ENOTEMPTY),
	    [LNR_PI_RMDIR_path] = LNR_PV_STR("old/.."),
	};

	begin(fs_evt(LNR_EVT_MKDIRAT, v));
	EXPECT({"evt.type", "mkdirat"}, {"evt.res", "SUCCESS"});
	NAME("/var/lib/app/cache", "app/./cache//");
	NO_SOURCE_TARGET();
	end();
	/* An fd the table does not have: no directory to resolve against. */
	v[LNR_PI_MKDIRAT_dirfd] = LNR_PV_NUM(42);
	begin(fs_evt(LNR_EVT_MKDIRAT, v));
	NAME("app/./cache//", "app/./cache//");
	end();
	/* Nor is a socket's name a directory. */
	v[LNR_PI_MKDIRAT_dirfd] = LNR_PV_NUM(SOCKFD);
	begin(fs_evt(LNR_EVT_MKDIRAT, v));
	NAME("app/./cache//", "app/./cache//");
	end();
	v[LNR_PI_MKDIRAT_path] = LNR_PV_STR("/srv//www/../data");
	begin(fs_evt(LNR_EVT_MKDIRAT, v));
	NAME("/srv/data", "/srv//www/../data");
	end();
	begin(fs_evt(LNR_EVT_RMDIR, rm));
	EXPECT({"evt.res", "ENOTEMPTY"});
	NAME("/home/u", "old/..");
	end();
}

/* unlinkat relative to the cwd, failed, and through io_uring. */
static void test_unlink(void)
{
	struct lnr_pval v[LNR_NPARAMS_UNLINKAT] = {
	    [LNR_PI_UNLINKAT_res] = LNR_PV_NUM((uint64_t)-ENOENT),
	    [LNR_PI_UNLINKAT_dirfd] = LNR_PV_NUM((uint64_t)AT_FDCWD),
	    [LNR_PI_UNLINKAT_name] = LNR_PV_STR("tmp//x.log"),
	    [LNR_PI_UNLINKAT_flags] = LNR_PV_NUM(0),
	};

	begin(fs_evt(LNR_EVT_UNLINKAT, v));
	EXPECT({"evt.type", "unlinkat"}, {"evt.failed", "true"});
	NAME("/home/u/tmp/x.log", "tmp//x.log");
	NO_SOURCE_TARGET();
	end();
	v[LNR_PI_UNLINKAT_res] = LNR_PV_NUM(0);
	v[LNR_PI_UNLINKAT_dirfd] = LNR_PV_NUM(VARLIB);
	v[LNR_PI_UNLINKAT_name] = LNR_PV_STR("../log/wtmp");
	begin(fs_evt(LNR_EVT_IOU_UNLINKAT, v));
	EXPECT({"evt.type", "unlinkat"});
	NAME("/var/log/wtmp", "../log/wtmp");
	end();
}

/* rename: ".." folded, and renameat2 through io_uring. */
static void test_rename(void)
{
	const struct lnr_pval rn[LNR_NPARAMS_RENAME] = {
	    [LNR_PI_RENAME_res] = LNR_PV_NUM(0),
	    [LNR_PI_RENAME_oldpath] = LNR_PV_STR("../u/./a.txt"),
	    [LNR_PI_RENAME_newpath] = LNR_PV_STR("/tmp/../etc/b"),
	};
	const struct lnr_pval iou[LNR_NPARAMS_RENAMEAT2] = {
	    [LNR_PI_RENAMEAT2_res] = LNR_PV_NUM((uint64_t)-EXDEV),
	    [LNR_PI_RENAMEAT2_olddirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_RENAMEAT2_oldpath] = LNR_PV_STR("db"),
	    [LNR_PI_RENAMEAT2_newdirfd] = LNR_PV_NUM((uint64_t)AT_FDCWD),
	    [LNR_PI_RENAMEAT2_newpath] = LNR_PV_STR("db.bak"),
	    [LNR_PI_RENAMEAT2_flags] = LNR_PV_NUM(0),
	};

	begin(fs_evt(LNR_EVT_RENAME, rn));
	SOURCE("/home/u/a.txt", "../u/./a.txt");
	TARGET("/etc/b", "/tmp/../etc/b");
	NO_NAME();
	end();
	begin(fs_evt(LNR_EVT_IOU_RENAMEAT, iou));
	EXPECT({"evt.type", "renameat2"}, {"evt.res", "EXDEV"});
	SOURCE("/var/lib/db", "db");
	TARGET("/home/u/db.bak", "db.bak");
	end();
}

/* linkat: the new link is the source, the existing file the target. */
static void test_link(void)
{
	struct lnr_pval v[LNR_NPARAMS_LINKAT] = {
	    [LNR_PI_LINKAT_res] = LNR_PV_NUM(0),
	    [LNR_PI_LINKAT_olddir] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_LINKAT_oldpath] = LNR_PV_STR("shadow"),
	    [LNR_PI_LINKAT_newdir] = LNR_PV_NUM((uint64_t)AT_FDCWD),
	    [LNR_PI_LINKAT_newpath] = LNR_PV_STR("./copy"),
	    [LNR_PI_LINKAT_flags] = LNR_PV_NUM(0),
	};

	const struct lnr_pval ln[LNR_NPARAMS_LINK] = {
	    [LNR_PI_LINK_res] = LNR_PV_NUM((uint64_t)-EPERM),
	    [LNR_PI_LINK_oldpath] = LNR_PV_STR("/etc/shadow"),
	    [LNR_PI_LINK_newpath] = LNR_PV_STR("sh"),
	};

	begin(fs_evt(LNR_EVT_LINKAT, v));
	EXPECT({"evt.type", "linkat"});
	SOURCE("/home/u/copy", "./copy");
	TARGET("/var/lib/shadow", "shadow");
	NO_NAME();
	end();
	begin(fs_evt(LNR_EVT_IOU_LINKAT, v));
	EXPECT({"evt.type", "linkat"});
	SOURCE("/home/u/copy", "./copy");
	TARGET("/var/lib/shadow", "shadow");
	end();
	/* AT_EMPTY_PATH links the dirfd's own file: no path to resolve. */
	v[LNR_PI_LINKAT_oldpath] = LNR_PV_STR("");
	v[LNR_PI_LINKAT_flags] = LNR_PV_NUM(AT_EMPTY_PATH);
	begin(fs_evt(LNR_EVT_LINKAT, v));
	SOURCE("/home/u/copy", "./copy");
	TARGET("<NA>", "");
	end();
	begin(fs_evt(LNR_EVT_LINK, ln));
	EXPECT({"evt.type", "link"}, {"evt.res", "EPERM"});
	SOURCE("/home/u/sh", "sh");
	TARGET("/etc/shadow", "/etc/shadow");
	end();
}

/* symlink: the link is the source, its content the target, resolved
 * against the link's directory. */
static void test_symlink(void)
{
	struct lnr_pval v[LNR_NPARAMS_SYMLINKAT] = {
	    [LNR_PI_SYMLINKAT_res] = LNR_PV_NUM(0),
	    [LNR_PI_SYMLINKAT_target] = LNR_PV_STR("../../etc/passwd"),
	    [LNR_PI_SYMLINKAT_linkdirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_SYMLINKAT_linkpath] = LNR_PV_STR("app/pw"),
	};
	const struct lnr_pval sl[LNR_NPARAMS_SYMLINK] = {
	    [LNR_PI_SYMLINK_res] = LNR_PV_NUM((uint64_t)-EEXIST),
	    [LNR_PI_SYMLINK_target] = LNR_PV_STR("/etc//shadow"),
	    [LNR_PI_SYMLINK_linkpath] = LNR_PV_STR("s"),
	};

	begin(fs_evt(LNR_EVT_SYMLINKAT, v));
	SOURCE("/var/lib/app/pw", "app/pw");
	TARGET("/var/etc/passwd", "../../etc/passwd");
	NO_NAME();
	end();
	begin(fs_evt(LNR_EVT_IOU_SYMLINKAT, v));
	EXPECT({"evt.type", "symlinkat"});
	SOURCE("/var/lib/app/pw", "app/pw");
	TARGET("/var/etc/passwd", "../../etc/passwd");
	end();
	/* Where the link goes is unknown, so is what its content names. */
	v[LNR_PI_SYMLINKAT_linkdirfd] = LNR_PV_NUM(43);
	begin(fs_evt(LNR_EVT_SYMLINKAT, v));
	SOURCE("app/pw", "app/pw");
	TARGET("../../etc/passwd", "../../etc/passwd");
	end();
	begin(fs_evt(LNR_EVT_SYMLINK, sl));
	EXPECT({"evt.res", "EEXIST"});
	SOURCE("/home/u/s", "s");
	TARGET("/etc/shadow", "/etc//shadow");
	end();
}

/* The opens: the path opened, failed or not, as fd.name has it. */
static void test_open(void)
{
	const struct lnr_pval iou[LNR_NPARAMS_OPENAT2] = {
	    [LNR_PI_OPENAT2_fd] = LNR_PV_NUM((uint64_t)-EACCES),
	    [LNR_PI_OPENAT2_dirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_OPENAT2_name] = LNR_PV_STR("../../etc//shadow"),
	    [LNR_PI_OPENAT2_flags] = LNR_PV_NUM(O_RDONLY),
	};
	const struct lnr_pval cr[LNR_NPARAMS_CREAT] = {
	    [LNR_PI_CREAT_fd] = LNR_PV_NUM(11),
	    [LNR_PI_CREAT_name] = LNR_PV_STR("out/./x"),
	    [LNR_PI_CREAT_mode] = LNR_PV_NUM(0644),
	};

	begin(tevt_open(rec, TS, PID, PID, 10, "notes/../a.txt", O_RDONLY, 0));
	EXPECT({"fd.name", "/home/u/a.txt"});
	NAME("/home/u/a.txt", "notes/../a.txt");
	NO_SOURCE_TARGET();
	end();
	begin(tevt_openat(rec, TS, PID, PID, -ENOENT, VARLIB, "db/x", O_RDONLY,
			  0));
	EXPECT({"evt.failed", "true"});
	NAME("/var/lib/db/x", "db/x");
	end();
	begin(fs_evt(LNR_EVT_IOU_OPENAT2, iou));
	EXPECT({"evt.type", "openat2"}, {"evt.res", "EACCES"});
	NAME("/etc/shadow", "../../etc//shadow");
	end();
	begin(fs_evt(LNR_EVT_CREAT, cr));
	EXPECT({"evt.type", "creat"});
	NAME("/home/u/out/x", "out/./x");
	end();
}

/* chmod: the path given, or for fchmod the path of a tracked file fd. */
static void test_chmod(void)
{
	const struct lnr_pval ch[LNR_NPARAMS_CHMOD] = {
	    [LNR_PI_CHMOD_res] = LNR_PV_NUM((uint64_t)-EPERM),
	    [LNR_PI_CHMOD_filename] = LNR_PV_STR("/etc//passwd"),
	    [LNR_PI_CHMOD_mode] = LNR_PV_NUM(0777),
	};
	struct lnr_pval at[LNR_NPARAMS_FCHMODAT] = {
	    [LNR_PI_FCHMODAT_res] = LNR_PV_NUM(0),
	    [LNR_PI_FCHMODAT_dirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_FCHMODAT_filename] = LNR_PV_STR("app/run.sh"),
	    [LNR_PI_FCHMODAT_mode] = LNR_PV_NUM(0755),
	};
	struct lnr_pval f[LNR_NPARAMS_FCHMOD] = {
	    [LNR_PI_FCHMOD_res] = LNR_PV_NUM(0),
	    [LNR_PI_FCHMOD_fd] = LNR_PV_NUM(CONFFD),
	    [LNR_PI_FCHMOD_mode] = LNR_PV_NUM(0600),
	};

	begin(fs_evt(LNR_EVT_CHMOD, ch));
	EXPECT({"evt.type", "chmod"}, {"evt.res", "EPERM"},
	       {"evt.arg.mode", "S_IXOTH|S_IWOTH|S_IROTH|S_IXGRP|S_IWGRP|"
				"S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR"});
	NAME("/etc/passwd", "/etc//passwd");
	NO_SOURCE_TARGET();
	end();
	begin(fs_evt(LNR_EVT_FCHMODAT, at));
	NAME("/var/lib/app/run.sh", "app/run.sh");
	end();
	/* The mode by name as Falco shows it, set-id bits last. */
	at[LNR_PI_FCHMODAT_mode] = LNR_PV_NUM(06750);
	begin(fs_evt(LNR_EVT_FCHMODAT, at));
	EXPECT({"evt.arg.mode",
		"S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISGID|S_ISUID"},
	       {"evt.rawarg.mode", "3560"});
	end();
	at[LNR_PI_FCHMODAT_mode] = LNR_PV_NUM(0);
	begin(fs_evt(LNR_EVT_FCHMODAT, at));
	EXPECT({"evt.arg.mode", "0"});
	end();
	begin(fs_evt(LNR_EVT_FCHMOD, f));
	NAME("/etc/app.conf", "/etc/app.conf");
	NO_SOURCE_TARGET();
	end();
	/* An fd the table does not have, and a socket, name no path. */
	f[LNR_PI_FCHMOD_fd] = LNR_PV_NUM(44);
	begin(fs_evt(LNR_EVT_FCHMOD, f));
	NO_NAME();
	end();
	/* One whose open the probe left out: the kernel's path of it. */
	f[LNR_PI_FCHMOD_fdpath] = LNR_PV_STR("/etc/left-out");
	begin(fs_evt(LNR_EVT_FCHMOD, f));
	NAME("/etc/left-out", "/etc/left-out");
	end();
	f[LNR_PI_FCHMOD_fdpath] = LNR_PV_STR("");
	f[LNR_PI_FCHMOD_fd] = LNR_PV_NUM(SOCKFD);
	begin(fs_evt(LNR_EVT_FCHMOD, f));
	NO_NAME();
	end();
}

/* chown and lchown against the cwd, fchownat a dirfd, fchown an fd. */
static void test_chown(void)
{
	const struct lnr_pval ch[LNR_NPARAMS_CHOWN] = {
	    [LNR_PI_CHOWN_res] = LNR_PV_NUM(0),
	    [LNR_PI_CHOWN_path] = LNR_PV_STR("bin/tool"),
	    [LNR_PI_CHOWN_uid] = LNR_PV_NUM(0),
	    [LNR_PI_CHOWN_gid] = LNR_PV_NUM(0),
	};
	const struct lnr_pval at[LNR_NPARAMS_FCHOWNAT] = {
	    [LNR_PI_FCHOWNAT_res] = LNR_PV_NUM((uint64_t)-ENOENT),
	    [LNR_PI_FCHOWNAT_dirfd] = LNR_PV_NUM(VARLIB),
	    [LNR_PI_FCHOWNAT_pathname] = LNR_PV_STR("./sudoers"),
	    [LNR_PI_FCHOWNAT_flags] = LNR_PV_NUM(AT_SYMLINK_NOFOLLOW),
	};
	const struct lnr_pval f[LNR_NPARAMS_FCHOWN] = {
	    [LNR_PI_FCHOWN_res] = LNR_PV_NUM(0),
	    [LNR_PI_FCHOWN_fd] = LNR_PV_NUM(VARLIB),
	};

	begin(fs_evt(LNR_EVT_CHOWN, ch));
	NAME("/home/u/bin/tool", "bin/tool");
	end();
	begin(fs_evt(LNR_EVT_LCHOWN, ch));
	EXPECT({"evt.type", "lchown"});
	NAME("/home/u/bin/tool", "bin/tool");
	end();
	begin(fs_evt(LNR_EVT_FCHOWNAT, at));
	EXPECT({"evt.failed", "true"});
	NAME("/var/lib/sudoers", "./sudoers");
	end();
	begin(fs_evt(LNR_EVT_FCHOWN, f));
	NAME("/var/lib", "/var/lib");
	NO_SOURCE_TARGET();
	end();
}

/* Other events have no fs.path value, even those naming a path. */
static void test_other_events(void)
{
	const struct lnr_pval cd[LNR_NPARAMS_CHDIR] = {
	    [LNR_PI_CHDIR_res] = LNR_PV_NUM((uint64_t)-ENOENT),
	    [LNR_PI_CHDIR_path] = LNR_PV_STR("/nonexistent"),
	};

	begin(fs_evt(LNR_EVT_CHDIR, cd));
	NO_NAME();
	NO_SOURCE_TARGET();
	end();
}

void test_fs_fields(void)
{
	static const uint8_t tuple[] = {LNR_AF_INET, 127, 0, 0, 1,  0x40, 0x9c,
					10,	     0,	  0, 1, 80, 0};
	const struct lnr_pval sk[LNR_NPARAMS_SOCKET] = {
	    [LNR_PI_SOCKET_fd] = LNR_PV_NUM(SOCKFD),
	    [LNR_PI_SOCKET_domain] = LNR_PV_NUM(AF_INET),
	    [LNR_PI_SOCKET_type] = LNR_PV_NUM(SOCK_STREAM),
	};
	const struct lnr_pval co[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(tuple, sizeof(tuple)),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(SOCKFD),
	};

	begin(tevt_snapshot(rec, TS, &mk_p));
	end();
	begin(tevt_openat(rec, TS, PID, PID, VARLIB, AT_FDCWD, "/var/lib",
			  O_RDONLY | O_DIRECTORY, 0));
	end();
	begin(tevt_open(rec, TS, PID, PID, CONFFD, "/etc/app.conf", O_RDWR, 0));
	end();
	begin(fs_evt(LNR_EVT_SOCKET, sk));
	end();
	begin(fs_evt(LNR_EVT_CONNECT, co));
	EXPECT({"fd.name", "127.0.0.1:40000->10.0.0.1:80"});
	end();
	test_open();
	test_mkdir();
	test_unlink();
	test_rename();
	test_link();
	test_symlink();
	test_chmod();
	test_chown();
	test_other_events();
}

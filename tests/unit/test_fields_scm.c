/*
 * fds received over a unix socket (SCM_RIGHTS): after the recvmsg that
 * carried them, each fd's fd.* on a later close is the one its sender
 * had, by kind: a file and a directory by path, a pipe, an eventfd and
 * a memfd as the calls that make them name them, an accepted and a
 * connecting TCP socket with their ends the right way round, a unix
 * socket by its address. The socket recvmsg came on is what the
 * recvmsg itself is about. A failed call, or entries of the wrong size,
 * add nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "check.h"
#include "test_fields_util.h"

#define TS 1700000500000000000ull
#define PID 970

static const struct tproc worker_p = {
    .exe = "/usr/sbin/worker",
    .comm = "worker",
    .exepath = "/usr/sbin/worker",
    .cwd = "/",
    .tid = PID,
    .pid = PID,
    .ptid = 1,
    .start_ts = 1000,
};

static struct lnr_rfd rfd(int32_t fd, uint32_t mode, uint32_t fsmagic,
			  uint32_t flags)
{
	struct lnr_rfd r = {.fd = fd, .mode = mode, .fsmagic = fsmagic};

	r.flags = flags;
	r.dev = 0x803;
	r.ino = 1000 + (uint64_t)fd;
	return r;
}

/* A TCP socket between 10.0.0.1:lport and 10.0.0.2:rport; listened:
 * accepted from a listener. */
static struct lnr_rfd tcp(int32_t fd, uint16_t lport, uint16_t rport,
			  uint8_t listened)
{
	struct lnr_rfd r = rfd(fd, S_IFSOCK | 0777, SOCKFS_MAGIC, O_RDWR);

	r.family = AF_INET;
	r.proto = IPPROTO_TCP;
	inet_pton(AF_INET, "10.0.0.1", r.laddr);
	inet_pton(AF_INET, "10.0.0.2", r.raddr);
	r.lport = lport;
	r.rport = rport;
	r.listened = listened;
	return r;
}

/* A recvmsg on socket 3 returning res, with n entries and names (one
 * string after another). */
static int recvmsg_evt(int64_t res, const struct lnr_rfd *r, size_t len,
		       const char *names, size_t nlen)
{
	struct lnr_pval v[LNR_NPARAMS_RECVMSG] = {
	    [LNR_PI_RECVMSG_res] = LNR_PV_NUM((uint64_t)res),
	    [LNR_PI_RECVMSG_fd] = LNR_PV_NUM(3),
	    [LNR_PI_RECVMSG_fds] = LNR_PV_BYTES(r, len),
	    [LNR_PI_RECVMSG_fdnames] = LNR_PV_BYTES(names, nlen),
	};

	return tevt_build(rec, LNR_EVT_RECVMSG, TS, PID, PID, v);
}

static const char names[] = "/srv/data/report.csv\0"
			    "/srv/data\0"
			    "\0"
			    "[eventfd]\0"
			    "memfd:blob\0"
			    "\0"
			    "\0"
			    "/run/app.sock";

static void receive_all(void)
{
	struct lnr_rfd r[LNR_RFDS_MAX] = {
	    rfd(10, S_IFREG | 0640, 0xef53, O_RDWR | O_APPEND | O_CLOEXEC),
	    rfd(11, S_IFDIR | 0755, 0xef53, O_RDONLY | O_DIRECTORY),
	    rfd(12, S_IFIFO | 0600, PIPEFS_MAGIC, O_RDONLY | O_CLOEXEC),
	    rfd(13, 0600, ANON_INODE_FS_MAGIC, O_RDWR),
	    rfd(14, S_IFREG | 0777, TMPFS_MAGIC, O_RDWR),
	    tcp(15, 58443, 41000, 1), /* accepted: the server's end */
	    tcp(16, 42000, 443, 0),   /* connected to a server */
	    rfd(17, S_IFSOCK | 0777, SOCKFS_MAGIC, O_RDWR),
	};
	r[7].family = AF_UNIX;
	begin(recvmsg_evt(1, r, sizeof(r), names, sizeof(names)));
	/* The recvmsg is about the socket it came on, unknown here. */
	EXPECT({"fd.num", "<NA>"}, {"evt.arg.fd", "3"});
	end();
}

static void expect_close(int fd, const struct fcase *c, size_t n)
{
	begin(tevt_close(rec, TS, PID, PID, 0, fd));
	expect(c, n);
	end();
}

#define EXPECT_CLOSE(fd, ...)                                                  \
	do {                                                                   \
		static const struct fcase cases_[] = {__VA_ARGS__};            \
		expect_close(fd, cases_, sizeof(cases_) / sizeof(cases_[0]));  \
	} while (0)

static void check_files(void)
{
	const struct sfd *f = state_fd_find(&st.fds, PID, 10);

	CHECK(f && f->flags == (O_RDWR | O_APPEND | O_CLOEXEC));
	CHECK(f && f->dev == 0x803 && f->ino == 1010);
	EXPECT_CLOSE(10, {"fd.name", "/srv/data/report.csv"},
		     {"fd.type", "file"}, {"fd.directory", "/srv/data"},
		     {"fd.filename", "report.csv"}, {"fd.ino", "1010"});
	EXPECT_CLOSE(11, {"fd.name", "/srv/data"}, {"fd.type", "directory"});
	f = state_fd_find(&st.fds, PID, 12);
	CHECK(f && f->flags == O_CLOEXEC);
	EXPECT_CLOSE(12, {"fd.name", ""}, {"fd.type", "pipe"},
		     {"fd.ino", "1012"});
	EXPECT_CLOSE(13, {"fd.name", ""}, {"fd.type", "event"});
	EXPECT_CLOSE(14, {"fd.name", "blob"}, {"fd.type", "memfd"});
}

static void check_sockets(void)
{
	EXPECT_CLOSE(15, {"fd.name", "10.0.0.2:41000->10.0.0.1:58443"},
		     {"fd.type", "ipv4"}, {"fd.l4proto", "tcp"},
		     {"fd.sip", "10.0.0.1"}, {"fd.sport", "58443"},
		     {"fd.cport", "41000"}, {"fd.is_server", "true"},
		     {"fd.lport", "58443"}, {"fd.rport", "41000"});
	EXPECT_CLOSE(16, {"fd.name", "10.0.0.1:42000->10.0.0.2:443"},
		     {"fd.is_server", "false"}, {"fd.sport", "443"},
		     {"fd.lip", "10.0.0.1"});
	EXPECT_CLOSE(17, {"fd.name", "/run/app.sock"}, {"fd.type", "unix"},
		     {"fd.typechar", "u"});
}

/* A bound socket alone, an anonymous inode lanner has no kind for, and
 * fewer names than entries. */
static void check_others(void)
{
	struct lnr_rfd r[3] = {
	    tcp(20, 5353, 0, 1),
	    rfd(21, 0600, ANON_INODE_FS_MAGIC, O_RDWR),
	    rfd(22, S_IFREG | 0600, 0xef53, O_RDONLY),
	};
	static const char few[] = "\0[eventpoll]";

	r[0].proto = IPPROTO_UDP;
	begin(recvmsg_evt(1, r, sizeof(r), few, sizeof(few)));
	end();
	EXPECT_CLOSE(20, {"fd.name", "10.0.0.1:5353"}, {"fd.l4proto", "udp"},
		     {"fd.is_server", "true"});
	EXPECT_CLOSE(21, {"fd.name", "anon_inode:[eventpoll]"},
		     {"fd.type", "file"});
	EXPECT_CLOSE(22, {"fd.name", ""}, {"fd.type", "file"});
}

/* Nothing enters the table from a failed call or entries that are not
 * whole; an fd lanner had under a number received is replaced. */
static void check_refused(void)
{
	struct lnr_rfd r = rfd(30, S_IFREG | 0600, 0xef53, O_RDONLY);
	static const char name[] = "/etc/shadow";

	begin(recvmsg_evt(-EAGAIN, &r, sizeof(r), name, sizeof(name)));
	end();
	begin(recvmsg_evt(1, &r, sizeof(r) - 1, name, sizeof(name)));
	end();
	CHECK(state_fd_find(&st.fds, PID, 30) == NULL);
	begin(tevt_open(rec, TS, PID, PID, 30, "/tmp/old", O_RDONLY, 0));
	end();
	begin(recvmsg_evt(1, &r, sizeof(r), name, sizeof(name)));
	end();
	EXPECT_CLOSE(30, {"fd.name", "/etc/shadow"});
}

void test_scm_fields(void)
{
	begin(tevt_snapshot(rec, TS, &worker_p));
	end();
	receive_all();
	check_files();
	check_sockets();
	check_others();
	check_refused();
}

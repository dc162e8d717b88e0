/*
 * fds passed over a unix socket (SCM_RIGHTS): recvmsg and its io_uring
 * twin report each fd the kernel installed, as the receiver's table has
 * it (fds, struct lnr_rfd), and its name (fdnames). One fd of each kind
 * is sent: a file, a directory, a pipe, an eventfd, a memfd, both ends
 * of a TCP connection and a bound unix socket; every field of every
 * entry is checked against what fstat, fstatfs, fdinfo and getsockname
 * say of the fd received.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <unistd.h>

#include <liburing.h>

#include "check.h"
#include "probe_load.h"
#include "test_probe_util.h"

#define NKINDS LNR_RFDS_MAX

/* What was sent, and the names the receiver's fds must have. */
struct sent {
	int fd[NKINDS];
	char name[NKINDS][128];
};

static int listener(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(l >= 0 && bind(l, (struct sockaddr *)a, sizeof(*a)) == 0);
	CHECK(listen(l, 1) == 0);
	CHECK(getsockname(l, (struct sockaddr *)a, &len) == 0);
	return l;
}

/* Both ends of a TCP connection: the server's and the client's. */
static void tcp_pair(int *srv, int *cli)
{
	struct sockaddr_in a;
	int l = listener(&a);

	*cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(connect(*cli, (struct sockaddr *)&a, sizeof(a)) == 0);
	*srv = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	CHECK(*srv >= 0);
	close(l);
}

static int unix_bound(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	CHECK(strlen(path) < sizeof(a.sun_path));
	memcpy(a.sun_path, path, strnlen(path, sizeof(a.sun_path) - 1));
	unlink(path);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	return fd;
}

static void make_fds(struct sent *s)
{
	char dir[128];
	int p[2];

	tp_make_file("scm-file");
	snprintf(s->name[0], sizeof(s->name[0]), "%s",
		 tp_in_dir(dir, "scm-file"));
	s->fd[0] = open(s->name[0], O_RDWR | O_APPEND | O_CLOEXEC);
	snprintf(s->name[1], sizeof(s->name[1]), "%s", tp_dir);
	s->fd[1] = open(tp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	CHECK(pipe2(p, O_CLOEXEC) == 0);
	close(p[1]);
	s->fd[2] = p[0]; /* a pipe has no name */
	s->fd[3] = eventfd(0, EFD_CLOEXEC);
	strcpy(s->name[3], "[eventfd]");
	s->fd[4] = memfd_create("lnr-scm", MFD_CLOEXEC);
	strcpy(s->name[4], "memfd:lnr-scm");
	tcp_pair(&s->fd[5], &s->fd[7]); /* an IP socket has no name */
	snprintf(s->name[6], sizeof(s->name[6]), "%s",
		 tp_in_dir(dir, "scm.sock"));
	s->fd[6] = unix_bound(s->name[6]);
	for (int i = 0; i < NKINDS; i++)
		CHECK(s->fd[i] >= 0);
}

static void close_fds(struct sent *s)
{
	for (int i = 0; i < NKINDS; i++)
		close(s->fd[i]);
	unlink(s->name[6]);
}

/* Room for the fds, and for the credentials a socket with SO_PASSCRED
 * gets before them. */
union cmsg_room {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(struct ucred)) +
		 CMSG_SPACE(NKINDS * sizeof(int))];
};

/* The receiver's side of one message: its buffers, then the fds the
 * kernel put in its control buffer. */
struct recv_msg {
	union cmsg_room c;
	char byte;
	struct iovec iov;
	struct msghdr m;
	int fd[NKINDS];
};

static void recv_prepare(struct recv_msg *r)
{
	memset(r, 0, sizeof(*r));
	r->iov = (struct iovec){&r->byte, 1};
	r->m = (struct msghdr){.msg_iov = &r->iov,
			       .msg_iovlen = 1,
			       .msg_control = r->c.buf,
			       .msg_controllen = sizeof(r->c.buf)};
}

static void recv_fds_of(struct recv_msg *r)
{
	struct cmsghdr *h = CMSG_FIRSTHDR(&r->m);

	while (h && h->cmsg_type != SCM_RIGHTS)
		h = CMSG_NXTHDR(&r->m, h);
	CHECK(h && h->cmsg_len == CMSG_LEN(NKINDS * sizeof(int)));
	if (h)
		memcpy(r->fd, CMSG_DATA(h), NKINDS * sizeof(int));
}

/* fdinfo's flags of fd: f_flags, with O_CLOEXEC as the table has it. */
static uint32_t fdinfo_flags(int fd)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	CHECK(f != NULL);
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strstr(buf, "flags:");
	return p ? (uint32_t)strtoul(p + 6, NULL, 8) : 0;
}

/* An IP socket's ends, as getsockname and getpeername see them; the
 * server's end is the accepted one. */
static void check_sock(const struct lnr_rfd *e, int fd, int server)
{
	struct sockaddr_in l = {0}, r = {0};
	socklen_t len = sizeof(l);

	CHECK(getsockname(fd, (struct sockaddr *)&l, &len) == 0);
	len = sizeof(r);
	CHECK(getpeername(fd, (struct sockaddr *)&r, &len) == 0);
	CHECK(e->family == AF_INET && e->proto == IPPROTO_TCP);
	CHECK(memcmp(e->laddr, &l.sin_addr, 4) == 0);
	CHECK(memcmp(e->raddr, &r.sin_addr, 4) == 0);
	CHECK(e->lport == ntohs(l.sin_port) && e->rport == ntohs(r.sin_port));
	CHECK(e->listened == server);
}

/* Entry i describes received fd fd; cloexec: what the table says. */
static void check_entry(const struct lnr_rfd *e, int fd, int i, int cloexec)
{
	uint32_t want = fdinfo_flags(fd) & ~(uint32_t)O_CLOEXEC;
	struct statfs sf = {0};
	struct stat st = {0};

	CHECK(fstat(fd, &st) == 0 && fstatfs(fd, &sf) == 0);
	CHECK(e->fd == fd && e->mode == st.st_mode);
	CHECK(e->dev == (uint32_t)st.st_dev && e->ino == st.st_ino);
	CHECK(e->fsmagic == (uint32_t)sf.f_type);
	CHECK((e->flags & ~(uint32_t)O_CLOEXEC) == want);
	CHECK(!!(e->flags & O_CLOEXEC) == cloexec);
	CHECK(!!(fcntl(fd, F_GETFD) & FD_CLOEXEC) == cloexec);
	if (S_ISSOCK(st.st_mode) && e->family != AF_UNIX)
		check_sock(e, fd, i == 5);
	else
		CHECK(e->family == (S_ISSOCK(st.st_mode) ? AF_UNIX : 0));
}

/* The record's fds and fdnames against the fds received. */
static void check_rfds(const struct lnr_evt *e, const struct sent *s,
		       const int *got, int cloexec)
{
	uint16_t len, nlen;
	const uint8_t *p = tp_param(e, "fds", &len);
	const char *names = (const char *)tp_param(e, "fdnames", &nlen);
	struct lnr_rfd r;
	size_t at = 0;

	CHECK(p && len == NKINDS * sizeof(struct lnr_rfd));
	CHECK(names && nlen > 0 && names[nlen - 1] == '\0');
	if (!p || len != NKINDS * sizeof(r) || !names)
		return;
	for (int i = 0; i < NKINDS; i++) {
		memcpy(&r, p + i * sizeof(r), sizeof(r));
		check_entry(&r, got[i], i, cloexec);
		CHECK(at < nlen && strcmp(names + at, s->name[i]) == 0);
		if (at < nlen && strcmp(names + at, s->name[i]) != 0)
			fprintf(stderr, "  fdnames[%d] is '%s', not '%s'\n", i,
				names + at, s->name[i]);
		at += at < nlen ? strlen(names + at) + 1 : 0;
	}
	CHECK(at == nlen);
}

static void close_got(const int *got)
{
	for (int i = 0; i < NKINDS; i++)
		close(got[i]);
}

/* recvmsg with and without MSG_CMSG_CLOEXEC, the second time after
 * credentials; then one with no fds, and a failing one. */
static void test_recvmsg(const struct sent *s, int pair[2])
{
	struct recv_msg r;
	const struct lnr_evt *e;
	uint64_t t0;
	int on = 1, off = 0;

	for (int cloexec = 0; cloexec < 2; cloexec++) {
		CHECK(setsockopt(pair[1], SOL_SOCKET, SO_PASSCRED,
				 cloexec ? &on : &off, sizeof(on)) == 0);
		tp_send_fds(pair[0], s->fd, NKINDS);
		recv_prepare(&r);
		t0 = tp_boot_ns();
		CHECK(recvmsg(pair[1], &r.m, cloexec ? MSG_CMSG_CLOEXEC : 0) ==
		      1);
		recv_fds_of(&r);
		e = tp_own(LNR_EVT_RECVMSG, t0);
		CHECK(e && tp_s64(e, "res") == 1 && tp_s64(e, "fd") == pair[1]);
		if (e)
			check_rfds(e, s, r.fd, cloexec);
		close_got(r.fd);
	}
	CHECK(setsockopt(pair[1], SOL_SOCKET, SO_PASSCRED, &off, sizeof(off)) ==
	      0);
	CHECK(send(pair[0], "y", 1, 0) == 1);
	recv_prepare(&r);
	t0 = tp_boot_ns();
	CHECK(recvmsg(pair[1], &r.m, 0) == 1);
	e = tp_own(LNR_EVT_RECVMSG, t0);
	CHECK(e && tp_empty(e, "fds") && tp_empty(e, "fdnames"));
	CHECK(recvmsg(pair[1], &r.m, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	e = tp_own(LNR_EVT_RECVMSG, t0);
	CHECK(e && tp_s64(e, "res") == -EAGAIN);
	CHECK(e && tp_empty(e, "fds") && tp_empty(e, "fdnames"));
}

/* Selected for the state only, recvmsg is recorded when it received
 * fds: the calls without, and the failing one, are left out, so the next
 * record is the one with fds. */
static void test_recvmsg_state_only(const struct sent *s, int pair[2])
{
	struct recv_msg r;
	const struct lnr_evt *e;
	uint64_t t0 = tp_boot_ns();

	CHECK(tp_select(LNR_EVT_RECVMSG, PROBE_STATE_ONLY) == 0);
	CHECK(send(pair[0], "y", 1, 0) == 1);
	recv_prepare(&r);
	CHECK(recvmsg(pair[1], &r.m, 0) == 1);
	CHECK(recvmsg(pair[1], &r.m, MSG_DONTWAIT) == -1 && errno == EAGAIN);
	tp_send_fds(pair[0], s->fd, NKINDS);
	recv_prepare(&r);
	CHECK(recvmsg(pair[1], &r.m, 0) == 1);
	recv_fds_of(&r);
	e = tp_own(LNR_EVT_RECVMSG, t0);
	CHECK(e && tp_s64(e, "res") == 1 && !tp_empty(e, "fds"));
	close_got(r.fd);
	CHECK(tp_select(LNR_EVT_RECVMSG, 1) == 0);
}

/* The io_uring twin, inline and on a kernel worker, which shares the
 * submitter's fd table. */
static void test_iou_recvmsg(const struct sent *s, int pair[2])
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	const struct lnr_evt *e;
	struct recv_msg r;
	uint64_t t0;
	int err = io_uring_queue_init(4, &ring, 0);

	if (err == -ENOSYS || err == -EPERM) {
		printf("SKIP: io_uring recvmsg: %s\n", strerror(-err));
		return;
	}
	CHECK(err == 0);
	for (unsigned flags = 0; err == 0 && flags <= IOSQE_ASYNC;
	     flags += IOSQE_ASYNC) {
		tp_send_fds(pair[0], s->fd, NKINDS);
		recv_prepare(&r);
		t0 = tp_boot_ns();
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_recvmsg(sqe, pair[1], &r.m, 0);
		io_uring_sqe_set_flags(sqe, flags);
		CHECK(io_uring_submit(&ring) == 1);
		CHECK(io_uring_wait_cqe(&ring, &cqe) == 0 && cqe->res == 1);
		io_uring_cqe_seen(&ring, cqe);
		recv_fds_of(&r);
		e = tp_own(LNR_EVT_IOU_RECVMSG, t0);
		CHECK(e && tp_s64(e, "res") == 1 && tp_s64(e, "fd") == pair[1]);
		if (e)
			check_rfds(e, s, r.fd, 0);
		close_got(r.fd);
	}
	if (err == 0)
		io_uring_queue_exit(&ring);
}

void tp_scm_run(void)
{
	struct sent s = {0};
	int pair[2];

	make_fds(&s);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
	test_recvmsg(&s, pair);
	test_recvmsg_state_only(&s, pair);
	test_iou_recvmsg(&s, pair);
	close(pair[0]);
	close(pair[1]);
	close_fds(&s);
	tp_in_dir(s.name[0], "scm-file");
	unlink(s.name[0]);
}

/*
 * io_uring reads, writes, sends and receives: each must arrive as its
 * syscall twin (read, write, readv, writev, sendto, recvfrom, sendmsg,
 * recvmsg) with every parameter, the data bytes and socket ends
 * included, also when a kernel worker does the work (IOSQE_ASYNC), on
 * registered buffers and files, and in failing forms. Reads and writes
 * stay off until selected, as their twins do.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include "check.h"
#include "probe.h"
#include "test_probe_util.h"

/* Opcodes Debian 12's liburing 2.3 does not name (uapi numbers). */
#define OP_READV_FIXED 60 /* 6.15 */

static const enum lnr_evt_type rw_types[] = {
    LNR_EVT_IOU_READ,
    LNR_EVT_IOU_WRITE,
    LNR_EVT_IOU_READV,
    LNR_EVT_IOU_WRITEV,
};
#define NRW (sizeof(rw_types) / sizeof(rw_types[0]))

static struct io_uring ring;

/* Submits the prepared entry and returns its result; a zero-copy send's
 * notification, which follows its result, is consumed too. */
static int submit(struct io_uring_sqe *sqe, unsigned flags)
{
	struct io_uring_cqe *cqe;
	int res, more;

	io_uring_sqe_set_flags(sqe, flags);
	CHECK(io_uring_submit(&ring) == 1);
	if (io_uring_wait_cqe(&ring, &cqe))
		return -EIO;
	res = cqe->res;
	more = cqe->flags & IORING_CQE_F_MORE;
	io_uring_cqe_seen(&ring, cqe);
	if (more && io_uring_wait_cqe(&ring, &cqe) == 0)
		io_uring_cqe_seen(&ring, cqe);
	return res;
}

static int data_is(const struct lnr_evt *e, const void *want, size_t n)
{
	uint16_t len = 0;
	const uint8_t *p = e ? tp_param(e, "data", &len) : NULL;

	return p && len == n && !memcmp(p, want, n);
}

/* The record of an io_uring operation of this thread since t0. */
static const struct lnr_evt *iou_own(enum lnr_evt_type type, uint64_t t0)
{
	const struct lnr_evt *e = tp_own(type, t0);

	CHECK(e && e->info->kind == LNR_KIND_IOURING);
	return e;
}

static int iou_rw(int op, int fd, void *buf, unsigned n, unsigned flags)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

	io_uring_prep_rw(op, sqe, fd, buf, n, 0);
	return submit(sqe, flags);
}

/* Off at load: a read through io_uring before selection leaves none. */
static void test_off_by_default(int rfd, int wfd)
{
	uint64_t t0 = tp_boot_ns();
	char buf[8];

	CHECK(write(wfd, "unseen", 6) == 6);
	CHECK(iou_rw(IORING_OP_READ, rfd, buf, sizeof(buf), 0) == 6);
	CHECK(syscall(SYS_setresuid, -1, -1, -1) == 0);
	CHECK(tp_own(LNR_EVT_SETRESUID, t0) != NULL);
	CHECK(tp_wait(LNR_EVT_IOU_READ, gettid()) == NULL);
}

/* A file written and read back, inline or on a kernel worker: the
 * record names this thread and carries the bytes. */
static void test_read_write(const char *name, unsigned flags)
{
	static const char msg[] = "lanner reads io_uring";
	char path[128], buf[64], big[200];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	int fd;

	fd = open(tp_in_dir(path, name), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
		  0600);
	CHECK(fd >= 0);
	CHECK(iou_rw(IORING_OP_WRITE, fd, (void *)msg, sizeof(msg), flags) ==
	      sizeof(msg));
	e = iou_own(LNR_EVT_IOU_WRITE, t0);
	CHECK(e && !strcmp(e->info->name, "write"));
	CHECK(e && tp_s64(e, "res") == sizeof(msg) && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "size") == sizeof(msg));
	CHECK(data_is(e, msg, sizeof(msg)));

	CHECK(iou_rw(IORING_OP_READ, fd, buf, sizeof(buf), flags) ==
	      sizeof(msg));
	e = iou_own(LNR_EVT_IOU_READ, t0);
	CHECK(e && !strcmp(e->info->name, "read"));
	CHECK(e && tp_s64(e, "res") == sizeof(msg) && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "size") == sizeof(buf));
	CHECK(data_is(e, msg, sizeof(msg)));

	/* Longer than the snap length: cut, both ways. */
	memset(big, 'q', sizeof(big));
	CHECK(iou_rw(IORING_OP_WRITE, fd, big, sizeof(big), flags) ==
	      sizeof(big));
	e = iou_own(LNR_EVT_IOU_WRITE, t0);
	CHECK(e && tp_s64(e, "size") == sizeof(big));
	CHECK(data_is(e, big, LNR_PROBE_SNAPLEN));
	CHECK(iou_rw(IORING_OP_READ, fd, big, sizeof(big), flags) ==
	      sizeof(big));
	e = iou_own(LNR_EVT_IOU_READ, t0);
	CHECK(e && tp_s64(e, "res") == sizeof(big));
	CHECK(data_is(e, big, LNR_PROBE_SNAPLEN));
	close(fd);
	unlink(path);
}

/* Failing forms: a read on a descriptor open for writing only carries
 * no data; a write on one open for reading carries what it offered, as
 * write(2)'s record does. */
static void test_rw_fails(void)
{
	char path[128], buf[16];
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	int wfd, rfd;

	tp_make_file("iou_rwfail");
	wfd = open(tp_in_dir(path, "iou_rwfail"), O_WRONLY | O_CLOEXEC);
	rfd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(wfd >= 0 && rfd >= 0);
	CHECK(iou_rw(IORING_OP_READ, wfd, buf, sizeof(buf), 0) == -EBADF);
	e = iou_own(LNR_EVT_IOU_READ, t0);
	CHECK(e && tp_s64(e, "res") == -EBADF && tp_s64(e, "fd") == wfd);
	CHECK(e && tp_s64(e, "size") == sizeof(buf) && tp_empty(e, "data"));

	CHECK(iou_rw(IORING_OP_WRITE, rfd, "nope", 4, IOSQE_ASYNC) == -EBADF);
	e = iou_own(LNR_EVT_IOU_WRITE, t0);
	CHECK(e && tp_s64(e, "res") == -EBADF && tp_s64(e, "fd") == rfd);
	CHECK(e && tp_s64(e, "size") == 4 && data_is(e, "nope", 4));
	close(wfd);
	close(rfd);
	unlink(path);
}

static void test_vectors(unsigned flags)
{
	struct iovec iov[2] = {{(void *)"vec-one", 7}, {(void *)"vec-two", 7}};
	uint64_t t0 = tp_boot_ns();
	const struct lnr_evt *e;
	char path[128], buf[16];
	int fd;

	fd = open(tp_in_dir(path, "iou_vec"),
		  O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK(iou_rw(IORING_OP_WRITEV, fd, iov, 2, flags) == 14);
	e = iou_own(LNR_EVT_IOU_WRITEV, t0);
	CHECK(e && !strcmp(e->info->name, "writev"));
	CHECK(e && tp_s64(e, "res") == 14 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "iovcnt") == 2 && data_is(e, "vec-one", 7));

	iov[0].iov_base = buf;
	iov[0].iov_len = 4;
	iov[1].iov_base = buf + 4;
	iov[1].iov_len = 8;
	CHECK(iou_rw(IORING_OP_READV, fd, iov, 2, flags) == 12);
	e = iou_own(LNR_EVT_IOU_READV, t0);
	CHECK(e && !strcmp(e->info->name, "readv"));
	CHECK(e && tp_s64(e, "res") == 12 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "iovcnt") == 2 && data_is(e, "vec-", 4));

	/* The failing form: a descriptor that is not open. */
	CHECK(iou_rw(IORING_OP_READV, 1000, iov, 1, flags) == -EBADF);
	e = iou_own(LNR_EVT_IOU_READV, t0);
	CHECK(e && tp_s64(e, "res") == -EBADF && tp_s64(e, "fd") == 1000);
	CHECK(e && tp_s64(e, "iovcnt") == 1 && tp_empty(e, "data"));
	close(fd);
	unlink(path);
}

/* Registered buffers: READ_FIXED and WRITE_FIXED are read and write,
 * READV_FIXED (6.15) is readv. */
static void test_fixed_buffers(void)
{
	static char area[256];
	struct iovec reg = {area, sizeof(area)}, iov;
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char path[128];
	int fd, r;

	CHECK(io_uring_register_buffers(&ring, &reg, 1) == 0);
	fd = open(tp_in_dir(path, "iou_fixed"),
		  O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	memcpy(area, "fixed-bytes", 11);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write_fixed(sqe, fd, area, 11, 0, 0);
	CHECK(submit(sqe, 0) == 11);
	e = iou_own(LNR_EVT_IOU_WRITE, t0);
	CHECK(e && tp_s64(e, "res") == 11 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "size") == 11 && data_is(e, "fixed-bytes", 11));

	memset(area, 0, sizeof(area));
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read_fixed(sqe, fd, area + 100, 50, 0, 0);
	CHECK(submit(sqe, IOSQE_ASYNC) == 11);
	e = iou_own(LNR_EVT_IOU_READ, t0);
	CHECK(e && tp_s64(e, "res") == 11 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "size") == 50 && data_is(e, "fixed-bytes", 11));

	iov.iov_base = area + 200;
	iov.iov_len = 5;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(OP_READV_FIXED, sqe, fd, &iov, 1, 0);
	sqe->buf_index = 0;
	r = submit(sqe, 0);
	if (r != -EINVAL) { /* -EINVAL: a kernel without the opcode */
		CHECK(r == 5);
		e = iou_own(LNR_EVT_IOU_READV, t0);
		CHECK(e && tp_s64(e, "res") == 5 && tp_s64(e, "iovcnt") == 1);
		CHECK(e && tp_s64(e, "fd") == fd && data_is(e, "fixed", 5));
	} else {
		printf("SKIP: IORING_OP_READV_FIXED needs 6.15\n");
	}
	CHECK(io_uring_unregister_buffers(&ring) == 0);
	close(fd);
	unlink(path);
}

/* Buffers the kernel picks (IOSQE_BUFFER_SELECT): the data is where
 * the picked buffer is, known only once the read is done; a readv so
 * served counts one iovec. */
static void test_picked_buffers(void)
{
	static char pool[2][64];
	struct iovec iov = {NULL, 32};
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char path[128];
	int fd;

	fd = open(tp_in_dir(path, "iou_picked"),
		  O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0 && write(fd, "picked by the kernel", 20) == 20);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_provide_buffers(sqe, pool, sizeof(pool[0]), 2, 7, 0);
	CHECK(submit(sqe, 0) == 0);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, NULL, 16, 0);
	sqe->buf_group = 7;
	CHECK(submit(sqe, IOSQE_BUFFER_SELECT) == 16);
	e = iou_own(LNR_EVT_IOU_READ, t0);
	CHECK(e && tp_s64(e, "res") == 16 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "size") == 16);
	CHECK(data_is(e, "picked by the ke", 16));

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_rw(IORING_OP_READV, sqe, fd, &iov, 1, 7);
	sqe->buf_group = 7;
	CHECK(submit(sqe, IOSQE_BUFFER_SELECT) == 13);
	e = iou_own(LNR_EVT_IOU_READV, t0);
	CHECK(e && tp_s64(e, "res") == 13 && tp_s64(e, "fd") == fd);
	CHECK(e && tp_s64(e, "iovcnt") == 1 && data_is(e, "by the kernel", 13));
	close(fd);
	unlink(path);
}

/* ntohs'd ports of a record's tuple, or -1s. */
static void tuple_ports(const struct lnr_evt *e, int *src, int *dst)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, "tuple") : -1;
	struct lnr_netaddr na;

	*src = *dst = -1;
	if (i < 0 || lnr_evt_get_netaddr(e, (unsigned)i, &na) != 0 ||
	    na.family != AF_INET || na.nends != 2)
		return;
	*src = na.end[0].port;
	*dst = na.end[1].port;
}

static int port_of(int fd, int peer)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	CHECK((peer ? getpeername(fd, (struct sockaddr *)&a, &len)
		    : getsockname(fd, (struct sockaddr *)&a, &len)) == 0);
	return ntohs(a.sin_port);
}

/* The sender's tuple is local -> peer, the receiver's peer -> local. */
static void check_ports(const struct lnr_evt *e, int fd, int receiving)
{
	int src, dst;

	tuple_ports(e, &src, &dst);
	CHECK(src == port_of(fd, receiving) && dst == port_of(fd, !receiving));
}

/* A connected loopback TCP pair: *c connected to *s. */
static void tcp_pair(int *c, int *s)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(l, 1) == 0);
	CHECK(getsockname(l, (struct sockaddr *)&a, &len) == 0);
	*c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(connect(*c, (struct sockaddr *)&a, sizeof(a)) == 0);
	*s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	CHECK(*s >= 0);
	close(l);
}

/* send and recv over TCP, inline or on a worker: sendto and recvfrom
 * with both ends read from the request's socket. */
static void test_send_recv(unsigned flags)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char buf[32];
	int c, s;

	tcp_pair(&c, &s);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_send(sqe, c, "over tcp", 8, 0);
	CHECK(submit(sqe, flags) == 8);
	e = iou_own(LNR_EVT_IOU_SEND, t0);
	CHECK(e && !strcmp(e->info->name, "sendto"));
	CHECK(e && tp_s64(e, "res") == 8 && tp_s64(e, "fd") == c);
	CHECK(e && tp_s64(e, "size") == 8);
	check_ports(e, c, 0);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_recv(sqe, s, buf, sizeof(buf), 0);
	CHECK(submit(sqe, flags) == 8);
	e = iou_own(LNR_EVT_IOU_RECV, t0);
	CHECK(e && !strcmp(e->info->name, "recvfrom"));
	CHECK(e && tp_s64(e, "res") == 8 && tp_s64(e, "fd") == s);
	CHECK(e && tp_s64(e, "size") == sizeof(buf));
	check_ports(e, s, 1);

	/* Failing forms: sending on a shut-down socket, receiving on a
	 * file. No tuple then. */
	CHECK(shutdown(c, SHUT_WR) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_send(sqe, c, "x", 1, MSG_NOSIGNAL);
	CHECK(submit(sqe, flags) == -EPIPE);
	e = iou_own(LNR_EVT_IOU_SEND, t0);
	CHECK(e && tp_s64(e, "res") == -EPIPE && tp_s64(e, "fd") == c);
	CHECK(e && tp_s64(e, "size") == 1 && tp_empty(e, "tuple"));
	close(c);
	close(s);
}

static uint64_t ino_of(int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	return st.st_ino;
}

/* A unix tuple: socket inodes, sender first. */
static void check_unix_tuple(const struct lnr_evt *e, int src, int dst)
{
	int i = e ? lnr_evt_param_index(e->hdr->type, "tuple") : -1;
	struct lnr_netaddr na;

	CHECK(i >= 0 && lnr_evt_get_netaddr(e, (unsigned)i, &na) == 0);
	CHECK(i >= 0 && na.family == AF_UNIX && na.nends == 2);
	CHECK(i >= 0 && na.end[0].ino == ino_of(src));
	CHECK(i >= 0 && na.end[1].ino == ino_of(dst));
}

/* sendmsg and recv over a unix socket pair. */
static void test_unix_pair(void)
{
	struct iovec iov = {(void *)"unix-bytes", 10};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char buf[16];
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_sendmsg(sqe, sv[0], &msg, 0);
	CHECK(submit(sqe, 0) == 10);
	e = iou_own(LNR_EVT_IOU_SENDMSG, t0);
	CHECK(e && tp_s64(e, "res") == 10 && tp_s64(e, "fd") == sv[0]);
	CHECK(e && tp_s64(e, "size") == 10);
	check_unix_tuple(e, sv[0], sv[1]);

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_recv(sqe, sv[1], buf, sizeof(buf), 0);
	CHECK(submit(sqe, IOSQE_ASYNC) == 10);
	e = iou_own(LNR_EVT_IOU_RECV, t0);
	CHECK(e && tp_s64(e, "res") == 10 && tp_s64(e, "fd") == sv[1]);
	CHECK(e && tp_s64(e, "size") == sizeof(buf));
	check_unix_tuple(e, sv[0], sv[1]);
	close(sv[0]);
	close(sv[1]);
}

/* A registered socket: no descriptor in the record (-1), but the tuple
 * all the same, from the request's own file. */
static void test_fixed_file(void)
{
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int c, s;

	tcp_pair(&c, &s);
	CHECK(io_uring_register_files(&ring, &c, 1) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_send(sqe, 0, "fixed", 5, 0);
	CHECK(submit(sqe, IOSQE_FIXED_FILE) == 5);
	e = iou_own(LNR_EVT_IOU_SEND, t0);
	CHECK(e && tp_s64(e, "res") == 5 && tp_s64(e, "fd") == -1);
	check_ports(e, c, 0);
	CHECK(io_uring_unregister_files(&ring) == 0);
	close(c);
	close(s);
}

/* A UDP socket on loopback, bound to a port the kernel picks. */
static int udp_socket(struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)a, sizeof(*a)) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)a, &len) == 0);
	return fd;
}

/* Unconnected datagrams: the remote end is the address the send named
 * (the kernel's copy) or the one recvmsg wrote back (the sender). */
static void test_datagrams(unsigned flags)
{
	struct sockaddr_in a, b, from;
	char one[4] = "abc", two[8] = "defghij", buf[32];
	struct iovec iov[2] = {{one, 3}, {two, 7}};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	int fa = udp_socket(&a), fb = udp_socket(&b), src, dst, dfd;

	msg.msg_name = &b;
	msg.msg_namelen = sizeof(b);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_sendmsg(sqe, fa, &msg, 0);
	CHECK(submit(sqe, flags) == 10);
	e = iou_own(LNR_EVT_IOU_SENDMSG, t0);
	CHECK(e && !strcmp(e->info->name, "sendmsg"));
	CHECK(e && tp_s64(e, "res") == 10 && tp_s64(e, "fd") == fa);
	CHECK(e && tp_s64(e, "size") == 10);
	tuple_ports(e, &src, &dst);
	CHECK(src == ntohs(a.sin_port) && dst == ntohs(b.sin_port));

	iov[0].iov_base = buf;
	iov[0].iov_len = 16;
	iov[1].iov_base = buf + 16;
	iov[1].iov_len = 16;
	msg.msg_name = &from;
	msg.msg_namelen = sizeof(from);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_recvmsg(sqe, fb, &msg, 0);
	CHECK(submit(sqe, flags) == 10);
	e = iou_own(LNR_EVT_IOU_RECVMSG, t0);
	CHECK(e && !strcmp(e->info->name, "recvmsg"));
	CHECK(e && tp_s64(e, "res") == 10 && tp_s64(e, "fd") == fb);
	CHECK(e && tp_s64(e, "size") == 32);
	tuple_ports(e, &src, &dst);
	CHECK(src == ntohs(a.sin_port) && dst == ntohs(b.sin_port));

	/* send with a destination (sqe->addr2), as sendto(2) names one. */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_send(sqe, fb, "back", 4, 0);
	io_uring_prep_send_set_addr(sqe, (struct sockaddr *)&a, sizeof(a));
	CHECK(submit(sqe, flags) == 4);
	e = iou_own(LNR_EVT_IOU_SEND, t0);
	CHECK(e && tp_s64(e, "res") == 4 && tp_s64(e, "size") == 4);
	tuple_ports(e, &src, &dst);
	CHECK(src == ntohs(b.sin_port) && dst == ntohs(a.sin_port));
	CHECK(recv(fa, buf, sizeof(buf), 0) == 4);

	/* The failing form: recvmsg on a descriptor that is no socket. */
	msg.msg_name = NULL;
	msg.msg_namelen = 0;
	dfd = tp_dir_fd();
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_recvmsg(sqe, dfd, &msg, 0);
	CHECK(submit(sqe, flags) == -ENOTSOCK);
	e = iou_own(LNR_EVT_IOU_RECVMSG, t0);
	CHECK(e && tp_s64(e, "res") == -ENOTSOCK);
	CHECK(e && tp_s64(e, "fd") == dfd && tp_empty(e, "tuple"));
	close(dfd);
	close(fa);
	close(fb);
}

/* Zero-copy sends are sendto and sendmsg; their notification, which
 * is another request, makes no record. */
static void test_zero_copy(void)
{
	struct iovec iov = {(void *)"zc-msg", 6};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	uint64_t t0 = tp_boot_ns();
	struct io_uring_sqe *sqe;
	const struct lnr_evt *e;
	char buf[32];
	int c, s;

	tcp_pair(&c, &s);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_send_zc(sqe, c, "zc-send", 7, 0, 0);
	CHECK(submit(sqe, 0) == 7);
	e = iou_own(LNR_EVT_IOU_SEND, t0);
	CHECK(e && tp_s64(e, "res") == 7 && tp_s64(e, "fd") == c);
	CHECK(e && tp_s64(e, "size") == 7);
	check_ports(e, c, 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_sendmsg_zc(sqe, c, &msg, 0);
	CHECK(submit(sqe, 0) == 6);
	e = iou_own(LNR_EVT_IOU_SENDMSG, t0);
	CHECK(e && tp_s64(e, "res") == 6 && tp_s64(e, "size") == 6);
	check_ports(e, c, 0);
	CHECK(recv(s, buf, 13, MSG_WAITALL) == 13);
	CHECK(tp_wait(LNR_EVT_IOU_SEND, gettid()) == NULL);
	close(c);
	close(s);
}

void tp_iouring_io_run(void)
{
	int r = io_uring_queue_init(8, &ring, 0), p[2];

	if (r == -ENOSYS || r == -EPERM) {
		printf("SKIP: io_uring is not available here (%s)\n",
		       strerror(-r));
		return;
	}
	CHECK(r == 0 && pipe2(p, O_CLOEXEC) == 0);
	if (r)
		return;
	test_off_by_default(p[0], p[1]);
	for (size_t i = 0; i < NRW; i++)
		CHECK(tp_select(rw_types[i], 1) == 0);
	test_read_write("iou_rw_inline", 0);
	test_read_write("iou_rw_async", IOSQE_ASYNC);
	test_rw_fails();
	test_vectors(0);
	test_vectors(IOSQE_ASYNC);
	test_fixed_buffers();
	test_picked_buffers();
	test_send_recv(0);
	test_send_recv(IOSQE_ASYNC);
	test_fixed_file();
	test_unix_pair();
	test_datagrams(0);
	test_datagrams(IOSQE_ASYNC);
	test_zero_copy();
	for (size_t i = 0; i < NRW; i++)
		tp_select(rw_types[i], 0);
	close(p[0]);
	close(p[1]);
	io_uring_queue_exit(&ring);
}

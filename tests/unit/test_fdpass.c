/*
 * A descriptor and its bytes over a unix socket (common/fdpass.c): what
 * arrives, and what a malformed message makes of the receiver's fds.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "check.h"
#include "fdpass.h"

static int open_count(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static int same_file(int a, int b)
{
	struct stat x, y;

	return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}

/* Sends raw: n descriptors of fds with len bytes of data. */
static void send_raw(int sock, const void *data, size_t len, const int *fds,
		     int n)
{
	char control[CMSG_SPACE(2 * sizeof(int))] = {0};
	struct iovec iov = {(void *)data, len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *cm;

	if (n > 0) {
		mh.msg_control = control;
		mh.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, (size_t)n * sizeof(int));
	}
	CHECK(sendmsg(sock, &mh, 0) == (ssize_t)len);
}

int main(void)
{
	int sv[2], fd = -1, file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int two[2] = {file, file}, before;
	char buf[8] = {0};

	CHECK(file >= 0);
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);

	/* Nothing waits. */
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == 0 && fd == -1);

	/* The bytes and a descriptor of the same file, close-on-exec. */
	CHECK(fdpass_send(sv[0], "job", 4, file) == 0);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == 4);
	CHECK(strcmp(buf, "job") == 0 && fd >= 0 && fd != file);
	CHECK(same_file(fd, file));
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	before = open_count();
	/* No descriptor: refused. */
	send_raw(sv[0], "x", 1, NULL, 0);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == -EPROTO);
	CHECK(fd == -1);
	/* Two: refused, and neither stays open. */
	send_raw(sv[0], "x", 1, two, 2);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == -EPROTO);
	/* More bytes than fit: refused, its descriptor closed. */
	send_raw(sv[0], "0123456789", 10, &file, 1);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == -EPROTO);
	/* A descriptor with no bytes: refused, closed, and not the end. */
	send_raw(sv[0], "", 0, &file, 1);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == -EPROTO);
	CHECK(fd == -1 && open_count() == before);
	CHECK(fdpass_send(sv[0], "", 0, file) == -EINVAL);

	/* The peer gone. */
	close(sv[0]);
	CHECK(fdpass_recv(sv[1], buf, sizeof(buf), &fd) == -EPIPE);
	CHECK(fdpass_send(sv[1], "x", 1, file) == -EPIPE);
	close(sv[1]);
	close(file);
	return check_done();
}

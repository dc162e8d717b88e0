#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdpass.h"

union fdpass_control {
	struct cmsghdr h; /* aligns the buffer as a header */
	char buf[CMSG_SPACE(sizeof(int))];
};

int fdpass_send(int sock, const void *data, size_t len, int fd)
{
	union fdpass_control u;
	struct iovec iov = {(void *)data, len};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *cm;

	if (len == 0)
		return -EINVAL; /* the receiver would take it for the end */
	memset(&u, 0, sizeof(u));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* Closes every descriptor the control messages carry. */
static void close_all(struct msghdr *mh)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm;
	     cm = CMSG_NXTHDR(mh, cm)) {
		size_t n;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(int));
			close(fd);
		}
	}
}

ssize_t fdpass_recv(int sock, void *buf, size_t cap, int *fd)
{
	union fdpass_control u;
	struct iovec iov = {buf, cap};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *cm;
	ssize_t n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

	*fd = -1;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	cm = CMSG_FIRSTHDR(&mh);
	if (n == 0 && !cm)
		return -EPIPE; /* the peer closed its end */
	if (n == 0 || !cm || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)) ||
	    (mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC))) {
		close_all(&mh);
		return -EPROTO;
	}
	memcpy(fd, CMSG_DATA(cm), sizeof(int));
	return n;
}

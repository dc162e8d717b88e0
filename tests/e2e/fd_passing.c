/*
 * For fd_passing.sh: passes fds over a unix socket (SCM_RIGHTS) to a
 * receiver that never had them. Run as `fd_passing DIR`, it forks and
 * execs itself as `fd_passing receive FD`, then opens DIR/passed,
 * accepts a TCP connection on loopback and binds a unix socket to
 * DIR/passed.sock, and sends those three fds (the TCP one is the
 * accepting side's). The receiver writes to the file, then closes the
 * three. The sender prints the TCP connection's name as Falco writes it
 * (cip:cport->sip:sport).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFDS 3

union cmsg_room {
	struct cmsghdr align;
	char buf[CMSG_SPACE(NFDS * sizeof(int))];
};

static int receive(int sock)
{
	union cmsg_room c;
	char byte;
	struct iovec iov = {&byte, 1};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = c.buf,
			   .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *h;
	int fd[NFDS];

	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1)
		return 1;
	h = CMSG_FIRSTHDR(&m);
	if (!h || h->cmsg_type != SCM_RIGHTS ||
	    h->cmsg_len != CMSG_LEN(sizeof(fd)))
		return 1;
	memcpy(fd, CMSG_DATA(h), sizeof(fd));
	if (write(fd[0], "passed\n", 7) != 7)
		return 1;
	for (int i = 0; i < NFDS; i++)
		if (close(fd[i]) != 0)
			return 1;
	return 0;
}

/* A connection on loopback: *srv the accepting side; prints its name. */
static int tcp_accepted(int *cli, int *srv)
{
	struct sockaddr_in a = {.sin_family = AF_INET}, c = {0};
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &len))
		return -1;
	*cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*cli < 0 || connect(*cli, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	*srv = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	len = sizeof(c);
	if (*srv < 0 || getsockname(*cli, (struct sockaddr *)&c, &len))
		return -1;
	close(l);
	printf("tcp 127.0.0.1:%u->127.0.0.1:%u\n", ntohs(c.sin_port),
	       ntohs(a.sin_port));
	return 0;
}

static int unix_bound(const char *dir)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if ((size_t)snprintf(a.sun_path, sizeof(a.sun_path), "%s/passed.sock",
			     dir) >= sizeof(a.sun_path))
		return -1;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)))
		return -1;
	return fd;
}

static int send_fds(int sock, const int *fd)
{
	union cmsg_room c;
	struct iovec iov = {(void *)"x", 1};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = c.buf,
			   .msg_controllen = sizeof(c.buf)};
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	memset(&c, 0, sizeof(c));
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(NFDS * sizeof(int));
	memcpy(CMSG_DATA(h), fd, NFDS * sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

/* Opens what it passes only after the receiver is started, so the
 * receiver never had any of it. */
static int sender(const char *self, const char *dir, int sock, int peer)
{
	char path[512], num[16];
	int fd[NFDS], cli = -1, status;
	pid_t child = fork();

	if (child == 0) {
		close(sock);
		snprintf(num, sizeof(num), "%d", peer);
		execl(self, self, "receive", num, (char *)NULL);
		_exit(127);
	}
	close(peer);
	snprintf(path, sizeof(path), "%s/passed", dir);
	fd[0] = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (child < 0 || fd[0] < 0 || tcp_accepted(&cli, &fd[1]) ||
	    (fd[2] = unix_bound(dir)) < 0 || send_fds(sock, fd))
		return 1;
	fflush(stdout);
	if (waitpid(child, &status, 0) != child || status != 0)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int sv[2];

	if (argc == 3 && strcmp(argv[1], "receive") == 0)
		return receive((int)strtol(argv[2], NULL, 10));
	if (argc != 2) {
		fprintf(stderr, "usage: fd_passing DIR\n");
		return 2;
	}
	/* The receiver's end is inherited across exec; the sender's not. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) ||
	    fcntl(sv[0], F_SETFD, FD_CLOEXEC))
		return 1;
	return sender(argv[0], argv[1], sv[0], sv[1]);
}

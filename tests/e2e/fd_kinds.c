/*
 * Makes a pipe, a memfd and eventfds and closes them, for fd_kinds.sh:
 * a copy of a pipe and both its ends are closed; a close-on-exec pipe
 * and eventfd and a plain memfd are then carried over an exec of this
 * program, which closes all three (the first two fail: exec closed
 * them).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

static int after_exec(char **fds)
{
	int memfd = atoi(fds[0]), pipefd = atoi(fds[1]), efd = atoi(fds[2]);

	if (close(pipefd) == 0 || close(efd) == 0) {
		fprintf(stderr, "fd_kinds: close-on-exec fds survived exec\n");
		return 1;
	}
	return close(memfd) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	char m[16], p[16], e[16];
	int plain[2], cloexec[2], copy, memfd, efd, evt;

	if (argc == 5 && strcmp(argv[1], "after") == 0)
		return after_exec(argv + 2);
	if (pipe(plain) != 0 || pipe2(cloexec, O_CLOEXEC) != 0)
		return 1;
	copy = dup(plain[0]);
	memfd = memfd_create("lanner-e2e", 0);
	efd = eventfd(0, EFD_CLOEXEC);
	evt = eventfd(0, 0);
	if (copy < 0 || memfd < 0 || efd < 0 || evt < 0)
		return 1;
	close(copy);
	close(plain[0]);
	close(plain[1]);
	close(evt);
	snprintf(m, sizeof(m), "%d", memfd);
	snprintf(p, sizeof(p), "%d", cloexec[0]);
	snprintf(e, sizeof(e), "%d", efd);
	/* argv[0] is the path, so the program keeps its name. */
	execl(argv[0], argv[0], "after", m, p, e, (char *)NULL);
	perror("fd_kinds: exec");
	return 1;
}

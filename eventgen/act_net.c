/*
 * Network actions. Connections go to a listener the action opens on
 * loopback, or to the link-local metadata address with a short timeout;
 * nothing leaves the host.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <arpa/inet.h>

#include "eg.h"

/* Runs a copy named `name` that connects to a loopback listener. */
static int connect_as(struct eg_ctx *c, const char *name, char *const argv[])
{
	char addr[64];
	char *env[] = {addr, NULL};
	int port, lfd = eg_listen(&port), rc;

	if (lfd < 0)
		return -1;
	snprintf(addr, sizeof(addr), "%s=127.0.0.1:%d", EG_ADDR_ENV, port);
	rc = eg_run_as(c, name, "connect", argv, env);
	close(lfd);
	return rc == 0 ? 0 : -1;
}

int act_system_proc_connect(struct eg_ctx *c)
{
	char *argv[] = {"sed", "-n", "p", NULL};

	return connect_as(c, "sed", argv);
}

int act_ssh_port(struct eg_ctx *c)
{
	char *argv[] = {"ssh", "-p", "2222", "eventgen@127.0.0.1", NULL};

	return connect_as(c, "ssh", argv);
}

int act_listener(struct eg_ctx *c)
{
	char *argv[] = {"backdoor", "--listen", NULL};

	return eg_run_as(c, "backdoor", "listen", argv, NULL) == 0 ? 0 : -1;
}

int act_packet_socket(struct eg_ctx *c)
{
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	(void)c;
	if (fd < 0) {
		fprintf(stderr, "packet socket: %s\n", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Link-local, never routed off the host; the attempt is what counts. */
int act_metadata(struct eg_ctx *c)
{
	int fd = eg_connect("169.254.169.254", 80, 100);

	(void)c;
	if (fd >= 0)
		close(fd);
	return 0;
}

int act_netcat_exec(struct eg_ctx *c)
{
	char *argv[] = {"nc", "-e", "/bin/sh", "127.0.0.1", "9", NULL};

	return eg_run_as(c, "nc", "exit", argv, NULL) == 0 ? 0 : -1;
}

int act_stratum(struct eg_ctx *c)
{
	char *argv[] = {"xmrig", "-o", "stratum+tcp://127.0.0.1:3333",
			"--dry-run", NULL};

	return eg_run_as(c, "xmrig", "exit", argv, NULL) == 0 ? 0 : -1;
}

/* A shell whose standard input and output are a loopback connection;
 * the listener never sends anything, so the shell runs `true` and ends. */
static int shell_on_socket(void *arg)
{
	char *argv[] = {"/bin/sh", "-c", "true", NULL};
	int fd = eg_connect("127.0.0.1", *(int *)arg, 1000);

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0) {
		fprintf(stderr, "reverse shell setup: %s\n", strerror(errno));
		return -1;
	}
	execv(argv[0], argv);
	return -1;
}

int act_reverse_shell(struct eg_ctx *c)
{
	int port, lfd = eg_listen(&port), rc;

	(void)c;
	if (lfd < 0)
		return -1;
	rc = eg_fork(shell_on_socket, &port);
	close(lfd);
	return rc == 0 ? 0 : -1;
}

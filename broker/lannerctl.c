/*
 * lannerctl: asks a running lanner for its status, to restart one of its
 * processes, to reload its rules or to reopen its output files, through
 * the control socket (control.h). Exit status: 0 done, 1 lanner refused
 * or the command failed, 2 usage, 3 lanner is not reachable, 4 not root.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"

static const char usage_text[] =
    "usage: lannerctl [--socket PATH] [--json] COMMAND\n"
    "  status                 processes, counters, queues and rules\n"
    "  restart capture|engine restart one process (nothing queued is lost)\n"
    "  restart output CHANNEL restart one output worker\n"
    "  reload                 read the rule files again; fails if they do "
    "not load\n"
    "  reopen                 output workers reopen their files\n";

static int usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	return status;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "lannerctl: %s: path too long\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(stderr,
			"lannerctl: cannot reach lanner at %s: %s (is it "
			"running?)\n",
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Joins the words of the command into one line. */
static int command_line(char *buf, size_t len, int argc, char **argv, int json)
{
	size_t n = 0;

	for (int i = 0; i < argc; i++) {
		int w =
		    snprintf(buf + n, len - n, "%s%s", i ? " " : "", argv[i]);

		if (w < 0 || (size_t)w >= len - n)
			return -1;
		n += (size_t)w;
	}
	if (json && snprintf(buf + n, len - n, " json") >= (int)(len - n))
		return -1;
	n += json ? 5 : 0;
	if (n + 1 >= len)
		return -1;
	buf[n++] = '\n';
	buf[n] = '\0';
	return 0;
}

/* Copies the reply to stdout (errors to stderr); 0 for "ok". */
static int relay(int fd)
{
	char buf[8192];
	int first = 1, ok = 0;
	FILE *to = stdout;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		char *p = buf;

		if (first) {
			char *nl = memchr(buf, '\n', (size_t)n);

			if (!nl)
				break;
			ok = nl - buf == 2 && !memcmp(buf, "ok", 2);
			to = ok ? stdout : stderr;
			p = nl + 1;
			first = 0;
		}
		fwrite(p, 1, (size_t)(buf + n - p), to);
	}
	if (first) {
		fputs("lannerctl: lanner closed the connection without an "
		      "answer\n",
		      stderr);
		return 1;
	}
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"socket", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *path = CONTROL_DEFAULT;
	char line[512];
	int json = 0, ch, fd, r;

	while ((ch = getopt_long(argc, argv, "s:jh", opts, NULL)) != -1) {
		if (ch == 's')
			path = optarg;
		else if (ch == 'j')
			json = 1;
		else
			return usage(ch == 'h' ? 0 : 2);
	}
	if (optind == argc || command_line(line, sizeof(line), argc - optind,
					   argv + optind, json) < 0)
		return usage(2);
	if (geteuid() != 0) {
		fputs("lannerctl: needs root (lanner's control socket is "
		      "root's only)\n",
		      stderr);
		return 4;
	}
	fd = connect_to(path);
	if (fd < 0)
		return 3;
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		fprintf(stderr, "lannerctl: %s\n", strerror(errno));
		close(fd);
		return 3;
	}
	shutdown(fd, SHUT_WR);
	r = relay(fd);
	close(fd);
	return r;
}

/*
 * The engine's confinement, checked in children: limits, the drop, and
 * what each of its two seccomp tables lets through. The rule command
 * line table must allow writing an answer and the debug report, and
 * kill anything that opens a file or a socket.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "check.h"
#include "common/child.h"
#include "common/privdrop.h"
#include "engine/engine.h"

static int confine_cli(void)
{
	if (child_become(LNR_USER_ENGINE) < 0 || child_limits() < 0)
		return 10;
	return allow_apply_cli(0) < 0 ? 11 : 0;
}

static int child_has_limits(void)
{
	struct rlimit core, nofile;

	if (child_limits() < 0)
		return 10;
	if (getrlimit(RLIMIT_CORE, &core) < 0 ||
	    getrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return 11;
	return core.rlim_cur == 0 && core.rlim_max == 0 &&
		       nofile.rlim_max <= CHILD_NOFILE
		   ? 0
		   : 12;
}

/* What parsing and printing need still works once confined. */
static int child_cli_allowed(void)
{
	size_t big = 32u << 20;
	char *p, *q;
	int r = confine_cli();

	if (r)
		return r;
	p = malloc(big);
	if (!p)
		return 12;
	memset(p, 'x', big);
	q = realloc(p, 2 * big);
	if (!q) {
		free(p);
		return 13;
	}
	free(q);
	if (getuid() == 0 || prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 2)
		return 14;
	if (write(STDOUT_FILENO, "", 0) < 0)
		return 15;
	return 0;
}

static int child_cli_open(void)
{
	int r = confine_cli();

	if (r)
		return r;
	open("/etc/hostname", O_RDONLY);
	return 0; /* not reached */
}

static int child_cli_socket(void)
{
	int r = confine_cli();

	if (r)
		return r;
	socket(AF_UNIX, SOCK_STREAM, 0);
	return 0; /* not reached */
}

static int child_cli_prctl(void)
{
	int r = confine_cli();

	if (r)
		return r;
	prctl(PR_SET_NAME, "x", 0, 0, 0); /* only PR_GET_SECCOMP passes */
	return 0;			  /* not reached */
}

static int child_engine(void)
{
	if (child_become(LNR_USER_ENGINE) < 0 || child_limits() < 0)
		return 10;
	if (sandbox_apply_process(engine_allow, engine_allow_len, 0) < 0)
		return 11;
	if (getuid() == 0 || prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 2)
		return 12;
	open("/etc/hostname", O_RDONLY);
	return 0; /* not reached */
}

int main(void)
{
	if (check_sandbox_skipped())
		return 77;
	CHECK(check_child_exit(child_has_limits) == 0);
	CHECK(check_child_exit(child_cli_allowed) == 0);
	CHECK(check_child_signal(child_cli_open) == SIGSYS);
	CHECK(check_child_signal(child_cli_socket) == SIGSYS);
	CHECK(check_child_signal(child_cli_prctl) == SIGSYS);
	CHECK(check_child_signal(child_engine) == SIGSYS);
	return check_done();
}

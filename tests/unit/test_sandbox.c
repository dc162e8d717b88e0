/*
 * Privilege drop and seccomp, checked the way an auditor would: through
 * /proc/self/status in a child, and by the signal that ends a child making
 * a forbidden call.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "check.h"
#include "common/privdrop.h"
#include "common/sandbox.h"

static const struct sc_rule allow[] = {
    SC_ALLOW(read),	    SC_ALLOW(write),
    SC_ALLOW(exit_group),   SC_ALLOW(exit),
    SC_ALLOW(openat),	    SC_ALLOW(close),
    SC_ALLOW(fstat),	    SC_ALLOW(newfstatat),
    SC_ALLOW(lseek),	    SC_ALLOW(brk),
    SC_ALLOW(mmap),	    SC_ALLOW(munmap),
    SC_ALLOW(getpid),	    SC_DENY(getppid, 77),
    SC_ALLOW(rt_sigreturn), SC_ALLOW_ARG(kill, 1, 0),
};

/* Value of a /proc/self/status line, e.g. "CapEff". */
static int status_field(const char *key, char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	size_t kl = strlen(key);
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			snprintf(out, len, "%s", line + kl + 1);
			out[strcspn(out, "\n")] = '\0';
			memmove(out, out + strspn(out, " \t"),
				strlen(out + strspn(out, " \t")) + 1);
			found = 1;
		}
	fclose(f);
	return found;
}

/* Child: after the drop, every status line says unprivileged. */
static int child_drop(void)
{
	uid_t uid;
	gid_t gid;
	char v[128];
	int bad = 0;

	if (privdrop_lookup(LNR_USER_ENGINE, &uid, &gid) < 0 ||
	    privdrop_full(uid, gid))
		return 10;
	if (sandbox_apply(allow, sizeof(allow) / sizeof(*allow), 0) < 0)
		return 11;
	bad |= !status_field("CapEff", v, sizeof(v)) ||
	       strcmp(v, "0000000000000000") != 0;
	bad |= !status_field("CapPrm", v, sizeof(v)) ||
	       strcmp(v, "0000000000000000") != 0;
	bad |= !status_field("NoNewPrivs", v, sizeof(v)) || strcmp(v, "1");
	bad |= !status_field("Seccomp", v, sizeof(v)) || strcmp(v, "2");
	bad |= !status_field("Uid", v, sizeof(v)) || v[0] == '0';
	/* denied with errno, not killed */
	bad |= !(syscall(SYS_getppid) == -1);
	return bad ? 12 : 0;
}

static int child_forbidden(void)
{
	if (sandbox_apply(allow, sizeof(allow) / sizeof(*allow), 0) < 0)
		return 11;
	socket(AF_INET, SOCK_STREAM, 0);
	return 0; /* not reached */
}

static int child_arg_filter(void)
{
	if (sandbox_apply(allow, sizeof(allow) / sizeof(*allow), 0) < 0)
		return 11;
	kill(getpid(), 0);	 /* allowed: signal 0 */
	kill(getpid(), SIGCONT); /* argument not allowed: killed */
	return 0;
}

int main(void)
{
	if (check_sandbox_skipped())
		return 77;
	CHECK(check_child_exit(child_drop) == 0);
	CHECK(check_child_signal(child_forbidden) == SIGSYS);
	CHECK(check_child_signal(child_arg_filter) == SIGSYS);
	return check_done();
}

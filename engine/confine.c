/*
 * The steps that take lanner-engine from root to an unprivileged user,
 * before the seccomp filter: limits first, while they can still be set
 * freely, then the user, group and capabilities.
 */
#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "confine.h"
#include "log.h"
#include "privdrop.h"

int confine_limits(void)
{
	struct rlimit core = {0, 0};
	struct rlimit nofile;

	if (setrlimit(RLIMIT_CORE, &core) < 0)
		return -errno;
	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return -errno;
	if (nofile.rlim_max > CONFINE_NOFILE)
		nofile.rlim_max = CONFINE_NOFILE;
	if (nofile.rlim_cur > nofile.rlim_max)
		nofile.rlim_cur = nofile.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &nofile) < 0 ? -errno : 0;
}

int confine_drop(void)
{
	uid_t uid;
	gid_t gid;

	if (getuid() != 0)
		return 0;
	if (privdrop_lookup(LNR_USER_ENGINE, &uid, &gid) < 0)
		return -ENOENT;
	return privdrop_full(uid, gid);
}

void confine_report(const char *what)
{
	log_debug("%s as uid %u, seccomp %d", what, (unsigned)getuid(),
		  prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
}

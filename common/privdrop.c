/*
 * Dropping privileges: groups, gid, uid, then capabilities, each step
 * checked. libcap-ng does the capability bookkeeping.
 */
#include <cap-ng.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "privdrop.h"

int privdrop_lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(user);

	if (!pw || pw->pw_uid == 0)
		return -ENOENT;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

static int switch_ids(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return -errno;
	return 0;
}

/* Needs CAP_SETPCAP, so it runs before the uid changes. */
static int clear_bounding_set(void)
{
	capng_clear(CAPNG_SELECT_BOUNDS);
	if (capng_apply(CAPNG_SELECT_BOUNDS) < 0)
		return -EPERM;
	for (unsigned long c = 0; prctl(PR_CAPBSET_READ, c, 0, 0, 0) >= 0; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 0)
			return -EPERM;
	return 0;
}

int privdrop_full(uid_t uid, gid_t gid)
{
	uid_t r, e, s;
	int err;

	if (uid == 0)
		return -EINVAL;
	err = clear_bounding_set();
	if (err)
		return err;
	err = switch_ids(uid, gid);
	if (err)
		return err;
	/* A non-zero uid loses its capabilities on setresuid; make sure the
	 * ambient set is empty too. */
	capng_clear(CAPNG_SELECT_ALL);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return -EPERM;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return -errno;
	if (getresuid(&r, &e, &s) < 0 || r != uid || e != uid || s != uid)
		return -EPERM;
	if (setuid(0) == 0) /* must be impossible now */
		return -EPERM;
	return 0;
}

/*
 * Users and groups by id, read from /etc/passwd and /etc/group at
 * start-up (before the sandbox: the engine opens nothing afterwards) and
 * replaced by what the broker sends when those files change.
 */
#ifndef LNR_STATE_USER_H
#define LNR_STATE_USER_H

#include <stdint.h>

#define STATE_USERS_MAX 4096
#define SUSER_NAME_LEN 64
#define SUSER_HOME_LEN 128

struct suser {
	uint32_t id;
	char name[SUSER_NAME_LEN];
	char home[SUSER_HOME_LEN];
	char shell[SUSER_HOME_LEN];
};

struct user_table {
	struct suser users[STATE_USERS_MAX];
	struct suser groups[STATE_USERS_MAX];
	uint32_t nusers, ngroups;
	uint64_t refused;
};

/* Reads passwd- and group-format files; a missing file leaves its table
 * empty. 0 or -errno of the first file that could not be read. */
int state_user_load(struct user_table *t, const char *passwd,
		    const char *group);
/* Replaces both tables with what these file contents say (the broker
 * sends them after a change). */
void state_user_replace(struct user_table *t, const char *passwd,
			const char *group);
/* Parses file contents (tests feed them directly). */
void state_user_parse_passwd(struct user_table *t, const char *buf);
void state_user_parse_group(struct user_table *t, const char *buf);

const struct suser *state_user_find(const struct user_table *t, uint32_t uid);
const struct suser *state_group_find(const struct user_table *t, uint32_t gid);

#endif

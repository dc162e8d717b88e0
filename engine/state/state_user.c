/*
 * /etc/passwd and /etc/group, read once before the sandbox into two
 * bounded arrays; lookups by id scan them (a few hundred entries).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_user.h"

#define USER_FILE_MAX (4u << 20)

/* Field n (0-based) of a colon-separated line, copied into dst. */
static int field(const char *line, size_t len, unsigned n, char *dst,
		 size_t cap)
{
	const char *p = line, *end = line + len, *colon;
	size_t flen;

	for (unsigned i = 0; i < n; i++) {
		p = memchr(p, ':', (size_t)(end - p));
		if (!p)
			return -1;
		p++;
	}
	colon = memchr(p, ':', (size_t)(end - p));
	flen = (size_t)((colon ? colon : end) - p);
	if (flen >= cap)
		flen = cap - 1;
	memcpy(dst, p, flen);
	dst[flen] = '\0';
	return 0;
}

static void parse(struct suser *tab, uint32_t *count, uint64_t *refused,
		  const char *buf, int is_passwd)
{
	const char *line = buf;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char num[16];
		struct suser u = {0};
		char *end;

		if (len && line[0] != '#' &&
		    field(line, len, 0, u.name, sizeof(u.name)) == 0 &&
		    field(line, len, 2, num, sizeof(num)) == 0 && num[0]) {
			u.id = (uint32_t)strtoul(num, &end, 10);
			if (is_passwd) {
				field(line, len, 5, u.home, sizeof(u.home));
				field(line, len, 6, u.shell, sizeof(u.shell));
			}
			if (*end == '\0' && *count < STATE_USERS_MAX)
				tab[(*count)++] = u;
			else if (*end == '\0')
				(*refused)++;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
}

void state_user_parse_passwd(struct user_table *t, const char *buf)
{
	parse(t->users, &t->nusers, &t->refused, buf, 1);
}

void state_user_parse_group(struct user_table *t, const char *buf)
{
	parse(t->groups, &t->ngroups, &t->refused, buf, 0);
}

static int read_file(const char *path, char **out)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t n;
	int err = 0;

	if (!f)
		return -errno;
	buf = malloc(USER_FILE_MAX + 1);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	n = fread(buf, 1, USER_FILE_MAX, f);
	if (ferror(f)) {
		err = -EIO;
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
out:
	fclose(f);
	*out = buf;
	return err;
}

int state_user_load(struct user_table *t, const char *passwd, const char *group)
{
	char *buf = NULL;
	int err, first = 0;

	err = read_file(passwd, &buf);
	if (err == 0)
		state_user_parse_passwd(t, buf);
	else
		first = err;
	free(buf);
	buf = NULL;
	err = read_file(group, &buf);
	if (err == 0)
		state_user_parse_group(t, buf);
	else if (!first)
		first = err;
	free(buf);
	return first;
}

static const struct suser *find(const struct suser *tab, uint32_t n,
				uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (tab[i].id == id)
			return &tab[i];
	return NULL;
}

const struct suser *state_user_find(const struct user_table *t, uint32_t uid)
{
	return find(t->users, t->nusers, uid);
}

const struct suser *state_group_find(const struct user_table *t, uint32_t gid)
{
	return find(t->groups, t->ngroups, gid);
}

void state_user_replace(struct user_table *t, const char *passwd,
			const char *group)
{
	t->nusers = t->ngroups = 0;
	t->refused = 0;
	state_user_parse_passwd(t, passwd);
	state_user_parse_group(t, group);
}

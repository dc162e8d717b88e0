/*
 * Actions on sensitive files: reads (direct, through "../", of keys and
 * credentials the action plants in its own directory), links pointing at
 * them, searches for keys, and mode and owner changes that set what is
 * already there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eg.h"

#define SHADOW "/etc/shadow"

int act_read_shadow(struct eg_ctx *c)
{
	(void)c;
	return eg_read(SHADOW);
}

/* As find and fts reach a file: the root, then one component at a time
 * through directory fds, never following a symlink. */
int act_read_shadow_walk(struct eg_ctx *c)
{
	int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), etc = -1;
	int fd = -1;
	char buf[1];

	(void)c;
	if (root >= 0)
		etc = openat(root, "etc",
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (etc >= 0)
		fd = openat(etc, "shadow", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fprintf(stderr, "walking to %s: %s\n", SHADOW, strerror(errno));
	else if (read(fd, buf, sizeof(buf)) < 0)
		fprintf(stderr, "read %s: %s\n", SHADOW, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (etc >= 0)
		close(etc);
	if (root >= 0)
		close(root);
	return fd < 0 ? -1 : 0;
}

int act_read_traversal(struct eg_ctx *c)
{
	(void)c;
	return eg_read("/etc/../etc/shadow");
}

/* A key file planted in the action's directory, then read. */
static int plant_and_read(struct eg_ctx *c, const char *dir, const char *file)
{
	char path[PATH_MAX];

	if (eg_mkdirs(eg_path(c, dir)) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", eg_path(c, dir), file);
	if (eg_create(path) < 0)
		return -1;
	return eg_read(path);
}

int act_read_ssh_key(struct eg_ctx *c)
{
	return plant_and_read(c, ".ssh", "id_rsa");
}

int act_read_cloud_creds(struct eg_ctx *c)
{
	return plant_and_read(c, ".aws", "credentials");
}

int act_symlink_shadow(struct eg_ctx *c)
{
	const char *link = eg_path(c, "shadow-link");

	if (symlink(SHADOW, link) < 0) {
		fprintf(stderr, "symlink %s: %s\n", link, strerror(errno));
		return -1;
	}
	return unlink(link);
}

/* A hard link must be on the file's own file system: the action's
 * directory if it is, else a directory made in /var/tmp. */
int act_hardlink_shadow(struct eg_ctx *c)
{
	char dir[] = "/var/tmp/lanner-eventgen.XXXXXX";
	char hl[PATH_MAX];

	snprintf(hl, sizeof(hl), "%s", eg_path(c, "shadow-hardlink"));
	if (link(SHADOW, hl) == 0)
		return unlink(hl);
	if (errno != EXDEV || !mkdtemp(dir)) {
		fprintf(stderr, "link %s: %s\n", hl, strerror(errno));
		return -1;
	}
	snprintf(hl, sizeof(hl), "%s/shadow-hardlink", dir);
	if (link(SHADOW, hl) < 0) {
		fprintf(stderr, "link %s: %s\n", hl, strerror(errno));
		rmdir(dir);
		return -1;
	}
	unlink(hl);
	return rmdir(dir);
}

int act_search_keys(struct eg_ctx *c)
{
	char dir[PATH_MAX];
	char *argv[] = {"/usr/bin/find", dir, "-name", "id_rsa", NULL};

	snprintf(dir, sizeof(dir), "%s", c->dir);
	return eg_run(argv, NULL) == 0 ? 0 : -1;
}

/* Only the action's own directory is searched. */
int act_find_setuid(struct eg_ctx *c)
{
	char dir[PATH_MAX];
	char *argv[] = {"/usr/bin/find", dir, "-perm", "-4000", NULL};

	snprintf(dir, sizeof(dir), "%s", c->dir);
	return eg_run(argv, NULL) == 0 ? 0 : -1;
}

int act_chmod_shadow(struct eg_ctx *c)
{
	struct stat st;

	(void)c;
	if (stat(SHADOW, &st) < 0 || chmod(SHADOW, st.st_mode & 07777) < 0) {
		fprintf(stderr, "chmod %s: %s\n", SHADOW, strerror(errno));
		return -1;
	}
	return 0;
}

int act_chown_shadow(struct eg_ctx *c)
{
	struct stat st;

	(void)c;
	if (stat(SHADOW, &st) < 0 || chown(SHADOW, st.st_uid, st.st_gid) < 0) {
		fprintf(stderr, "chown %s: %s\n", SHADOW, strerror(errno));
		return -1;
	}
	return 0;
}

int act_setuid_bit(struct eg_ctx *c)
{
	const char *path = eg_path(c, "suid");

	if (eg_create(path) < 0)
		return -1;
	if (chmod(path, 04755) < 0) {
		fprintf(stderr, "chmod %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

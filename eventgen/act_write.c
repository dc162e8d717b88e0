/*
 * Actions that write: below /etc, /root, binary and library directories,
 * the package database and /dev; persistence spots; log and history
 * tampering; system tools. Each file made is removed again, and each
 * existing file touched is left byte for byte as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eg.h"

/* A new file from a mkstemp template, removed again. */
static int temp_file(const char *dir, const char *prefix)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%sXXXXXX", dir, prefix);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "create in %s: %s\n", dir, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(path);
	return 0;
}

/* temp_file in dir, creating dir and any missing parent (and removing
 * them after) if absent. */
static int temp_file_in(const char *dir, const char *prefix)
{
	char top[PATH_MAX];
	int rc;

	if (eg_mkdirs_top(dir, top, sizeof(top)) < 0)
		return -1;
	rc = temp_file(dir, prefix);
	eg_rmdirs(dir, top);
	return rc;
}

int act_write_etc(struct eg_ctx *c)
{
	(void)c;
	return temp_file("/etc", "lanner-eventgen.");
}

int act_write_root(struct eg_ctx *c)
{
	(void)c;
	return temp_file("/root", ".lanner-eventgen.");
}

int act_write_bin(struct eg_ctx *c)
{
	(void)c;
	return temp_file_in("/usr/local/bin", "lanner-eventgen.");
}

int act_write_lib(struct eg_ctx *c)
{
	(void)c;
	return temp_file_in("/usr/local/lib", "lanner-eventgen.");
}

int act_write_pkgdb(struct eg_ctx *c)
{
	(void)c;
	if (access("/var/lib/dpkg", F_OK) == 0)
		return temp_file("/var/lib/dpkg", "lanner-eventgen.");
	return temp_file_in("/var/lib/rpm", "lanner-eventgen.");
}

int act_create_dev(struct eg_ctx *c)
{
	(void)c;
	return temp_file("/dev", "lanner-eventgen.");
}

int act_mkdir_bin(struct eg_ctx *c)
{
	char dir[] = "/usr/local/bin/lanner-eventgen.XXXXXX";

	(void)c;
	if (!mkdtemp(dir)) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return rmdir(dir);
}

int act_rename_bin(struct eg_ctx *c)
{
	char dir[] = "/usr/local/bin/lanner-eventgen.XXXXXX";
	char moved[sizeof(dir) + 4];
	int rc;

	(void)c;
	if (!mkdtemp(dir)) {
		fprintf(stderr, "mkdtemp %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(moved, sizeof(moved), "%s.old", dir);
	rc = rename(dir, moved);
	if (rc < 0)
		fprintf(stderr, "rename %s: %s\n", dir, strerror(errno));
	rmdir(rc < 0 ? dir : moved);
	return rc;
}

int act_shell_config(struct eg_ctx *c)
{
	return eg_create(eg_path(c, ".bashrc"));
}

int act_shell_history(struct eg_ctx *c)
{
	const char *hist = eg_path(c, ".bash_history");

	if (eg_create(hist) < 0)
		return -1;
	return unlink(hist);
}

/* The history removed through its directory's fd, as rm -r does. */
int act_shell_history_dirfd(struct eg_ctx *c)
{
	char dir[PATH_MAX];
	char *slash;
	int dfd, r;

	snprintf(dir, sizeof(dir), "%s", eg_path(c, ".bash_history"));
	if (eg_create(dir) < 0)
		return -1;
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		fprintf(stderr, "open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	r = unlinkat(dfd, ".bash_history", 0);
	if (r < 0)
		fprintf(stderr, "unlinkat %s/.bash_history: %s\n", dir,
			strerror(errno));
	close(dfd);
	return r;
}

/* A name with a dot, which cron ignores in /etc/cron.d. */
int act_cron(struct eg_ctx *c)
{
	(void)c;
	return temp_file_in("/etc/cron.d", "lanner-eventgen.");
}

/* No .service suffix, so systemd never loads it. */
int act_systemd_unit(struct eg_ctx *c)
{
	(void)c;
	return temp_file_in("/etc/systemd/system", "lanner-eventgen.");
}

int act_authorized_keys(struct eg_ctx *c)
{
	if (eg_mkdirs(eg_path(c, ".ssh")) < 0)
		return -1;
	return eg_create(eg_path(c, ".ssh/authorized_keys"));
}

int act_clear_log(struct eg_ctx *c)
{
	char path[] = "/var/log/lanner-eventgen.XXXXXX";
	int fd = mkostemp(path, O_CLOEXEC);

	(void)c;
	if (fd < 0) {
		fprintf(stderr, "create in /var/log: %s\n", strerror(errno));
		return -1;
	}
	close(fd);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	unlink(path);
	return fd < 0 ? -1 : 0;
}

int act_shred(struct eg_ctx *c)
{
	char path[PATH_MAX];
	char *argv[] = {"/usr/bin/shred", "-u", path, NULL};

	snprintf(path, sizeof(path), "%s", eg_path(c, "data"));
	if (eg_create(path) < 0)
		return -1;
	return eg_run(argv, NULL) == 0 ? 0 : -1;
}

/*
 * Opens the first of these installed programs for writing and closes it
 * without writing a byte: the file is unchanged, and the open is what a
 * trojaned replacement starts with.
 */
static int open_tool_for_write(const char *const *tools)
{
	for (; *tools; tools++) {
		int fd = open(*tools, O_WRONLY | O_APPEND | O_CLOEXEC);

		if (fd < 0)
			continue;
		close(fd);
		return 0;
	}
	fprintf(stderr, "none of the programs could be opened\n");
	return -1;
}

int act_coreutils_write(struct eg_ctx *c)
{
	static const char *const tools[] = {"/usr/bin/tac", "/bin/tac",
					    "/usr/bin/nl", NULL};
	(void)c;
	return open_tool_for_write(tools);
}

int act_login_write(struct eg_ctx *c)
{
	static const char *const tools[] = {"/usr/bin/login", "/bin/login",
					    "/usr/bin/su", "/bin/su", NULL};
	(void)c;
	return open_tool_for_write(tools);
}

int act_shadowutils_write(struct eg_ctx *c)
{
	static const char *const tools[] = {"/usr/sbin/chpasswd",
					    "/usr/bin/chage", "/usr/sbin/pwck",
					    "/usr/sbin/shadowconfig", NULL};
	(void)c;
	return open_tool_for_write(tools);
}

int act_lanner_files(struct eg_ctx *c)
{
	(void)c;
	return temp_file_in("/etc/lanner", ".lanner-eventgen.");
}

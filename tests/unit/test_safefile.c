/*
 * The checks made on rule and configuration files: a regular file passes;
 * a file writable by others or its group, a symlink, a FIFO (without
 * blocking), a directory, and a file not owned by root are refused with
 * a message naming the file and the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "conf.h"
#include "safefile.h"

static char dir[] = "/tmp/lanner-safefile.XXXXXX";
static char path[256];

static const char *at(const char *name)
{
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void make(const char *name, const char *text, mode_t mode)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0 &&
	      write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CHECK(fchmod(fd, mode) == 0);
	close(fd);
}

/* Opens name as a rule file; the fd is closed. 0 or -errno. */
static int try_open(const char *name, char *err, size_t len)
{
	struct safefile sf = {.what = "rule", .shown = at(name)};
	int fd = safefile_open(&sf, AT_FDCWD, path);

	snprintf(err, len, "%s", sf.err);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static void test_regular(void)
{
	struct safefile sf = {.what = "rule", .shown = "ok.yaml"};
	char *text = NULL;
	size_t len = 0;
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY);

	make("ok.yaml", "a: 1\n", 0644);
	CHECK(safefile_read(&sf, dirfd, "ok.yaml", 100, &text, &len) == 0);
	CHECK(text && len == 5 && strcmp(text, "a: 1\n") == 0);
	free(text);
	CHECK(safefile_read(&sf, dirfd, "ok.yaml", 4, &text, &len) == -EFBIG);
	close(dirfd);
}

static void test_modes(void)
{
	char err[512], want[512];

	make("world.yaml", "a: 1\n", 0666);
	CHECK(try_open("world.yaml", err, sizeof(err)) == -EPERM);
	snprintf(want, sizeof(want),
		 "rule file %s: mode 0666 is writable by others; refusing it "
		 "(chmod go-w)",
		 at("world.yaml"));
	CHECK(strcmp(err, want) == 0);

	make("group.yaml", "a: 1\n", 0664);
	CHECK(try_open("group.yaml", err, sizeof(err)) == -EPERM);
	CHECK(strstr(err, "mode 0664 is writable by its group") != NULL);
}

static void test_symlink(void)
{
	char err[512];

	make("real.yaml", "a: 1\n", 0644);
	CHECK(symlink("real.yaml", at("link.yaml")) == 0);
	CHECK(try_open("link.yaml", err, sizeof(err)) == -ELOOP);
	CHECK(strstr(err, "link.yaml: is a symbolic link") != NULL);
	/* A trailing slash must not make the kernel follow it. */
	CHECK(symlink(dir, at("dirlink")) == 0);
	CHECK(try_open("dirlink/", err, sizeof(err)) == -ELOOP);
}

static void on_alarm(int sig)
{
	(void)sig;
	fputs("safefile_open blocked on a FIFO\n", stderr);
	_exit(1);
}

static void test_fifo(void)
{
	char err[512];

	CHECK(mkfifo(at("b.yaml"), 0644) == 0);
	signal(SIGALRM, on_alarm);
	alarm(5);
	CHECK(try_open("b.yaml", err, sizeof(err)) == -EINVAL);
	alarm(0);
	CHECK(strstr(err, "b.yaml: is a FIFO, not a regular file") != NULL);
}

static void test_directory(void)
{
	struct safefile sf = {.what = "rule", .shown = "d", .dir_ok = 1};
	char err[512];
	int fd;

	CHECK(mkdir(at("d.yaml"), 0755) == 0);
	CHECK(try_open("d.yaml", err, sizeof(err)) == -EISDIR);
	CHECK(strstr(err, "is a directory, not a regular file") != NULL);
	fd = safefile_open(&sf, AT_FDCWD, at("d.yaml"));
	CHECK(fd >= 0 && S_ISDIR(sf.st.st_mode));
	if (fd >= 0)
		close(fd);
}

static void test_owner(void)
{
	char err[512];

	if (geteuid() != 0) {
		puts("not root: the owner check is not tested");
		return;
	}
	make("nobody.yaml", "a: 1\n", 0644);
	CHECK(chown(at("nobody.yaml"), 65534, 65534) == 0);
	CHECK(try_open("nobody.yaml", err, sizeof(err)) == -EPERM);
	CHECK(strstr(err, "owned by uid 65534, not root") != NULL);
}

static int keep_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static int count_use(void *arg, const char *p, char *text, size_t len)
{
	(void)p;
	(void)len;
	free(text);
	(*(int *)arg)++;
	return 0;
}

/* A directory walk reads its good files in order and stops at a FIFO. */
static void test_walk(void)
{
	int used = 0;
	struct safefile_walk w = {.what = "rule",
				  .max = 1000,
				  .keep = keep_yaml,
				  .use = count_use,
				  .arg = &used};
	char sub[300];

	snprintf(sub, sizeof(sub), "%s/rules", dir);
	CHECK(mkdir(sub, 0755) == 0);
	make("rules/a.yaml", "a: 1\n", 0644);
	make("rules/c.txt", "", 0666); /* not a rule file: not looked at */
	CHECK(safefile_walk(&w, sub) == 0 && used == 1);
	CHECK(mkfifo(at("rules/b.yaml"), 0644) == 0);
	used = 0;
	alarm(5);
	CHECK(safefile_walk(&w, sub) == -EINVAL && used == 1);
	alarm(0);
	CHECK(strstr(w.err, "rules/b.yaml: is a FIFO") != NULL);
}

static void test_conf_file(void)
{
	struct conf c;
	char err[512];

	conf_init(&c);
	make("lanner.yaml", "a: 1\n", 0644);
	CHECK(conf_load_file(&c, at("lanner.yaml"), err, sizeof(err)) == 0);
	make("lanner.yaml", "a: 1\n", 0646);
	CHECK(conf_load_file(&c, at("lanner.yaml"), err, sizeof(err)) ==
	      -EPERM);
	CHECK(strstr(err, "configuration file ") == err);
	CHECK(strstr(err, "mode 0646 is writable by others") != NULL);
	conf_free(&c);
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_regular();
	test_modes();
	test_symlink();
	test_fifo();
	test_directory();
	test_owner();
	test_walk();
	test_conf_file();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return check_done();
}

/*
 * The workloads of bench/filter.sh: N operations of one kind in a loop,
 * then the mean ns per operation on stdout. Needs nothing but the file
 * that `open` opens and closes (and, for `walk`, its directory).
 *
 *   bench/bench_ops open|walk|read|getppid|exec N [FILE]
 *
 * walk opens and closes FILE by its last component, relative to an fd of
 * its directory, as find does.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct op {
	const char *name;
	int (*body)(void);
};

static const char *file = "/dev/null";
static int zero_fd = -1;
static int dir_fd = -1;
static const char *base = "null";

static int open_close(void)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	return close(fd);
}

static int walk_close(void)
{
	int fd =
	    openat(dir_fd, base, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	return close(fd);
}

static int read_zero(void)
{
	char c;

	return read(zero_fd, &c, 1) == 1 ? 0 : -1;
}

static int call_getppid(void)
{
	syscall(SYS_getppid);
	return 0;
}

static int fork_exec(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	return 0;
}

static const struct op ops[] = {
    {"open", open_close},      {"walk", walk_close}, {"read", read_zero},
    {"getppid", call_getppid}, {"exec", fork_exec},
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The fd of file's directory and its last component, for walk. */
static int open_dir_of(const char *path)
{
	static char dir[4096], name[4096];

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(name, sizeof(name), "%s", path);
	dir_fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0) {
		perror("bench_ops: the file's directory");
		return -1;
	}
	base = basename(name);
	return 0;
}

static const struct op *op_named(const char *name)
{
	for (size_t i = 0; i < NOPS; i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct op *op = argc >= 3 ? op_named(argv[1]) : NULL;
	long n = argc >= 3 ? strtol(argv[2], NULL, 10) : 0;
	double t0;

	if (!op || n < 1 || argc > 4) {
		fprintf(stderr,
			"usage: bench_ops open|walk|read|getppid|exec N "
			"[FILE]\n");
		return 2;
	}
	if (argc == 4)
		file = argv[3];
	if (op->body == walk_close && open_dir_of(file))
		return 1;
	zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (zero_fd < 0) {
		perror("bench_ops: /dev/zero");
		return 1;
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (op->body()) {
			perror(op->name);
			return 1;
		}
	printf("%.1f\n", (now_ns() - t0) / n);
	return 0;
}

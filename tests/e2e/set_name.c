/*
 * For set_name.sh: opens a file, renames itself with prctl(PR_SET_NAME),
 * opens the file again, then forks a child that opens it a third time.
 * Usage: set_name NEWNAME FILE.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int open_close(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int status;
	pid_t child;

	if (argc != 3) {
		fprintf(stderr, "usage: set_name NEWNAME FILE\n");
		return 2;
	}
	if (open_close(argv[2]))
		return 1;
	if (prctl(PR_SET_NAME, argv[1], 0, 0, 0) != 0) {
		perror("prctl");
		return 1;
	}
	if (open_close(argv[2]))
		return 1;
	child = fork();
	if (child == 0)
		_exit(open_close(argv[2]) ? 1 : 0);
	if (child < 0 || waitpid(child, &status, 0) != child || status != 0)
		return 1;
	return 0;
}

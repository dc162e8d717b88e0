/*
 * forkstorm NPROCS NTHREADS: NPROCS short-lived processes (each forked,
 * exiting at once, reaped) and NTHREADS short-lived threads (created
 * and joined), for the state stress test.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *nothing(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long nprocs = argc > 2 ? strtol(argv[1], NULL, 10) : 0;
	long nthreads = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	pthread_t t;

	if (nprocs <= 0 || nthreads <= 0) {
		fprintf(stderr, "usage: forkstorm NPROCS NTHREADS\n");
		return 2;
	}
	for (long i = 0; i < nprocs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	for (long i = 0; i < nthreads; i++) {
		if (pthread_create(&t, NULL, nothing, NULL) != 0 ||
		    pthread_join(t, NULL) != 0) {
			fprintf(stderr, "thread %ld failed\n", i);
			return 1;
		}
	}
	return 0;
}

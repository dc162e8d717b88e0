/*
 * A minimal test harness: CHECK records a failure with file:line and goes
 * on; check_done prints "N passed, N failed" and gives the exit status.
 */
#ifndef LNR_CHECK_H
#define LNR_CHECK_H

#include "config.h" /* LNR_SANITIZERS */

#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* One pair of counters per test program, however many files it has. */
__attribute__((weak)) int check_passed, check_failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

/* Runs fn in a child process; its wait status. */
static inline int check_run_child(int (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid > 0)
		waitpid(pid, &st, 0);
	return st;
}

/* Its exit status, or -1 if it was killed. */
static inline int check_child_exit(int (*fn)(void))
{
	int st = check_run_child(fn);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The signal that killed it, or 0. */
static inline int check_child_signal(int (*fn)(void))
{
	int st = check_run_child(fn);

	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* Children that enter a seccomp sandbox need root, and cannot host the
 * sanitizer runtimes, whose calls the tables forbid: 1 (said) to skip. */
static inline int check_sandbox_skipped(void)
{
#ifdef LNR_SANITIZERS
	printf("SKIP: seccomp children cannot host the sanitizer runtime\n");
	return 1;
#else
	if (geteuid() != 0) {
		printf("SKIP: needs root\n");
		return 1;
	}
	return 0;
#endif
}

/* Sends stderr to a temporary file until check_stderr_end, which returns
 * what was written (up to 4 KiB). */
static FILE *check_err_file;
static int check_saved_err = -1;

static inline void check_stderr_begin(void)
{
	fflush(stderr);
	check_err_file = tmpfile();
	check_saved_err = dup(2);
	if (check_err_file)
		dup2(fileno(check_err_file), 2);
}

static inline const char *check_stderr_end(void)
{
	static char text[4096];
	size_t n = 0;

	fflush(stderr);
	dup2(check_saved_err, 2);
	close(check_saved_err);
	if (check_err_file) {
		rewind(check_err_file);
		n = fread(text, 1, sizeof(text) - 1, check_err_file);
		fclose(check_err_file);
	}
	text[n] = '\0';
	return text;
}

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif

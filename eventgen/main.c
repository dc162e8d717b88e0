/*
 * lanner-eventgen: runs harmless actions that each trigger one of
 * lanner's default rules, to prove the agent sees them.
 *
 *   lanner-eventgen list                 each action and its rule
 *   lanner-eventgen run [REGEX] [--loop] [--sleep S]
 *   lanner-eventgen action NAME          one action, in this process
 *
 * `run` starts each action as `lanner-eventgen action NAME` in a session
 * of its own, so every process the action starts carries the action's
 * pid as its session id (proc.sid), and kills the session's process
 * group afterwards so nothing is left behind.
 */
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eg.h"
#include "rmtree.h"

struct eg_action {
	const char *name;
	const char *rule;
	int (*fn)(struct eg_ctx *c);
};

static const struct eg_action actions[] = {
#define EG_ACTION(id, name, rule) {name, rule, act_##id},
#include "actions.def"
#undef EG_ACTION
};
#define N_ACTIONS (sizeof(actions) / sizeof(actions[0]))

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: lanner-eventgen list\n"
	    "       lanner-eventgen run [REGEX] [--loop] [--sleep SECONDS]\n"
	    "       lanner-eventgen action NAME\n");
	exit(2);
}

static int cmd_list(void)
{
	size_t i;

	for (i = 0; i < N_ACTIONS; i++)
		printf("%-22s %s\n", actions[i].name, actions[i].rule);
	return 0;
}

/* One action in this process, in a private temporary directory. */
static int cmd_action(const char *name)
{
	struct eg_ctx c;
	const char *given;
	size_t i;
	int rc;

	for (i = 0; i < N_ACTIONS && strcmp(actions[i].name, name) != 0; i++)
		;
	if (i == N_ACTIONS) {
		fprintf(stderr, "lanner-eventgen: no action %s\n", name);
		return 2;
	}
	given = getenv(EG_DIR_ENV);
	snprintf(c.dir, sizeof(c.dir), "%s",
		 given ? given : "/tmp/lanner-eventgen.XXXXXX");
	if (!given && !mkdtemp(c.dir)) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	rc = actions[i].fn(&c);
	if (!given)
		rmtree(c.dir);
	return rc ? 1 : 0;
}

/* Starts `action NAME` in a new session; returns its pid and status. */
static int run_one(const struct eg_action *a, pid_t *pid)
{
	char self[PATH_MAX], dir[] = "/tmp/lanner-eventgen.XXXXXX";
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int status;

	if (n <= 0 || !mkdtemp(dir))
		return -1;
	self[n] = '\0';
	fflush(stdout);
	*pid = fork();
	if (*pid == 0) {
		/* By its real path, so the action runs as lanner-eventgen. */
		setsid();
		setenv(EG_DIR_ENV, dir, 1);
		execl(self, "lanner-eventgen", "action", a->name, (char *)NULL);
		_exit(127);
	}
	status = *pid < 0 ? -1 : eg_wait(*pid);
	if (*pid > 0)
		kill(-*pid, SIGKILL); /* whatever the action left behind */
	rmtree(dir);
	return status;
}

static int run_pass(const regex_t *re, double sleep_s, int *failed)
{
	struct timespec pause = {(time_t)sleep_s,
				 (long)((sleep_s - (time_t)sleep_s) * 1e9)};
	size_t i;
	int ran = 0;

	for (i = 0; i < N_ACTIONS; i++) {
		const struct eg_action *a = &actions[i];
		pid_t pid = 0;
		int status;

		if (re && regexec(re, a->name, 0, NULL, 0) &&
		    regexec(re, a->rule, 0, NULL, 0))
			continue;
		if (ran++ && sleep_s > 0)
			nanosleep(&pause, NULL);
		status = run_one(a, &pid);
		printf("%-22s %-7d %-6s %s\n", a->name, (int)pid,
		       status == 0 ? "ok" : "FAILED", a->rule);
		fflush(stdout);
		*failed += status != 0;
	}
	return ran;
}

static int cmd_run(int argc, char **argv)
{
	const char *pattern = NULL;
	double sleep_s = 0;
	int loop = 0, failed = 0, ran, i;
	regex_t re;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--loop"))
			loop = 1;
		else if (!strcmp(argv[i], "--sleep") && i + 1 < argc)
			sleep_s = strtod(argv[++i], NULL);
		else if (argv[i][0] != '-' && !pattern)
			pattern = argv[i];
		else
			usage();
	}
	if (geteuid() != 0) {
		fprintf(stderr, "lanner-eventgen: run needs root\n");
		return 1;
	}
	if (pattern && regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "lanner-eventgen: bad regex %s\n", pattern);
		return 2;
	}
	do
		ran = run_pass(pattern ? &re : NULL, sleep_s, &failed);
	while (loop && ran);
	if (pattern)
		regfree(&re);
	if (!ran)
		fprintf(stderr, "lanner-eventgen: no action matches %s\n",
			pattern);
	fprintf(stderr, "%d actions, %d failed\n", ran, failed);
	return failed || !ran ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *role = getenv(EG_ROLE_ENV);

	if (role)
		return eg_role_main(role, argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return cmd_list();
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "action"))
		return cmd_action(argv[2]);
	usage();
	return 2;
}

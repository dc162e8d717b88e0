/*
 * lanner-eventgen: harmless actions that each trigger one default rule.
 * An action runs in a process of its own (a new session, so every
 * process it starts shares its session id), works in a private temporary
 * directory and undoes what it did.
 */
#ifndef LANNER_EG_H
#define LANNER_EG_H

#include <limits.h>
#include <sys/types.h>

/* What an action gets: its private temporary directory, removed after. */
struct eg_ctx {
	char dir[PATH_MAX];
};

#define EG_ACTION(id, name, rule) int act_##id(struct eg_ctx *c);
#include "actions.def"
#undef EG_ACTION

/* Roles: what a copy of this program does when started under another
 * name (eg_run_as). The role travels in the environment, so the command
 * line is free to look like the program it imitates. */
#define EG_ROLE_ENV "LANNER_EVENTGEN_ROLE"
#define EG_ADDR_ENV "LANNER_EVENTGEN_ADDR"
#define EG_PATH_ENV "LANNER_EVENTGEN_PATH"
#define EG_NEXT_ENV "LANNER_EVENTGEN_NEXT"
/* The action's directory, made and removed by `run` (so a killed
 * action leaves nothing there behind). */
#define EG_DIR_ENV "LANNER_EVENTGEN_DIR"
int eg_role_main(const char *role, int argc, char **argv);

/* Paths returned (eg_path, eg_copy_self) live in a static buffer, valid
 * until the next call of the same function.
 *
 * Files: a path below the action's directory; create (and close) a new
 * file; open a file for reading and close it; make directories. Each
 * returns 0 or -1 after printing why. */
const char *eg_path(const struct eg_ctx *c, const char *name);
int eg_create(const char *path);
int eg_read(const char *path);
int eg_mkdirs(const char *path);
/* eg_mkdirs noting in top the first directory it had to make ("" when
 * none), and eg_rmdirs removing path and its parents up to top again. */
int eg_mkdirs_top(const char *path, char *top, size_t toplen);
void eg_rmdirs(const char *path, const char *top);

/* Processes. eg_run starts argv[0] with extra environment entries (NULL
 * terminated, may be NULL) and waits for it; eg_run_as first copies this
 * program into the action's directory as `name` and runs the copy in
 * `role`. Both return the exit status, or -1. eg_fork runs fn in a child
 * and returns its exit status. */
int eg_run(char *const argv[], char *const env[]);
int eg_run_as(const struct eg_ctx *c, const char *name, const char *role,
	      char *const argv[], char *const env[]);
const char *eg_copy_self(const struct eg_ctx *c, const char *name);
int eg_wait(pid_t pid);
int eg_fork(int (*fn)(void *), void *arg);

/* Identity: become the unprivileged user nobody (65534), keeping the
 * saved user id root when keep_saved is set. */
int eg_become_nobody(int keep_saved);

/* A controlling terminal for the action process and its children. */
int eg_ctty(void);

/* Runs fn in a fresh container: a child moved into a cgroup named like a
 * container runtime's, in new mount, uts, ipc and pid namespaces; fn runs
 * as its pid 1 and should exec. */
int eg_container(const struct eg_ctx *c, int (*fn)(void *), void *arg);

/* Network: a loopback TCP listener (its port in *port), a connect with a
 * short timeout (returns the socket, or -1 with errno set). */
int eg_listen(int *port);
int eg_connect(const char *ip, int port, int timeout_ms);

#endif

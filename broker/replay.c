/*
 * Replay, see replay.h. The broker only opens the files and counts; the
 * bytes are parsed by lanner-replay in its sandbox.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "broker.h"
#include "child.h"
#include "conf_keys.h"
#include "log.h"
#include "replay.h"
#include "textesc.h"

#define WAIT_TICK_US 10000 /* polls of the output queues at the end */
#define WAIT_MAX 1000	   /* of them: 10 s */

_Static_assert(BROKER_MAX_FILES == CHILD_MAX_FILES,
	       "lanner-replay takes every descriptor the broker opens");

int replay_wanted(const struct broker *b)
{
	const char *kind = conf_str(&b->conf, CONF_ENGINE_KIND);

	if (strcmp(kind, "replay") != 0 && strcmp(kind, "modern_ebpf") != 0)
		fatal("engine.kind %s: lanner knows modern_ebpf and replay",
		      kind);
	return b->cli->replay.n > 0 || strcmp(kind, "replay") == 0;
}

static void add_file(struct broker *b, int fd, char *name)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		fatal("%s: not a regular file", name);
	if (b->nfile_fds == BROKER_MAX_FILES)
		fatal("at most %d capture files in one replay",
		      BROKER_MAX_FILES);
	b->file_fds[b->nfile_fds] = fd;
	b->file_names[b->nfile_fds++] = name;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of the directory but dot files, in name order;
 * anything else in it is passed over with a warning. */
static void add_dir(struct broker *b, int dfd, const char *path)
{
	char *names[BROKER_MAX_FILES + 1];
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		fatal("%s: %m", path);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && n <= BROKER_MAX_FILES &&
		    !(names[n++] = strdup(e->d_name)))
			fatal("out of memory");
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		int fd = openat(dirfd(d), names[i],
				O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		struct stat st;
		char *full;

		if (asprintf(&full, "%s/%s", path, names[i]) < 0)
			fatal("out of memory");
		free(names[i]);
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			log_warn("%s: not a regular file; passed over", full);
			if (fd >= 0)
				close(fd);
			free(full);
			continue;
		}
		add_file(b, fd, full);
	}
	closedir(d);
	if (n == 0)
		log_warn("%s: no capture files in it", path);
}

static void add_path(struct broker *b, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char *name;

	if (fd < 0 && errno == ELOOP)
		fatal("%s is a symbolic link; name the file it points to",
		      path);
	if (fd < 0 || fstat(fd, &st) < 0)
		fatal("%s: %m", path);
	if (!(name = strdup(path)))
		fatal("out of memory");
	if (S_ISDIR(st.st_mode)) {
		add_dir(b, fd, path);
		free(name);
	} else {
		add_file(b, fd, name);
	}
}

/* The configured list: replay.capture_file, a value or a sequence. */
static int configured(const struct conf *cf, const char **out, int max)
{
	const char *key = conf_keys[CONF_REPLAY_CAPTURE_FILE].key;
	size_t klen = strlen(key);
	int n = 0;

	for (size_t i = 0; i < cf->n && n < max; i++)
		if (strncmp(cf->items[i].key, key, klen) == 0 &&
		    (cf->items[i].key[klen] == '\0' ||
		     cf->items[i].key[klen] == '.') &&
		    cf->items[i].value[0])
			out[n++] = cf->items[i].value;
	return n;
}

void replay_setup(struct broker *b)
{
	const char *paths[CLI_MAX_LIST];
	const char *key = conf_keys[CONF_REPLAY_CAPTURE_FILE].key;
	int n = b->cli->replay.n;
	char item[64];

	if (b->cli->capture)
		fatal("--capture records live events; it does not go with "
		      "a replay");
	if (n)
		memcpy(paths, b->cli->replay.v, (size_t)n * sizeof(*paths));
	else
		n = configured(&b->conf, paths, CLI_MAX_LIST);
	if (n == 0)
		fatal("engine.kind is replay but no capture file is named "
		      "(-e FILE or replay.capture_file)");
	for (int i = 0; i < n; i++)
		add_path(b, paths[i]);
	if (b->nfile_fds == 0)
		fatal("no capture file to replay");
	/* lanner-replay names the files from these items, in order. */
	if (conf_set(&b->conf, key, "") < 0)
		fatal("out of memory");
	for (int i = 0; i < b->nfile_fds; i++) {
		snprintf(item, sizeof(item), "%s.%d", key, i);
		if (conf_set(&b->conf, item, b->file_names[i]) < 0)
			fatal("out of memory");
	}
	/* No capture process: no capture files around alerts either. */
	if (conf_set(&b->conf, conf_keys[CONF_CAPTURE_ENABLED].key, "false") <
	    0)
		fatal("out of memory");
	if (!(b->replay = calloc(1, sizeof(*b->replay))))
		fatal("out of memory");
}

void replay_note_alert(struct broker *b, const struct alert *a)
{
	struct replay *r = b->replay;
	size_t i;

	if (!r)
		return;
	r->alerts++;
	if ((unsigned)a->priority < PRIO_COUNT)
		r->by_prio[a->priority]++;
	for (i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].name, a->rule) == 0)
			break;
	if (i == r->nrules) {
		if (i == REPLAY_MAX_RULES ||
		    !(r->rules[i].name = strdup(a->rule))) {
			r->other_rules++;
			return;
		}
		r->nrules++;
	}
	r->rules[i].alerts++;
}

static struct child *child_of(struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == role)
			return &b->children[i];
	return NULL;
}

void replay_start(struct broker *b)
{
	struct child *c = child_of(b, ROLE_CAPTURE);
	int r;

	if (!b->replay || !c || c->pid || b->replay->started.tv_sec)
		return;
	clock_gettime(CLOCK_MONOTONIC, &b->replay->started);
	if ((r = child_spawn(c)) < 0) {
		log_err("cannot start %s: %s", c->def->binary, strerror(-r));
		broker_stop(b, 1);
	}
}

/* Every record is in the ring and the engine has read it: it sends its
 * last alerts, then stats with drained=1. */
static void drain(struct broker *b)
{
	struct child *e = child_of(b, ROLE_ENGINE);
	struct msg_out m;

	clock_gettime(CLOCK_MONOTONIC, &b->replay->fed);
	b->replay->draining = 1;
	chan_begin(b, &m, MSG_DRAIN, 0);
	if (!e || !e->hello || chan_send(e, &m, 0) < 0) {
		log_err("cannot ask the engine for its last alerts");
		broker_stop(b, 1);
	}
}

static int outputs_pending(const struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_OUTPUT &&
		    b->children[i].pid && b->children[i].queue.count)
			return 1;
	return 0;
}

/* Stops lanner once every alert is delivered, or after WAIT_MAX polls. */
static void on_wait(evutil_socket_t fd, short what, void *arg)
{
	static const struct timeval tick = {0, WAIT_TICK_US};
	struct broker *b = arg;
	struct replay *r = b->replay;

	(void)fd;
	(void)what;
	if (outputs_pending(b) && r->waits++ < WAIT_MAX) {
		evtimer_add(r->ev_wait, &tick);
		return;
	}
	if (r->waits >= WAIT_MAX)
		log_warn("output workers still hold alerts; stopping anyway");
	broker_stop(b, 0);
}

void replay_note_stats(struct child *c, const char *text)
{
	struct replay *r = c->b->replay;

	if (!r)
		return;
	if (c->def->role == ROLE_CAPTURE) {
		snprintf(r->feeder, sizeof(r->feeder), "%s", text);
		if (!r->draining && strstr(text, "replay_done=1\n"))
			drain(c->b);
	} else if (c->def->role == ROLE_ENGINE && r->draining && !r->done &&
		   strstr(text, "drained=1\n")) {
		snprintf(r->engine, sizeof(r->engine), "%s", text);
		r->done = 1;
		r->ev_wait = evtimer_new(c->b->base, on_wait, c->b);
		if (!r->ev_wait)
			broker_stop(c->b, 0);
		else
			on_wait(-1, 0, c->b);
	}
}

int replay_child_exited(struct child *c)
{
	struct broker *b = c->b;

	if (!b->replay || b->stopping || c->def->role == ROLE_OUTPUT)
		return 0;
	log_err("%s exited before the replay ended", c->def->binary);
	broker_stop(b, 1);
	return 1;
}

/* The value of "key=" in stats text, 0 when absent. */
static unsigned long long stat_of(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, key, n) == 0 && p[n] == '=')
			return strtoull(p + n + 1, NULL, 10);
	}
	return 0;
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void replay_free(struct broker *b)
{
	struct replay *r = b->replay;

	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i].name);
	if (r->ev_wait)
		event_free(r->ev_wait);
	for (int i = 0; i < b->nfile_fds; i++) {
		close(b->file_fds[i]);
		free(b->file_names[i]);
	}
	b->nfile_fds = 0;
	free(r);
	b->replay = NULL;
}

int replay_report(struct broker *b)
{
	const struct replay *r = b->replay;
	int status;
	unsigned long long events = stat_of(r->engine, "events");
	double s = r->done ? seconds(&r->started, &r->fed) : 0;

	printf("Replay: %llu events in %.3f s, %.0f events/s\n", events, s,
	       s > 0 ? (double)events / s : 0.0);
	printf("Files: %llu read, %llu refused; blocks: %llu good, %llu "
	       "corrupt; %llu files cut off; %llu bytes skipped\n",
	       stat_of(r->feeder, "files"), stat_of(r->feeder, "files_refused"),
	       stat_of(r->feeder, "blocks"),
	       stat_of(r->feeder, "corrupt_blocks"),
	       stat_of(r->feeder, "truncated_files"),
	       stat_of(r->feeder, "skipped_bytes"));
	printf("Records: %llu fed, %llu malformed, %llu lost in the ring, "
	       "%llu refused by the engine\n",
	       stat_of(r->feeder, "records"), stat_of(r->feeder, "bad_records"),
	       stat_of(r->feeder, "ring_drops"),
	       stat_of(r->engine, "bad_records"));
	printf("Alerts: %llu\n", (unsigned long long)r->alerts);
	for (unsigned p = 0; p < PRIO_COUNT; p++)
		if (r->by_prio[p])
			printf("  %s: %llu\n", priority_name((enum priority)p),
			       (unsigned long long)r->by_prio[p]);
	for (size_t i = 0; i < r->nrules; i++) {
		char name[512]; /* rule names come from rule files */

		textesc(name, sizeof(name), r->rules[i].name,
			strlen(r->rules[i].name), 0);
		printf("  rule %s: %llu\n", name,
		       (unsigned long long)r->rules[i].alerts);
	}
	if (r->other_rules)
		printf("  other rules: %llu\n",
		       (unsigned long long)r->other_rules);
	fflush(stdout);
	status = !r->done || stat_of(r->feeder, "files_refused") ? 1 : 0;
	replay_free(b);
	return status;
}

/*
 * watch_config_files: the configuration file and the rule files are
 * watched with inotify (through the folders that hold them, since editors
 * replace files by renaming), and a change reloads both, as SIGHUP does,
 * once things have been quiet for WATCH_SETTLE_MS.
 */
#include <errno.h>
#include <event2/event.h>
#include <libgen.h>
#include <limits.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "broker.h"
#include "conf_keys.h"
#include "log.h"
#include "paths.h"

#define WATCH_SETTLE_MS 300
#define WATCH_MASK                                                             \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |            \
	 IN_DELETE | IN_ATTRIB)

static void on_settled(evutil_socket_t fd, short what, void *arg)
{
	log_info("a watched configuration or rule file changed");
	(void)reload(arg);
}

/* Any change in a watched folder: reload once it settles. */
static void on_inotify(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct timeval tv = {0, WATCH_SETTLE_MS * 1000L};
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	evtimer_add(b->ev_settle, &tv);
}

/* The folder path is in, or path itself when it is one. */
static void watch_path(int fd, const char *path)
{
	char copy[PATH_MAX];
	struct stat st;
	const char *dir = path;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(copy, sizeof(copy), "%s", path);
		dir = dirname(copy);
	}
	if (inotify_add_watch(fd, dir, WATCH_MASK) < 0)
		log_warn("cannot watch %s: %s", dir, strerror(errno));
}

int watch_setup(struct broker *b)
{
	const char *config =
	    b->cli->config ? b->cli->config : paths_default_config();
	int fd;

	if (!conf_bool(&b->conf, CONF_WATCH_CONFIG_FILES))
		return 0;
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (config)
		watch_path(fd, config);
	for (int i = 0; i < b->nrule_paths; i++)
		watch_path(fd, b->rule_paths[i]);
	b->ev_settle = evtimer_new(b->base, on_settled, b);
	b->ev_watch =
	    event_new(b->base, fd, EV_READ | EV_PERSIST, on_inotify, b);
	if (!b->ev_settle || !b->ev_watch || event_add(b->ev_watch, NULL) < 0) {
		close(fd);
		return -ENOMEM;
	}
	b->watch_fd = fd;
	log_info("watching the configuration and rule files for changes");
	return 0;
}

void watch_close(struct broker *b)
{
	if (b->ev_watch)
		event_free(b->ev_watch);
	if (b->ev_settle)
		event_free(b->ev_settle);
	if (b->watch_fd > 0)
		close(b->watch_fd);
	b->ev_watch = b->ev_settle = NULL;
	b->watch_fd = 0;
}

/*
 * users: /etc/passwd and /etc/group are watched (through /etc, since
 * useradd and friends replace them by renaming) and sent to the engine
 * again once a change has settled, so user.name and group.name follow
 * useradd and userdel. The engine reads both itself when it starts; the
 * broker, which may read them, is the one that reads them afterwards.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"
#include "safefile.h"

#define USERS_DIR "/etc"
#define USERS_SETTLE_MS 200
/* Each file within half a message: the two travel together. */
#define USERS_FILE_MAX (MSG_MAX_SIZE / 2 - 4096)

static char *read_db(const char *path)
{
	struct safefile sf = {.what = "user database", .shown = path};
	char *text = NULL;
	size_t len;

	if (safefile_read(&sf, AT_FDCWD, path, USERS_FILE_MAX, &text, &len) <
	    0) {
		log_warn("%s", sf.err);
		return NULL;
	}
	return text;
}

/* Reads both files and sends them; 0, or -1 to try again later. */
static int send_users(struct broker *b)
{
	struct child *e = chan_peer(b, ROLE_ENGINE);
	char *passwd, *group;
	struct msg_out m;
	int r = 0;

	if (!e)
		return 0; /* it reads them itself when it starts */
	passwd = read_db(USERS_DIR "/passwd");
	group = read_db(USERS_DIR "/group");
	if (passwd && group) {
		chan_begin(b, &m, MSG_USERS, 0);
		msg_add_str(&m, passwd);
		msg_add_str(&m, group);
		r = chan_send(e, &m, 1) < 0 ? -1 : 0;
		if (!r)
			log_info(
			    "users and groups changed: sent to the engine");
	}
	free(passwd);
	free(group);
	return r;
}

static void on_settled(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct timeval tv = {0, USERS_SETTLE_MS * 1000L};

	if (send_users(b) < 0)
		evtimer_add(b->ev_users_settle, &tv);
}

/* A change in /etc: only passwd and group matter; when events were lost
 * (the queue overflowed), either may have changed. */
static void on_inotify(evutil_socket_t fd, short what, void *arg)
{
	struct broker *b = arg;
	struct timeval tv = {0, USERS_SETTLE_MS * 1000L};
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;

			if ((ev->mask & IN_Q_OVERFLOW) ||
			    (ev->len && (!strcmp(ev->name, "passwd") ||
					 !strcmp(ev->name, "group"))))
				evtimer_add(b->ev_users_settle, &tv);
			p += sizeof(*ev) + ev->len;
		}
	}
}

int users_setup(struct broker *b)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (inotify_add_watch(fd, USERS_DIR, IN_CLOSE_WRITE | IN_MOVED_TO) <
	    0) {
		log_warn("cannot watch %s for user changes: %s", USERS_DIR,
			 strerror(errno));
		close(fd);
		return 0;
	}
	b->ev_users_settle = evtimer_new(b->base, on_settled, b);
	b->ev_users =
	    event_new(b->base, fd, EV_READ | EV_PERSIST, on_inotify, b);
	if (!b->ev_users_settle || !b->ev_users ||
	    event_add(b->ev_users, NULL) < 0) {
		close(fd);
		return -ENOMEM;
	}
	b->users_fd = fd;
	return 0;
}

void users_close(struct broker *b)
{
	if (b->ev_users)
		event_free(b->ev_users);
	if (b->ev_users_settle)
		event_free(b->ev_users_settle);
	if (b->users_fd > 0)
		close(b->users_fd);
	b->ev_users = b->ev_users_settle = NULL;
	b->users_fd = 0;
}

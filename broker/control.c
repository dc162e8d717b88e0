/*
 * The control socket lannerctl talks to (control.h): only root may reach
 * it (mode 0600, and the peer's uid checked with SO_PEERCRED). `reload`
 * answers when the engine has judged the new rules.
 */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"

#define CONTROL_LINE_MAX 256
#define CONTROL_TIMEOUT_S 5

static void reply(struct bufferevent *bev, int ok, const char *text)
{
	evbuffer_add_printf(bufferevent_get_output(bev), "%s\n%s",
			    ok ? "ok" : "error", text);
	if (*text && text[strlen(text) - 1] != '\n')
		evbuffer_add(bufferevent_get_output(bev), "\n", 1);
	/* Closed once the reply is written out. */
	bufferevent_disable(bev, EV_READ);
	bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
}

static struct child *find_child(struct broker *b, const char *what,
				const char *channel)
{
	for (size_t i = 0; i < b->nchildren; i++) {
		const struct proc_def *d = b->children[i].def;

		if (!strcmp(what, proc_role_name(d->role)) &&
		    (d->role != ROLE_OUTPUT ||
		     (channel && !strcmp(channel, d->channel))))
			return &b->children[i];
	}
	return NULL;
}

/* restart capture | engine | output CHANNEL: the supervisor brings it
 * back as after a crash, and nothing queued is lost. */
static void do_restart(struct broker *b, struct bufferevent *bev,
		       const char *what, const char *channel)
{
	struct child *c = find_child(b, what, channel);
	char text[160];

	if (!c) {
		snprintf(text, sizeof(text),
			 "no such process: %s%s%s (capture, engine or output "
			 "CHANNEL of an enabled channel)\n",
			 what, channel ? " " : "", channel ? channel : "");
		reply(bev, 0, text);
		return;
	}
	if (!c->pid) {
		reply(bev, 0, "it is not running now: already restarting\n");
		return;
	}
	snprintf(text, sizeof(text), "restarting %s[%d]\n", c->def->binary,
		 (int)c->pid);
	child_restart(c, "asked by lannerctl");
	reply(bev, 1, text);
}

static void do_reload(struct broker *b, struct bufferevent *bev)
{
	if (b->nwaiting == CONTROL_MAX_WAITING) {
		reply(bev, 0, "too many reloads waiting\n");
		return;
	}
	if (reload(b) < 0) {
		char text[sizeof(b->last_reload) + 40];

		snprintf(text, sizeof(text), "%s; the running ones stay\n",
			 b->last_reload);
		reply(bev, 0, text);
		return;
	}
	b->waiting[b->nwaiting++] = bev;
}

void control_reload_done(struct broker *b, int ok, unsigned nrules,
			 const char *diag)
{
	char head[96];

	snprintf(head, sizeof(head),
		 ok ? "%u rules loaded\n" : "rules rejected; %u rules stay\n",
		 nrules);
	for (size_t i = 0; i < b->nwaiting; i++) {
		struct evbuffer *out = bufferevent_get_output(b->waiting[i]);

		evbuffer_add_printf(out, "%s\n%s%s", ok ? "ok" : "error", head,
				    diag);
		bufferevent_disable(b->waiting[i], EV_READ);
	}
	b->nwaiting = 0;
}

static void dispatch(struct broker *b, struct bufferevent *bev, char *line)
{
	char *save = NULL, *cmd = strtok_r(line, " \t", &save);
	char *arg = strtok_r(NULL, " \t", &save);
	char *arg2 = strtok_r(NULL, " \t", &save);

	if (!cmd) {
		reply(bev, 0, "empty command\n");
	} else if (!strcmp(cmd, "status")) {
		struct evbuffer *out = evbuffer_new();

		if (out && status_render(b, out, arg && !strcmp(arg, "json"))) {
			evbuffer_add_printf(bufferevent_get_output(bev),
					    "ok\n");
			evbuffer_add_buffer(bufferevent_get_output(bev), out);
			bufferevent_disable(bev, EV_READ);
		} else {
			reply(bev, 0, "out of memory\n");
		}
		if (out)
			evbuffer_free(out);
	} else if (!strcmp(cmd, "restart") && arg) {
		do_restart(b, bev, arg, arg2);
	} else if (!strcmp(cmd, "reload") && !arg) {
		do_reload(b, bev);
	} else if (!strcmp(cmd, "reopen") && !arg) {
		reopen_outputs(b);
		reply(bev, 1, "output workers reopen their files\n");
	} else {
		reply(bev, 0,
		      "unknown command (status [json], restart "
		      "capture|engine|output CHANNEL, reload, "
		      "reopen)\n");
	}
}

static void forget(struct broker *b, struct bufferevent *bev)
{
	for (size_t i = 0; i < b->nwaiting; i++)
		if (b->waiting[i] == bev)
			b->waiting[i--] = b->waiting[--b->nwaiting];
	bufferevent_free(bev);
}

static void on_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;
	char *line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);

	if (!line) {
		if (evbuffer_get_length(in) > CONTROL_LINE_MAX)
			reply(bev, 0, "command too long\n");
		return;
	}
	if (len > CONTROL_LINE_MAX)
		reply(bev, 0, "command too long\n");
	else
		dispatch(arg, bev, line);
	free(line);
}

/* The reply is out: close. */
static void on_write(struct bufferevent *bev, void *arg)
{
	if (!(bufferevent_get_enabled(bev) & EV_READ))
		forget(arg, bev);
}

/* The client's half-close after its command is no reason to drop an
 * answer being written or still to come (a reload); anything else ends
 * the connection. */
static void on_event(struct bufferevent *bev, short what, void *arg)
{
	struct broker *b = arg;

	int pending = evbuffer_get_length(bufferevent_get_output(bev)) > 0;

	for (size_t i = 0; i < b->nwaiting; i++)
		pending |= b->waiting[i] == bev;
	if ((what & BEV_EVENT_EOF) && pending) {
		bufferevent_disable(bev, EV_READ);
		return;
	}
	forget(b, bev);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct broker *b = arg;
	struct timeval tv = {CONTROL_TIMEOUT_S, 0};
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	struct bufferevent *bev =
	    bufferevent_socket_new(b->base, fd, BEV_OPT_CLOSE_ON_FREE);

	if (!bev) {
		close(fd);
		return;
	}
	bufferevent_setcb(bev, on_read, on_write, on_event, b);
	bufferevent_set_timeouts(bev, &tv, NULL);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
	    cred.uid != 0) {
		reply(bev, 0, "lannerctl needs root\n");
		bufferevent_enable(bev, EV_WRITE);
		return;
	}
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

/* A socket at path that answers belongs to another lanner. */
static int in_use(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return 0;
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return r;
}

int control_setup(struct broker *b, const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	mode_t old;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	if (in_use(&sun)) {
		log_warn("control socket %s is another lanner's; lannerctl "
			 "will not reach this one",
			 path);
		return 0;
	}
	unlink(path);
	old = umask(0177);
	b->control = evconnlistener_new_bind(
	    b->base, on_accept, b,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16,
	    (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (!b->control)
		return -errno ? -errno : -EIO;
	snprintf(b->control_path, sizeof(b->control_path), "%s", path);
	return 0;
}

void control_close(struct broker *b)
{
	while (b->nwaiting)
		forget(b, b->waiting[0]);
	if (!b->control)
		return;
	evconnlistener_free(b->control);
	unlink(b->control_path);
	b->control = NULL;
}

/*
 * lanner-containers' loop: replies arrive on the --sink-fd socket, each
 * a pipe the broker relays the runtime's answer into, with a
 * MSG_CONTAINER_LOOKUP naming the container; up to LOOKUP_SLOTS replies are read at once, each within
 * INSPECT_REPLY_MAX bytes and LOOKUP_TIMEOUT_MS, then parsed and
 * answered with MSG_CONTAINER_INFO. While every slot is busy the broker's
 * socket is not read, so its sends fail and it answers the engine itself.
 */
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "containers.h"
#include "fdpass.h"
#include "h2.h"

_Static_assert(CTRINFO_NAMESPACES_MAX <= H2_STREAMS_MAX,
	       "a stream per namespace");
#include "ipc.h"
#include "log.h"

#define LOOKUP_MSG_MAX 512 /* a MSG_CONTAINER_LOOKUP */

void lookup_setup(struct helper *h)
{
	struct json_object *o;

	h->out = malloc(MSG_MAX_SIZE);
	for (int i = 0; i < LOOKUP_SLOTS; i++) {
		h->slots[i].fd = -1;
		h->slots[i].buf = malloc(INSPECT_REPLY_MAX + 1);
		if (!h->slots[i].buf)
			h->out = NULL;
	}
	/* json-c seeds its hash tables on first use, with getrandom or
	 * /dev/urandom, which the sandbox refuses: seed it now. */
	o = json_tokener_parse("{\"seed\": 1}");
	if (!h->out || !o)
		fatal("out of memory");
	json_object_put(o);
	ratelog_init(&h->fail_log, RATELOG_PERIOD_NS);
}

static void send_answer(struct helper *h, const struct ctrinfo *info)
{
	struct msg_out m;

	msg_begin(&m, h->out, MSG_MAX_SIZE, MSG_CONTAINER_INFO, 0);
	ctrinfo_encode(&m, info);
	if (child_send(&h->child, &m, 0) < 0)
		log_warn("cannot send what the runtime said about %.12s",
			 info->id);
}

/* A failed lookup, logged at most once a period with the count. */
static void note_failure(struct helper *h, const struct lookup *l,
			 const char *why)
{
	uint64_t n = ratelog_due(&h->fail_log, 1, ratelog_now());

	h->failed++;
	if (n)
		log_warn("container %.12s: no usable answer from %s: %s "
			 "(%llu failed lookups since the last such line)",
			 l->id, l->path, why, (unsigned long long)n);
}

/* Parses a finished reply, answers, frees the slot. */
static void finish(struct helper *h, struct lookup *l, const char *error)
{
	struct inspect *in = &h->in;
	struct ctrinfo failed = {.id = l->id, .status = CTRINFO_FAILED};

	if (error) {
		note_failure(h, l, error);
		send_answer(h, &failed);
	} else {
		enum ctrinfo_status st = inspect_reply(
		    in, l->api, l->id, l->buf, l->len, l->streams);

		if (st == CTRINFO_FAILED)
			note_failure(h, l, in->why);
		h->found += st == CTRINFO_FOUND;
		h->not_found += st == CTRINFO_NO_SUCH;
		if (in->mounts_cut)
			log_warn("container %.12s: %u mounts beyond the first "
				 "%d left out",
				 l->id, in->mounts_cut, CTRINFO_MOUNTS_MAX);
		send_answer(h, &in->info);
		inspect_done(in);
	}
	close(l->fd);
	l->fd = -1;
}

/* Reads what the runtime sent so far; finishes at its end. */
static void read_reply(struct helper *h, struct lookup *l)
{
	ssize_t n =
	    read(l->fd, l->buf + l->len, INSPECT_REPLY_MAX + 1 - l->len);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		finish(h, l, strerror(errno));
		return;
	}
	l->len += (size_t)n;
	if (l->len > INSPECT_REPLY_MAX)
		finish(h, l, "the reply is too large");
	/* An HTTP/2 server keeps the connection: its frames say the end. */
	else if (n == 0 || (strcmp(l->api, "docker") != 0 &&
			    grpc_complete(&l->scan, (const uint8_t *)l->buf,
					  l->len, l->streams)))
		finish(h, l, NULL);
}

static struct lookup *free_slot(struct helper *h)
{
	for (int i = 0; i < LOOKUP_SLOTS; i++)
		if (h->slots[i].fd < 0)
			return &h->slots[i];
	return NULL;
}

/* Checks the broker's message and fills the slot. 0 or -EPROTO. */
static int start(struct lookup *l, const uint8_t *buf, size_t len, int fd)
{
	struct msg_in m;
	const char *why, *id, *path, *api;
	struct stat st;
	uint32_t streams;

	if (msg_open(&m, buf, len, &why) < 0 ||
	    m.hdr.type != MSG_CONTAINER_LOOKUP)
		return -EPROTO;
	id = msg_get_str(&m);
	path = msg_get_str(&m);
	api = msg_get_str(&m);
	streams = msg_get_u32(&m);
	if (msg_end(&m) < 0 || !ctrinfo_id_ok(id) ||
	    strlen(path) >= sizeof(l->path) || strlen(api) >= sizeof(l->api) ||
	    streams < 1 || streams > CTRINFO_NAMESPACES_MAX)
		return -EPROTO;
	/* Never the runtime's socket: nothing may be written back. */
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode))
		return -EPROTO;
	snprintf(l->id, sizeof(l->id), "%s", id);
	snprintf(l->path, sizeof(l->path), "%s", path);
	snprintf(l->api, sizeof(l->api), "%s", api);
	l->streams = streams;
	l->fd = fd;
	l->len = 0;
	memset(&l->scan, 0, sizeof(l->scan));
	l->deadline_ns = ratelog_now() + LOOKUP_TIMEOUT_MS * 1000000ull;
	return 0;
}

/* Takes the lookups waiting, as long as slots are free. */
static int take_lookups(struct helper *h)
{
	uint8_t buf[LOOKUP_MSG_MAX];
	struct lookup *l;

	while ((l = free_slot(h))) {
		int fd;
		ssize_t n =
		    fdpass_recv(h->child.sink_fd, buf, sizeof(buf), &fd);

		if (n <= 0)
			return (int)n;
		if (start(l, buf, (size_t)n, fd) < 0) {
			close(fd);
			log_err("a malformed lookup from the broker");
			return -EPROTO;
		}
		h->lookups++;
	}
	return 0;
}

static void expire(struct helper *h, uint64_t now)
{
	for (int i = 0; i < LOOKUP_SLOTS; i++)
		if (h->slots[i].fd >= 0 && now >= h->slots[i].deadline_ns)
			finish(h, &h->slots[i], "no complete reply in time");
}

/* The descriptors to wait on: the broker's channel, its socket of
 * connections while a slot is free, and each connection. */
static nfds_t poll_set(struct helper *h, struct pollfd *p, int *timeout)
{
	uint64_t now = ratelog_now(), next = now + CHILD_STATS_EVERY_NS;
	nfds_t n = 0;

	p[n++] =
	    (struct pollfd){.fd = ipc_recv_fd(h->child.sock), .events = POLLIN};
	p[n++] = (struct pollfd){.fd = free_slot(h) ? h->child.sink_fd : -1,
				 .events = POLLIN};
	for (int i = 0; i < LOOKUP_SLOTS; i++) {
		p[n++] =
		    (struct pollfd){.fd = h->slots[i].fd, .events = POLLIN};
		if (h->slots[i].fd >= 0 && h->slots[i].deadline_ns < next)
			next = h->slots[i].deadline_ns;
	}
	*timeout = next > now ? (int)((next - now) / 1000000 + 1) : 0;
	return n;
}

/* Counters for lannerctl status, when they moved, at most once a
 * second. */
static void send_stats(struct helper *h)
{
	uint64_t sum = h->lookups + h->found + h->not_found + h->failed;
	char text[256];

	if (!child_stats_due(&h->stats, sum))
		return;
	snprintf(text, sizeof(text),
		 "lookups=%llu\nfound=%llu\nnot_found=%llu\nfailed=%llu\n",
		 (unsigned long long)h->lookups, (unsigned long long)h->found,
		 (unsigned long long)h->not_found,
		 (unsigned long long)h->failed);
	child_stats_send(&h->child, &h->stats, sum, text);
}

int lookup_run(struct helper *h)
{
	struct pollfd p[2 + LOOKUP_SLOTS];
	int timeout, r;

	while (!child_stopping) {
		nfds_t n = poll_set(h, p, &timeout);

		if (poll(p, n, timeout) < 0 && errno != EINTR)
			return -errno;
		r = child_dispatch(&h->child);
		if (r)
			return r == CHILD_STOP ? 0 : r;
		for (int i = 0; i < LOOKUP_SLOTS; i++)
			if (p[2 + i].fd >= 0 && p[2 + i].revents)
				read_reply(h, &h->slots[i]);
		if (p[1].fd >= 0 && p[1].revents && (r = take_lookups(h)) < 0)
			return r;
		expire(h, ratelog_now());
		send_stats(h);
	}
	return 0;
}

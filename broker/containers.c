/*
 * Container metadata lookups. The engine names a container it has no
 * metadata for (MSG_CONTAINER_WANT); the broker, which may reach the
 * runtime's API socket (root's only, for Podman and containerd),
 * connects to the first configured socket of that runtime that accepts,
 * writes the one request lanner sends that runtime (ctrreq.c: Docker's
 * GET /containers/ID/json, or containerd's gRPC Containers/Get; the id
 * checked to be hex), keeps the connection and hands lanner-containers
 * a pipe the reply is relayed into (ctrrelay.c); the helper reads and
 * parses it and answers (MSG_CONTAINER_INFO), which goes to the engine
 * unread. The helper makes no socket, connects nowhere and never holds
 * the runtime's socket, so it cannot ask the runtime anything itself.
 * When no socket
 * accepts, or the helper is busy or absent, the broker answers the
 * engine itself, and the engine asks again later. Nothing here waits.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "conf_keys.h"
#include "ctrinfo.h"
#include "fdpass.h"
#include "log.h"

#define SOCKETS_MAX 8 /* per runtime */
/* Lookups started per second: the engine, less trusted than the broker,
 * must not make root open connection after connection to the runtime.
 * Past it the engine is told to ask again later. */
#define LOOKUPS_PER_S 16

#define REQUEST_MAX 4096

struct runtime {
	const char *kind; /* as the engine names it, from the cgroup path */
	const char *api;  /* what lanner-containers parses (inspect.h) */
	enum conf_key_id enabled, sockets;
};

/* Tried in this order for a container whose runtime is not known. */
static const struct runtime runtimes[] = {
    {"docker", "docker", CONF_CONTAINER_DOCKER_ENABLED,
     CONF_CONTAINER_DOCKER_SOCKETS},
    {"podman", "docker", CONF_CONTAINER_PODMAN_ENABLED,
     CONF_CONTAINER_PODMAN_SOCKETS},
    {"containerd", "containerd", CONF_CONTAINER_CONTAINERD_ENABLED,
     CONF_CONTAINER_CONTAINERD_SOCKETS},
    {"cri-o", "cri", CONF_CONTAINER_CRI_ENABLED, CONF_CONTAINER_CRI_SOCKETS},
};

/* The request for id in runtime rt's protocol, into buf: its length and
 * the number of answers it asks for, or -1. */
static int request(const struct broker *b, const struct runtime *rt,
		   const char *id, uint8_t *buf, unsigned *streams)
{
	const char *ns[CTRINFO_NAMESPACES_MAX], *ok[CTRINFO_NAMESPACES_MAX];
	char names[512];
	size_t n, k = 0;

	*streams = 1;
	if (strcmp(rt->api, "docker") == 0)
		return ctrreq_docker(buf, REQUEST_MAX, id);
	if (strcmp(rt->api, "cri") == 0)
		return ctrreq_cri(buf, REQUEST_MAX, id);
	n = conf_list(&b->conf, CONF_CONTAINER_CONTAINERD_NAMESPACES, ns,
		      CTRINFO_NAMESPACES_MAX, names, sizeof(names));
	for (size_t i = 0; i < n; i++)
		if (ctrreq_namespace_ok(ns[i]))
			ok[k++] = ns[i];
	*streams = (unsigned)k;
	return k ? ctrreq_containerd(buf, REQUEST_MAX, id, ok, k) : -1;
}

/* What the last try of each socket gave, so that a socket that stays
 * absent is logged once, and again only when that changes. */
static struct {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int err;
} tried[SOCKETS_MAX * sizeof(runtimes) / sizeof(*runtimes)];

static void note_result(const char *path, int err)
{
	size_t i;

	for (i = 0; i < sizeof(tried) / sizeof(*tried) && tried[i].path[0]; i++)
		if (strcmp(tried[i].path, path) == 0)
			break;
	if (i == sizeof(tried) / sizeof(*tried))
		return;
	if (tried[i].path[0] && tried[i].err == err)
		return;
	if (!err && !tried[i].path[0])
		log_info("container metadata from %s", path);
	if (err)
		log_warn("container runtime socket %s: %s; container.name, "
			 "container.image and the other runtime fields stay "
			 "empty for its containers",
			 path, strerror(err));
	else if (tried[i].path[0])
		log_info("container runtime socket %s answers again", path);
	snprintf(tried[i].path, sizeof(tried[i].path), "%s", path);
	tried[i].err = err;
}

/* A connection to path with the request req (n bytes) written, or
 * -errno. */
static int dial(const char *path, const uint8_t *req, int n)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, e = 0;
	ssize_t w;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		e = errno;
	else if ((w = send(fd, req, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT)) !=
		 n)
		e = w < 0 ? errno : EIO;
	if (e) {
		close(fd);
		return -e;
	}
	return fd;
}

/* Hands the connection and the lookup to the helper. 0 or -errno. */
static int pass(struct child *helper, int fd, const char *id, const char *path,
		const char *api, unsigned streams)
{
	uint8_t buf[512];
	struct msg_out m;
	int len;

	msg_begin(&m, buf, sizeof(buf), MSG_CONTAINER_LOOKUP, 0);
	msg_add_str(&m, id);
	msg_add_str(&m, path);
	msg_add_str(&m, api);
	msg_add_u32(&m, streams);
	len = msg_finish(&m);
	if (len < 0)
		return len;
	return fdpass_send(helper->sink_sock, buf, (size_t)len, fd);
}

/* The engine's answer when no runtime could be asked. */
static void answer(struct child *engine, const char *id,
		   enum ctrinfo_status status)
{
	struct ctrinfo info = {.id = id, .status = status};
	struct msg_out m;

	chan_begin(engine->b, &m, MSG_CONTAINER_INFO, 0);
	ctrinfo_encode(&m, &info);
	if (chan_send(engine, &m, 1) < 0)
		engine->b->container_answers_dropped++;
}

/* Tries the sockets of one runtime: 1 when one took the lookup, 0 when
 * none accepted, -errno when the helper could not take it. */
static int try_runtime(struct broker *b, struct child *helper,
		       const struct runtime *rt, const char *id)
{
	const char *paths[SOCKETS_MAX];
	static uint8_t req[REQUEST_MAX];
	char defaults[512];
	unsigned streams;
	int len;
	size_t n;

	if (!conf_bool(&b->conf, rt->enabled))
		return 0;
	len = request(b, rt, id, req, &streams);
	if (len < 0)
		return 0;
	n = conf_list(&b->conf, rt->sockets, paths, SOCKETS_MAX, defaults,
		      sizeof(defaults));
	for (size_t i = 0; i < n; i++) {
		int fd = dial(paths[i], req, len), r, reply;

		note_result(paths[i], fd < 0 ? -fd : 0);
		if (fd < 0)
			continue;
		r = ctrrelay_start(b, fd, &reply);
		if (r < 0) {
			close(fd);
			return r;
		}
		r = pass(helper, reply, id, paths[i], rt->api, streams);
		close(reply);
		return r < 0 ? r : 1;
	}
	return 0;
}

/* A kind of container no runtime here is asked about, logged once. */
static void note_unknown(const char *kind)
{
	static char logged[4][33];

	for (size_t i = 0; i < sizeof(logged) / sizeof(*logged); i++) {
		if (strcmp(logged[i], kind) == 0)
			return;
		if (logged[i][0])
			continue;
		snprintf(logged[i], sizeof(logged[i]), "%s", kind);
		log_warn("%s containers: lanner asks only Docker's, "
			 "Podman's, containerd's and cri-o's API; their "
			 "runtime fields stay empty",
			 kind);
		return;
	}
}

/*
 * For a container whose cgroup path names no runtime, the runtime to try
 * first, one further on each time the engine asks again about the same
 * id: a runtime that takes the connection but does not know the
 * container (Docker's, on a node whose Kubernetes runs on containerd)
 * must not hide the others.
 */
static size_t first_runtime(const char *id)
{
	static struct {
		char id[17];
		unsigned next;
	} asked[64];
	uint32_t h = 2166136261u;
	size_t slot;

	for (int i = 0; i < 16 && id[i]; i++)
		h = (h ^ (unsigned char)id[i]) * 16777619u;
	slot = h % (sizeof(asked) / sizeof(*asked));
	if (strncmp(asked[slot].id, id, 16) != 0) {
		snprintf(asked[slot].id, sizeof(asked[slot].id), "%.16s", id);
		asked[slot].next = 0;
	}
	return asked[slot].next++ % (sizeof(runtimes) / sizeof(*runtimes));
}

/* The runtimes to ask about a container of this kind: its own, or, when
 * the cgroup path did not say, Docker, Podman, containerd, then cri-o,
 * from a later one at each new ask (first_runtime). */
static int lookup(struct broker *b, struct child *helper, const char *id,
		  const char *kind)
{
	const size_t n = sizeof(runtimes) / sizeof(*runtimes);
	size_t first = *kind ? 0 : first_runtime(id);
	int r = 0, known = !*kind;

	for (size_t k = 0; k < n && !r; k++) {
		const struct runtime *rt = &runtimes[(first + k) % n];

		if (*kind && strcmp(kind, rt->kind) != 0)
			continue;
		known = 1;
		r = try_runtime(b, helper, rt, id);
	}
	if (!known)
		note_unknown(kind);
	return r;
}

/* Whether another lookup may start this second. */
static int lookup_budget(void)
{
	static struct {
		time_t sec;
		unsigned n;
	} spent;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec != spent.sec) {
		spent.sec = now.tv_sec;
		spent.n = 0;
	}
	return spent.n++ < LOOKUPS_PER_S;
}

int containers_want(struct child *c, struct msg_in *m)
{
	struct broker *b = c->b;
	const char *id = msg_get_str(m), *kind = msg_get_str(m);
	struct child *helper = chan_peer(b, ROLE_CONTAINERS);
	int r;

	/* A full id only: a shorter one would be a name or prefix lookup. */
	if (msg_end(m) < 0 || !ctrinfo_id_ok(id) ||
	    strlen(id) != CTRINFO_ID_MAX || strlen(kind) > 32)
		return -EPROTO;
	b->container_lookups++;
	if (!helper) {
		answer(c, id, CTRINFO_NO_RUNTIME);
		return 0;
	}
	if (!lookup_budget()) {
		answer(c, id, CTRINFO_FAILED);
		return 0;
	}
	r = lookup(b, helper, id, kind);
	if (r < 0)
		log_debug("container %.12s: lanner-containers cannot take "
			  "the lookup now: %s",
			  id, strerror(-r));
	if (r <= 0)
		answer(c, id, r < 0 ? CTRINFO_FAILED : CTRINFO_NO_RUNTIME);
	return 0;
}

/* The helper's answer, for the engine, which reads it itself. */
int containers_info(struct child *c, struct msg_in *m)
{
	if (m->left == 0)
		return -EPROTO;
	if (chan_relay(chan_peer(c->b, ROLE_ENGINE), MSG_CONTAINER_INFO, m->p,
		       m->left) < 0)
		c->b->container_answers_dropped++;
	return 0;
}

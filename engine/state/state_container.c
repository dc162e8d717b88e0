/*
 * The container table, see state_container.h: a preallocated pool
 * hashed by id, a ring of entries to ask about, and per entry one
 * allocation holding what the runtime said (made when the answer
 * arrives, never per event).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state_container.h"
#include "state_thread.h"

static const char *const kind_names[] = {
#define CONTAINER_KIND_NAME(id, name) name,
    CONTAINER_KINDS(CONTAINER_KIND_NAME)
#undef CONTAINER_KIND_NAME
};
_Static_assert(sizeof(kind_names) / sizeof(*kind_names) == CK_COUNT,
	       "a name per kind");

const char *state_container_kind_name(enum container_kind kind)
{
	return (unsigned)kind < CK_COUNT ? kind_names[kind] : "";
}

int state_container_init(struct container_table *t, uint32_t max,
			 uint64_t ttl_ns, uint64_t retry_ns)
{
	uint32_t buckets = 16;

	memset(t, 0, sizeof(*t));
	t->ttl_ns = ttl_ns;
	t->retry_ns = retry_ns;
	t->free_head = STATE_NONE;
	if (max == 0)
		return 0;
	while (buckets < max && buckets < (1u << 30))
		buckets <<= 1;
	t->pool = calloc(max, sizeof(*t->pool));
	t->hash = malloc(buckets * sizeof(*t->hash));
	t->want = malloc(max * sizeof(*t->want));
	if (!t->pool || !t->hash || !t->want) {
		state_container_free(t);
		return -ENOMEM;
	}
	memset(t->hash, 0xff, buckets * sizeof(*t->hash));
	t->mask = buckets - 1;
	t->max = max;
	return 0;
}

void state_container_free(struct container_table *t)
{
	for (uint32_t i = 0; t->pool && i < t->fresh; i++)
		free(t->pool[i].blob);
	free(t->pool);
	free(t->hash);
	free(t->want);
	memset(t, 0, sizeof(*t));
	t->free_head = STATE_NONE;
}

/* What the path component before the id says about the runtime:
 * "docker-ID.scope", "/docker/ID", "libpod-ID", "crio-ID",
 * "cri-containerd-ID". */
static enum container_kind kind_of(const char *cg, const char *id)
{
	static const struct {
		const char *prefix;
		enum container_kind kind;
	} prefixes[] = {
	    {"docker-", CK_DOCKER},
	    {"/docker/", CK_DOCKER},
	    {"libpod-", CK_PODMAN},
	    {"crio-", CK_CRIO},
	    {"cri-containerd-", CK_CONTAINERD},
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if ((size_t)(id - cg) >= n &&
		    memcmp(id - n, prefixes[i].prefix, n) == 0)
			return prefixes[i].kind;
	}
	return CK_UNKNOWN;
}

const char *state_container_id(const char *cg, enum container_kind *kind)
{
	size_t run = 0;
	const char *p, *id = NULL;

	for (p = cg; *p && !id; p++) {
		if (isxdigit((unsigned char)*p)) {
			run++;
			continue;
		}
		if (run == CONTAINER_ID_HEX)
			id = p - run;
		run = 0;
	}
	if (!id && run == CONTAINER_ID_HEX)
		id = p - run;
	if (id && kind)
		*kind = kind_of(cg, id);
	return id;
}

static uint32_t bucket(const struct container_table *t, const char *id)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 16; i++)
		h = (h ^ (unsigned char)id[i]) * 16777619u;
	return h & t->mask;
}

static struct container *find(const struct container_table *t, const char *id)
{
	uint32_t i;

	if (!t->max)
		return NULL;
	for (i = t->hash[bucket(t, id)]; i != STATE_NONE; i = t->pool[i].next)
		if (memcmp(t->pool[i].id, id, CONTAINER_ID_HEX) == 0)
			return &t->pool[i];
	return NULL;
}

static void queue_want(struct container_table *t, struct container *c,
		       uint64_t now)
{
	uint32_t slot = (uint32_t)(c - t->pool);

	c->state = CS_WANTED;
	c->since_ns = now;
	/* A slot is in the ring at most once, so max places suffice; a
	 * freed slot left there is taken as whatever it holds by then. */
	if (c->queued)
		return;
	c->queued = true;
	t->want[(t->want_head + t->nwant++) % t->max] = slot;
}

static struct container *add(struct container_table *t, const char *id,
			     enum container_kind kind, uint64_t now)
{
	struct container *c;
	uint32_t i, b = bucket(t, id);
	bool queued;

	if (t->free_head != STATE_NONE) {
		i = t->free_head;
		t->free_head = t->pool[i].next;
	} else if (t->fresh < t->max) {
		i = t->fresh++;
	} else {
		t->refused++;
		return NULL;
	}
	c = &t->pool[i];
	queued = c->queued;
	memset(c, 0, sizeof(*c));
	c->queued = queued;
	memcpy(c->id, id, CONTAINER_ID_HEX);
	c->kind = (uint8_t)kind;
	c->next = t->hash[b];
	t->hash[b] = i;
	t->n++;
	queue_want(t, c, now);
	return c;
}

static void drop(struct container_table *t, struct container *c)
{
	uint32_t i = (uint32_t)(c - t->pool), *pp = &t->hash[bucket(t, c->id)];

	while (*pp != i)
		pp = &t->pool[*pp].next;
	*pp = c->next;
	free(c->blob);
	c->blob = NULL;
	c->state = CS_FREE;
	c->next = t->free_head;
	t->free_head = i;
	t->n--;
}

struct container *state_container_note(struct container_table *t,
				       const struct sproc *p, uint64_t now)
{
	enum container_kind kind = CK_UNKNOWN;
	const char *id;
	struct container *c;

	if (!p || !p->full || !t->max)
		return NULL;
	id = state_container_id(p->cgroups, &kind);
	if (!id)
		return NULL;
	c = find(t, id);
	return c ? c : add(t, id, kind, now);
}

const struct container *state_container_of(const struct container_table *t,
					   const struct sproc *p)
{
	const char *id;

	if (!p || !p->full || !t->max)
		return NULL;
	id = state_container_id(p->cgroups, NULL);
	return id ? find(t, id) : NULL;
}

struct container *state_container_next_wanted(struct container_table *t,
					      uint64_t now)
{
	while (t->nwant) {
		struct container *c = &t->pool[t->want[t->want_head]];

		t->want_head = (t->want_head + 1) % t->max;
		t->nwant--;
		c->queued = false;
		if (c->state != CS_WANTED)
			continue;
		c->state = CS_ASKED;
		c->since_ns = now;
		return c;
	}
	return NULL;
}

void state_container_unask(struct container_table *t, struct container *c)
{
	queue_want(t, c, c->since_ns);
}

static size_t slen(const char *s)
{
	return s ? strlen(s) : 0;
}

/* Bytes the strings of info and its first n mounts take, NULs included. */
static size_t info_bytes(const struct ctrinfo *info, uint32_t n)
{
	size_t b = 0;

	for (int i = 0; i < CTRINFO_NSTR; i++)
		b += slen(info->str[i]) + 1;
	for (uint32_t i = 0; i < n; i++) {
		const struct ctrinfo_mount *m = &info->mounts[i];

		b += sizeof(struct container_mount) + slen(m->source) +
		     slen(m->dest) + slen(m->mode) + slen(m->propagation) + 4;
	}
	return b;
}

/* Copies s into the blob at *at; NULL for an empty string. */
static const char *keep(char **at, const char *s)
{
	char *p = *at;
	size_t n = slen(s);

	if (!n)
		return NULL;
	memcpy(p, s, n + 1);
	*at += n + 1;
	return p;
}

/* What info says, into c; mounts that do not fit CONTAINER_INFO_BYTES
 * are left out (counted). -ENOMEM leaves c as it was. */
static int store(struct container_table *t, struct container *c,
		 const struct ctrinfo *info)
{
	uint32_t n = info->nmounts;
	size_t need;
	char *blob, *at;
	struct container_mount *mounts;

	while (n && info_bytes(info, n) > CONTAINER_INFO_BYTES)
		n--;
	t->mounts_cut += info->nmounts - n;
	need = info_bytes(info, n);
	blob = malloc(need ? need : 1);
	if (!blob)
		return -ENOMEM;
	mounts = (struct container_mount *)blob;
	at = blob + n * sizeof(*mounts);
	for (uint32_t i = 0; i < n; i++) {
		const struct ctrinfo_mount *m = &info->mounts[i];

		mounts[i] = (struct container_mount){
		    keep(&at, m->source), keep(&at, m->dest),
		    keep(&at, m->mode), keep(&at, m->propagation), m->rw};
	}
	for (int i = 0; i < CTRINFO_NSTR; i++)
		c->str[i] = keep(&at, info->str[i]);
	free(c->blob);
	c->blob = blob;
	c->mounts = mounts;
	c->nmounts = n;
	c->privileged = info->privileged;
	c->start_ns = info->start_ns;
	c->has_info = true;
	return 0;
}

int state_container_answer(struct container_table *t,
			   const struct ctrinfo *info, uint64_t now)
{
	struct container *c =
	    strlen(info->id) == CONTAINER_ID_HEX ? find(t, info->id) : NULL;

	if (!c || c->state != CS_ASKED) {
		t->stray++;
		return -ENOENT;
	}
	t->answers++;
	c->since_ns = now;
	if (info->status == CTRINFO_FOUND && store(t, c, info) == 0)
		c->state = CS_KNOWN;
	else
		c->state = CS_ABSENT; /* an older answer, if any, stays */
	return 0;
}

/* A container's state after its time in it ran out. */
static void age(struct container_table *t, struct container *c, uint64_t now)
{
	uint64_t in = now - c->since_ns;

	if (c->state == CS_ASKED && in >= CONTAINER_ASK_TIMEOUT_NS) {
		c->state = CS_ABSENT;
		c->since_ns = now;
	} else if ((c->state == CS_ABSENT && in >= t->retry_ns) ||
		   (c->state == CS_KNOWN && in >= t->ttl_ns)) {
		queue_want(t, c, now);
	}
}

void state_container_sweep(struct container_table *t,
			   const struct thread_table *threads, uint64_t now)
{
	uint64_t refused = t->refused;

	for (uint32_t i = 0; i < t->fresh; i++)
		t->pool[i].alive = false;
	for (uint32_t i = 0; i < threads->pfresh; i++) {
		const struct sproc *p = &threads->procs[i];
		struct container *c =
		    p->used ? state_container_note(t, p, now) : NULL;

		if (c)
			c->alive = true;
	}
	t->refused = refused; /* counted when seen, not at each sweep */
	for (uint32_t i = 0; i < t->fresh; i++) {
		struct container *c = &t->pool[i];

		if (c->state == CS_FREE)
			continue;
		if (!c->alive)
			drop(t, c);
		else
			age(t, c, now);
	}
}

/*
 * Containers the engine has seen, by the id in their processes' cgroup
 * path, with what the runtime said about them (common/ctrinfo.h) once
 * lanner-containers answered. The engine asks about a container when it
 * first sees it and never waits for the answer: events before it have
 * no metadata, later ones do. A bounded pool; a container beyond the
 * bound gets no entry and is counted. The sweep forgets containers whose
 * processes are all gone, asks again after a failed lookup and, after
 * the TTL, refreshes what it knows (the old values serve meanwhile).
 */
#ifndef LNR_STATE_CONTAINER_H
#define LNR_STATE_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctrinfo.h"

#define CONTAINER_ID_HEX 64
#define CONTAINER_ID_SHORT 12
#define CONTAINER_INFO_BYTES 16384 /* strings one entry keeps */
#define CONTAINER_ASK_TIMEOUT_NS (30ull * 1000000000ull)

struct sproc;
struct thread_table;

/* The runtime a cgroup path names, where it does. */
#define CONTAINER_KINDS(X)                                                     \
	X(UNKNOWN, "")		    /* an id, nothing more */                  \
	X(DOCKER, "docker")	    /* docker-ID.scope, /docker/ID */          \
	X(PODMAN, "podman")	    /* libpod-ID */                            \
	X(CRIO, "cri-o")	    /* crio-ID */                              \
	X(CONTAINERD, "containerd") /* cri-containerd-ID */
enum container_kind {
#define CONTAINER_KIND_ENUM(id, name) CK_##id,
	CONTAINER_KINDS(CONTAINER_KIND_ENUM)
#undef CONTAINER_KIND_ENUM
	    CK_COUNT
};

enum container_state {
	CS_FREE,
	CS_WANTED, /* to ask about */
	CS_ASKED,  /* asked, no answer yet */
	CS_KNOWN,  /* the runtime's answer is in */
	CS_ABSENT, /* no runtime knew it, or the lookup failed */
};

struct container_mount {
	const char *source, *dest, *mode, *propagation;
	bool rw;
};

struct container {
	char id[CONTAINER_ID_HEX + 1];
	uint8_t state; /* enum container_state */
	uint8_t kind;  /* enum container_kind */
	bool has_info; /* str and the rest hold an answer (maybe an old
			  one, while asked again) */
	bool alive;    /* the sweep found a process in it */
	bool queued;   /* its slot is in the table's want ring */
	bool privileged;
	uint64_t since_ns; /* when it entered its state (monotonic) */
	uint64_t start_ns;
	const char *str[CTRINFO_NSTR]; /* into blob; NULL when unknown */
	uint32_t nmounts;
	struct container_mount *mounts; /* into blob */
	char *blob;
	uint32_t next; /* hash chain, free list */
};

struct container_table {
	struct container *pool;
	uint32_t *hash;
	uint32_t *want; /* slots to ask about, a ring */
	uint32_t want_head, nwant;
	uint32_t mask, max, n, free_head, fresh;
	uint64_t ttl_ns, retry_ns;
	uint64_t refused;    /* containers beyond max */
	uint64_t mounts_cut; /* mounts beyond CONTAINER_INFO_BYTES */
	uint64_t answers;    /* answers taken */
	uint64_t stray;	     /* answers about nothing asked */
};

/* max 0 leaves the table empty: nothing is ever kept. 0 or -ENOMEM. */
int state_container_init(struct container_table *t, uint32_t max,
			 uint64_t ttl_ns, uint64_t retry_ns);
void state_container_free(struct container_table *t);

/* The first run of exactly 64 hex digits in a cgroup path, or NULL;
 * with the runtime the text before it names. */
const char *state_container_id(const char *cgroups, enum container_kind *kind);
const char *state_container_kind_name(enum container_kind kind);

/* The entry of the container process p runs in, made (to be asked
 * about) when new; NULL for a host process, or when the table is full
 * (counted). */
struct container *state_container_note(struct container_table *t,
				       const struct sproc *p, uint64_t now);
/* The entry of the container p runs in, or NULL. */
const struct container *state_container_of(const struct container_table *t,
					   const struct sproc *p);

/* The next container to ask about, now marked asked; NULL when none
 * waits. state_container_unask puts it back (the question could not be
 * sent). */
struct container *state_container_next_wanted(struct container_table *t,
					      uint64_t now);
void state_container_unask(struct container_table *t, struct container *c);

/* Takes the runtime's answer. 0, or -ENOENT when nothing asked about
 * that id waits for one (counted as stray). */
int state_container_answer(struct container_table *t,
			   const struct ctrinfo *info, uint64_t now);

/* Forgets containers without a process in threads, times out lost
 * questions, and marks what to ask again. */
void state_container_sweep(struct container_table *t,
			   const struct thread_table *threads, uint64_t now);

#endif

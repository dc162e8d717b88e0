/*
 * lanner-containers, the container metadata helper: the broker connects
 * to a runtime's API socket, writes the request and hands the connection
 * over; the helper reads and parses the reply (inspect.c) and sends what
 * it learned back (MSG_CONTAINER_INFO). Its loop is lookup.c, its seccomp
 * table allow.c.
 */
#ifndef LNR_CONTAINERS_H
#define LNR_CONTAINERS_H

#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "ctrinfo.h"
#include "h2.h"
#include "inspect.h"
#include "ratelog.h"

#define LOOKUP_SLOTS 8	       /* replies read at once */
#define LOOKUP_TIMEOUT_MS 5000 /* a runtime that does not finish */
#define LOOKUP_PATH_MAX 108    /* a unix socket path */

/* One reply being read. */
struct lookup {
	int fd; /* the connection, -1 while the slot is free */
	char id[CTRINFO_ID_MAX + 1];
	char path[LOOKUP_PATH_MAX];
	char api[16];	  /* "docker" or "containerd" (inspect_reply) */
	unsigned streams; /* requests a containerd reply answers */
	uint64_t deadline_ns;
	size_t len;
	char *buf;	     /* INSPECT_REPLY_MAX + 1 bytes, from setup on */
	struct h2_scan scan; /* how far an HTTP/2 reply was read */
};

struct helper {
	struct child_proc child;
	struct lookup slots[LOOKUP_SLOTS];
	struct inspect in;
	uint8_t *out; /* MSG_MAX_SIZE: one answer being built */
	uint64_t lookups, found, not_found, failed;
	struct child_stats stats; /* when STATS last went */
	struct ratelog fail_log;
};

/* lookup.c: buffers, and json-c's seed while files may be read; fatal
 * when memory is short. */
void lookup_setup(struct helper *h);
/* Serves lookups until the broker says SHUTDOWN (0) or a channel fails
 * (-errno). */
int lookup_run(struct helper *h);

/* allow.c */
extern const struct sc_rule containers_allow[];
extern const size_t containers_allow_len;

#endif

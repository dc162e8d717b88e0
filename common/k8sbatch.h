/*
 * A batch of Kubernetes audit events as lanner-k8saudit sends it and the
 * engine reads it (MSG_K8S_EVENTS, relayed unread by the broker): each
 * event is a u32 length in host order, then that many bytes of JSON.
 */
#ifndef LNR_K8SBATCH_H
#define LNR_K8SBATCH_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* Room for a batch in one message, with the header and its length. */
#define K8SBATCH_MAX (MSG_MAX_SIZE - 64)

struct k8sbatch {
	uint8_t *buf; /* K8SBATCH_MAX bytes */
	size_t len;
	unsigned count;
};

/* Appends one event: 0, or -ENOSPC when it does not fit (send the batch,
 * then add it again). */
int k8sbatch_add(struct k8sbatch *b, const char *json, size_t len);

/*
 * Reader over an untrusted batch: the next event's JSON and length.
 * 1 while there is one, 0 at the end, -EPROTO when a length runs past
 * the end (nothing after it is read).
 */
int k8sbatch_next(const uint8_t **p, size_t *left, const char **json,
		  size_t *len);

#endif

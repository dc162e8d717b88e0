/*
 * Audit event batches: a length-prefixed sequence, written by
 * lanner-k8saudit and checked length by length by the engine.
 */
#include <errno.h>
#include <string.h>

#include "k8sbatch.h"

int k8sbatch_add(struct k8sbatch *b, const char *json, size_t len)
{
	uint32_t n = (uint32_t)len;

	if (len > K8SBATCH_MAX - sizeof(n) ||
	    b->len + sizeof(n) + len > K8SBATCH_MAX)
		return -ENOSPC;
	memcpy(b->buf + b->len, &n, sizeof(n));
	memcpy(b->buf + b->len + sizeof(n), json, len);
	b->len += sizeof(n) + len;
	b->count++;
	return 0;
}

int k8sbatch_next(const uint8_t **p, size_t *left, const char **json,
		  size_t *len)
{
	uint32_t n;

	if (*left == 0)
		return 0;
	if (*left < sizeof(n))
		return -EPROTO;
	memcpy(&n, *p, sizeof(n));
	if (n > *left - sizeof(n))
		return -EPROTO;
	*json = (const char *)*p + sizeof(n);
	*len = n;
	*p += sizeof(n) + n;
	*left -= sizeof(n) + n;
	return 1;
}

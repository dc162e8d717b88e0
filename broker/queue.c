/*
 * Per-channel alert queue: a ring of slots indexing a ring of bytes, both
 * in sequence order, so dropping the oldest frees room at the read end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

int queue_init(struct queue *q, uint32_t cap, size_t nbytes)
{
	memset(q, 0, sizeof(*q));
	if (cap == 0 || nbytes == 0)
		return -EINVAL;
	q->slots = calloc(cap, sizeof(*q->slots));
	q->bytes = malloc(nbytes);
	if (!q->slots || !q->bytes) {
		queue_free(q);
		return -ENOMEM;
	}
	q->cap = cap;
	q->nbytes = nbytes;
	q->next_seq = 1;
	return 0;
}

void queue_free(struct queue *q)
{
	free(q->slots);
	free(q->bytes);
	q->slots = NULL;
	q->bytes = NULL;
}

static struct queue_slot *slot(const struct queue *q, uint32_t i)
{
	return &q->slots[(q->head + i) % q->cap];
}

static void drop_oldest(struct queue *q)
{
	if (slot(q, 0)->seq > q->sent)
		q->sent = slot(q, 0)->seq;
	q->head = (q->head + 1) % q->cap;
	q->count--;
}

/*
 * Where a body of len bytes can go without touching live bytes, or -1.
 * Comparisons are strict so that a write position equal to the oldest
 * body's offset always means "empty", never "full".
 */
static long find_room(const struct queue *q, size_t len)
{
	size_t old;

	if (q->count == 0)
		return 0;
	old = slot(q, 0)->off;
	if (q->wpos > old) {
		if (len <= q->nbytes - q->wpos)
			return (long)q->wpos;
		return len < old ? 0 : -1;
	}
	return q->wpos + len < old ? (long)q->wpos : -1;
}

uint64_t queue_push(struct queue *q, const void *body, size_t len)
{
	struct queue_slot *s;
	long off;

	if (len == 0 || len >= q->nbytes) {
		q->refused++;
		return 0;
	}
	if (q->count == q->cap) {
		drop_oldest(q);
		q->dropped++;
	}
	while ((off = find_room(q, len)) < 0) {
		drop_oldest(q);
		q->dropped++;
	}
	if (q->count == 0 && off == 0)
		q->wpos = 0;
	memcpy(q->bytes + off, body, len);
	s = slot(q, q->count++);
	*s = (struct queue_slot){
	    .seq = q->next_seq++, .off = (size_t)off, .len = len};
	q->wpos = (size_t)off + len;
	return s->seq;
}

void queue_ack(struct queue *q, uint64_t seq)
{
	if (seq > q->sent) /* never acknowledge what was not sent */
		seq = q->sent;
	while (q->count && slot(q, 0)->seq <= seq) {
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
}

/* Sequence numbers in the queue are consecutive, so the first unsent
 * alert's position follows from the oldest seq. */
uint32_t queue_in_flight(const struct queue *q)
{
	uint64_t first;

	if (q->count == 0)
		return 0;
	first = slot(q, 0)->seq;
	if (q->sent < first)
		return 0;
	return q->sent - first + 1 < q->count ? (uint32_t)(q->sent - first + 1)
					      : q->count;
}

const void *queue_next_unsent(const struct queue *q, uint64_t *seq, size_t *len)
{
	uint32_t i = queue_in_flight(q);
	const struct queue_slot *s;

	if (i >= q->count)
		return NULL;
	s = slot(q, i);
	*seq = s->seq;
	*len = s->len;
	return q->bytes + s->off;
}

void queue_sent(struct queue *q, uint64_t seq)
{
	if (seq > q->sent)
		q->sent = seq;
}

void queue_rewind(struct queue *q)
{
	q->sent = q->count ? slot(q, 0)->seq - 1 : q->next_seq - 1;
}

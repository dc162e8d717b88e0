/*
 * The alert queue, see queue.h. Slots form one list in sequence order
 * (sending, acknowledging) and one FIFO per priority (choosing what to
 * drop). Acknowledging takes the oldest alerts, the heads of their
 * priorities' FIFOs; dropping takes the oldest alert of a priority that
 * is not in flight yet, which may lie behind the in-flight ones.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "queue.h"

int queue_init(struct queue *q, uint32_t cap, size_t nbytes, uint32_t cell_size)
{
	memset(q, 0, sizeof(*q));
	if (cap == 0 || cap == QUEUE_NONE || cell_size == 0 ||
	    nbytes / cell_size == 0 || nbytes / cell_size >= QUEUE_NONE)
		return -EINVAL;
	q->ncells = (uint32_t)(nbytes / cell_size);
	q->slots = calloc(cap, sizeof(*q->slots));
	q->cells = malloc((size_t)q->ncells * cell_size);
	q->cell_next = malloc((size_t)q->ncells * sizeof(*q->cell_next));
	if (!q->slots || !q->cells || !q->cell_next) {
		queue_free(q);
		return -ENOMEM;
	}
	q->cap = cap;
	q->cell_size = cell_size;
	for (uint32_t i = 0; i < cap; i++)
		q->slots[i].next = i + 1 < cap ? i + 1 : QUEUE_NONE;
	for (uint32_t i = 0; i < q->ncells; i++)
		q->cell_next[i] = i + 1 < q->ncells ? i + 1 : QUEUE_NONE;
	q->nfree = q->ncells;
	q->head = q->tail = q->unsent = QUEUE_NONE;
	for (int p = 0; p < PRIO_COUNT; p++)
		q->phead[p] = q->ptail[p] = QUEUE_NONE;
	q->next_seq = 1;
	ratelog_init(&q->droplog, RATELOG_PERIOD_NS);
	return 0;
}

void queue_free(struct queue *q)
{
	free(q->slots);
	free(q->cells);
	free(q->cell_next);
	q->slots = NULL;
	q->cells = NULL;
	q->cell_next = NULL;
}

static uint32_t cells_for(const struct queue *q, size_t len)
{
	return (uint32_t)((len + q->cell_size - 1) / q->cell_size);
}

static void free_cells(struct queue *q, uint32_t first)
{
	while (first != QUEUE_NONE) {
		uint32_t next = q->cell_next[first];

		q->cell_next[first] = q->free_cell;
		q->free_cell = first;
		q->nfree++;
		first = next;
	}
}

/* Takes slot i out of the queue; pprev is the slot before it in its
 * priority's FIFO, QUEUE_NONE when i is the head. */
static void unlink_slot(struct queue *q, uint32_t i, uint32_t pprev)
{
	struct queue_slot *s = &q->slots[i];

	if (s->prev != QUEUE_NONE)
		q->slots[s->prev].next = s->next;
	else
		q->head = s->next;
	if (s->next != QUEUE_NONE)
		q->slots[s->next].prev = s->prev;
	else
		q->tail = s->prev;
	if (pprev == QUEUE_NONE)
		q->phead[s->prio] = s->pnext;
	else
		q->slots[pprev].pnext = s->pnext;
	if (s->pnext == QUEUE_NONE)
		q->ptail[s->prio] = pprev;
	q->pcount[s->prio]--;
	q->pcells[s->prio] -= cells_for(q, s->len);
	if (q->unsent == i)
		q->unsent = s->next;
	else if (s->seq <= q->sent)
		q->in_flight--;
	free_cells(q, s->cell);
	s->next = q->free_slot;
	q->free_slot = i;
	q->count--;
}

/*
 * The alert of priority p to drop: the oldest not yet sent, so that what
 * the worker holds is not counted as lost when it delivers it, else the
 * oldest. The walk passes only alerts in flight (a bounded window).
 */
static void drop_one(struct queue *q, int p)
{
	uint32_t i = q->phead[p], prev = QUEUE_NONE;

	while (i != QUEUE_NONE && q->slots[i].seq <= q->sent) {
		prev = i;
		i = q->slots[i].pnext;
	}
	if (i == QUEUE_NONE) {
		i = q->phead[p];
		prev = QUEUE_NONE;
	}
	unlink_slot(q, i, prev);
	q->dropped[p]++;
}

/*
 * Makes room for need cells by dropping alerts no more severe than prio,
 * least severe and oldest unsent first. 0, or -ENOSPC when only more
 * severe alerts could make room (nothing is dropped then).
 */
static int make_room(struct queue *q, uint32_t need, enum priority prio)
{
	uint64_t slots = q->cap - q->count, cells = q->nfree;

	if (slots > 0 && cells >= need)
		return 0;
	for (int p = (int)prio; p < PRIO_COUNT; p++) {
		slots += q->pcount[p];
		cells += q->pcells[p];
	}
	if (slots == 0 || cells < need)
		return -ENOSPC;
	while (q->count == q->cap || q->nfree < need) {
		int p = PRIO_COUNT - 1;

		while (q->phead[p] == QUEUE_NONE)
			p--;
		drop_one(q, p);
	}
	return 0;
}

/* Copies len bytes into fresh cells; returns the first. */
static uint32_t store(struct queue *q, const uint8_t *body, size_t len)
{
	uint32_t first = q->free_cell;

	while (len) {
		uint32_t c = q->free_cell;
		size_t n = len < q->cell_size ? len : q->cell_size;

		memcpy(q->cells + (size_t)c * q->cell_size, body, n);
		body += n;
		len -= n;
		q->free_cell = q->cell_next[c];
		q->nfree--;
		if (!len)
			q->cell_next[c] = QUEUE_NONE;
	}
	return first;
}

static void link_tail(struct queue *q, uint32_t i)
{
	struct queue_slot *s = &q->slots[i];

	s->prev = q->tail;
	s->next = QUEUE_NONE;
	s->pnext = QUEUE_NONE;
	if (q->tail != QUEUE_NONE)
		q->slots[q->tail].next = i;
	else
		q->head = i;
	q->tail = i;
	if (q->ptail[s->prio] != QUEUE_NONE)
		q->slots[q->ptail[s->prio]].pnext = i;
	else
		q->phead[s->prio] = i;
	q->ptail[s->prio] = i;
	if (q->unsent == QUEUE_NONE)
		q->unsent = i;
}

uint64_t queue_push(struct queue *q, const void *body, size_t len,
		    enum priority prio)
{
	uint32_t need = cells_for(q, len), i;
	struct queue_slot *s;

	if ((unsigned)prio >= PRIO_COUNT)
		prio = PRIO_DEBUG;
	if (len == 0 || len > UINT32_MAX || need > q->ncells) {
		q->refused++;
		return 0;
	}
	if (make_room(q, need, prio) < 0) {
		q->dropped[prio]++;
		return 0;
	}
	i = q->free_slot;
	s = &q->slots[i];
	q->free_slot = s->next;
	*s = (struct queue_slot){.seq = q->next_seq++,
				 .len = (uint32_t)len,
				 .cell = store(q, body, len),
				 .prio = prio};
	link_tail(q, i);
	q->count++;
	q->pcount[prio]++;
	q->pcells[prio] += need;
	return s->seq;
}

void queue_ack(struct queue *q, uint64_t seq)
{
	if (seq > q->sent) /* never acknowledge what was not sent */
		seq = q->sent;
	while (q->head != QUEUE_NONE && q->slots[q->head].seq <= seq)
		unlink_slot(q, q->head, QUEUE_NONE);
}

uint32_t queue_in_flight(const struct queue *q)
{
	return q->in_flight;
}

uint64_t queue_next_unsent(const struct queue *q, size_t *len)
{
	if (q->unsent == QUEUE_NONE)
		return 0;
	*len = q->slots[q->unsent].len;
	return q->slots[q->unsent].seq;
}

void queue_copy_unsent(const struct queue *q, void *buf)
{
	const struct queue_slot *s = &q->slots[q->unsent];
	size_t left = s->len;
	uint8_t *out = buf;

	for (uint32_t c = s->cell; left; c = q->cell_next[c]) {
		size_t n = left < q->cell_size ? left : q->cell_size;

		memcpy(out, q->cells + (size_t)c * q->cell_size, n);
		out += n;
		left -= n;
	}
}

void queue_sent(struct queue *q, uint64_t seq)
{
	if (seq > q->sent)
		q->sent = seq;
	while (q->unsent != QUEUE_NONE && q->slots[q->unsent].seq <= q->sent) {
		q->unsent = q->slots[q->unsent].next;
		q->in_flight++;
	}
}

void queue_rewind(struct queue *q)
{
	q->redelivered += q->in_flight;
	q->sent =
	    q->head != QUEUE_NONE ? q->slots[q->head].seq - 1 : q->next_seq - 1;
	q->unsent = q->head;
	q->in_flight = 0;
}

uint64_t queue_dropped(const struct queue *q)
{
	uint64_t n = 0;

	for (int p = 0; p < PRIO_COUNT; p++)
		n += q->dropped[p];
	return n;
}

void queue_log_drops(struct queue *q, const char *name, uint64_t now_ns)
{
	uint64_t total = queue_dropped(q);
	uint64_t n = ratelog_due(&q->droplog, total - q->droplog.count, now_ns);
	char text[256];
	size_t used = 0;

	if (n == 0)
		return;
	text[0] = '\0';
	for (int p = 0; p < PRIO_COUNT; p++) {
		uint64_t d = q->dropped[p] - q->reported[p];
		int w;

		q->reported[p] = q->dropped[p];
		if (d == 0)
			continue;
		w = snprintf(text + used, sizeof(text) - used, "%s%s %llu",
			     used ? ", " : "", priority_name((enum priority)p),
			     (unsigned long long)d);
		if (w > 0 && (size_t)w < sizeof(text) - used)
			used += (size_t)w;
	}
	log_warn("%s full: dropped %llu alerts since the last report (%s), "
		 "%llu in all",
		 name, (unsigned long long)n, text, (unsigned long long)total);
}

/*
 * The syscall event drop check, see drops.h: the token bucket, the
 * once-a-second comparison, and the alert it raises.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drops.h"

void drops_bucket_init(struct tbucket *b, double rate, double max, uint64_t now)
{
	*b = (struct tbucket){
	    .rate = rate, .max = max, .tokens = max, .last_ns = now};
}

int drops_bucket_claim(struct tbucket *b, uint64_t now)
{
	if (now > b->last_ns) {
		b->tokens += b->rate * (double)(now - b->last_ns) / 1e9;
		if (b->tokens > b->max)
			b->tokens = b->max;
		b->last_ns = now;
	}
	if (b->tokens < 1)
		return 0;
	b->tokens -= 1;
	return 1;
}

void drops_init(struct drops *d, const struct drops_conf *c)
{
	memset(d, 0, sizeof(*d));
	d->conf = *c;
	if (d->conf.simulate)
		d->conf.threshold = 0; /* every simulated drop counts */
}

void drops_note(struct drops *d, const struct drops_totals *t)
{
	d->now = *t;
}

/* Totals start again from 0 when capture restarts. */
static uint64_t since(uint64_t now, uint64_t base)
{
	return now >= base ? now - base : now;
}

static void rebase(struct drops *d, uint64_t events)
{
	d->base_events = events;
	d->base = d->now;
}

unsigned drops_check(struct drops *d, uint64_t ts, uint64_t events,
		     struct drops_delta *delta)
{
	double ratio;

	if (d->next_check_ns == 0) {
		d->next_check_ns = ts + DROPS_CHECK_NS;
		drops_bucket_init(&d->bucket, d->conf.rate, d->conf.max_burst,
				  ts);
		rebase(d, events);
		return 0;
	}
	if (ts <= d->next_check_ns)
		return 0;
	d->next_check_ns = ts + DROPS_CHECK_NS;
	delta->kernel = since(d->now.kernel, d->base.kernel);
	delta->kernel_buffer =
	    since(d->now.kernel_buffer, d->base.kernel_buffer);
	delta->ring = since(d->now.ring, d->base.ring);
	delta->drops = delta->kernel + delta->ring + (d->conf.simulate ? 1 : 0);
	delta->evts = since(events, d->base_events) + delta->drops;
	rebase(d, events);
	if (delta->drops == 0)
		return 0;
	ratio = (double)delta->drops / (double)delta->evts;
	if (ratio <= d->conf.threshold)
		return 0;
	d->detected++;
	if (!drops_bucket_claim(&d->bucket, ts))
		return 0;
	d->acted++;
	return d->conf.actions & (DROPS_LOG | DROPS_ALERT | DROPS_EXIT);
}

void drops_message(const struct drops_delta *delta, char *buf, size_t len)
{
	snprintf(buf, len, "%s. %llu system calls dropped in last second.",
		 DROPS_RULE, (unsigned long long)delta->drops);
}

/* Adds one output field, its value printed into buf at *used. */
static int add_field(struct alert *a, const char *key, uint64_t v, char *buf,
		     size_t len, size_t *used)
{
	int n =
	    snprintf(buf + *used, len - *used, "%llu", (unsigned long long)v);

	if (n < 0 || (size_t)n >= len - *used || a->nfields >= ALERT_MAX_FIELDS)
		return -ENOBUFS;
	a->fields[a->nfields].key = key;
	a->fields[a->nfields].kind = ALERT_NUMBER;
	a->fields[a->nfields++].value = buf + *used;
	*used += (size_t)n + 1;
	return 0;
}

int drops_alert(const struct drops_delta *delta, uint64_t ts,
		const char *hostname, struct alert *a, char *buf, size_t len)
{
	size_t used;
	int r = 0;

	memset(a, 0, sizeof(*a));
	drops_message(delta, buf, len);
	used = strlen(buf) + 1;
	if (used >= len)
		return -ENOBUFS;
	*a = (struct alert){.time_ns = ts,
			    .priority = PRIO_DEBUG,
			    .rule = DROPS_RULE,
			    .source = "syscall",
			    .hostname = hostname,
			    .output = buf};
	r |= add_field(a, "n_evts", delta->evts, buf, len, &used);
	r |= add_field(a, "n_drops", delta->drops, buf, len, &used);
	r |= add_field(a, "n_drops_buffer_total",
		       delta->kernel_buffer + delta->ring, buf, len, &used);
	r |= add_field(a, "n_drops_scratch_map",
		       delta->kernel - delta->kernel_buffer, buf, len, &used);
	r |= add_field(a, "n_drops_kernel", delta->kernel, buf, len, &used);
	r |= add_field(a, "n_drops_ring", delta->ring, buf, len, &used);
	r |= add_field(a, "ebpf_enabled", 1, buf, len, &used);
	return r ? -ENOBUFS : 0;
}

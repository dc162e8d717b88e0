/*
 * Capture's pump and drops: a full ring drops records and counts them
 * (or declines them to a source that keeps them, or waits a while),
 * kernel and ring drops are logged as warnings at most once per period
 * with the count since the last line, and a DROP record carries the
 * totals to the engine.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/log.h"
#include "common/ring.h"
#include "pump.h"

#define SEC 1000000000ull

static struct ring prod, cons;

/* A DROP record stands in for any record: it is small and valid. */
static int put_one(struct pump *p)
{
	struct lnr_evt_builder b;
	uint8_t buf[128];
	int len;

	lnr_evtb_init(&b, buf, sizeof(buf), LNR_EVT_DROP, 1, 0, 1);
	lnr_evtb_add_u64(&b, 0);
	len = lnr_evtb_finish(&b);
	return pump_record(p, buf, (size_t)len);
}

static uint64_t param(const struct lnr_evt *e, const char *name)
{
	uint64_t v = 0;

	lnr_evt_get_u64(e, (unsigned)lnr_evt_param_index(LNR_EVT_DROP, name),
			&v);
	return v;
}

/* Reads the ring empty; returns the last DROP record with 3 totals. */
static int drain(struct lnr_evt *last, const void **rec)
{
	static _Alignas(8) uint8_t copy[256];
	uint32_t len;
	int r, found = 0;

	while ((r = ring_read(&cons, copy, sizeof(copy), &len)) != 0) {
		const char *why;

		if (r == 1 && lnr_evt_decode(copy, len, last, &why) == 0 &&
		    last->hdr->nparams == 3)
			found = 1;
	}
	*rec = copy;
	return found;
}

/* A full ring with the ring refilled: a source that keeps its records
 * is declined, not dropped; the snapshot waits until its deadline, then
 * drops. */
static void full_ring(struct pump *p)
{
	uint64_t drops = p->ring_drops;
	uint64_t t0;

	while (p->ring_drops == drops)
		put_one(p);
	drops = p->ring_drops;
	p->decline_when_full = 1;
	CHECK(put_one(p) == 1 && p->full && p->ring_drops == drops);
	p->decline_when_full = 0;
	t0 = ratelog_now();
	p->wait_until_ns = t0 + 50000000;
	CHECK(put_one(p) == 0 && p->ring_drops == drops + 1);
	CHECK(ratelog_now() - t0 >= 50000000);
}

int main(void)
{
	int fd = ring_create(4096);
	struct lnr_evt e;
	const void *rec;
	const char *text;
	struct pump p;
	int n = 0;

	log_init("test_pump", LOG_LVL_INFO);
	CHECK(fd >= 0 && ring_map(&prod, fd, 1) == 0 &&
	      ring_map(&cons, fd, 0) == 0);
	pump_init(&p, &prod, -1);
	while (p.ring_drops == 0 && n++ < 10000)
		put_one(&p);
	CHECK(p.ring_drops == 1 && p.records > 0);
	put_one(&p);
	put_one(&p);

	check_stderr_begin();
	pump_note_drops(&p, 7, 5, 100 * SEC);
	text = check_stderr_end();
	CHECK(strstr(text, "warning: the kernel dropped 7 events since the "
			   "last report, 7 in all\n"));
	CHECK(strstr(text, "warning: the event ring was full: 3 events "
			   "dropped since the last report, 3 in all\n"));
	/* The DROP record did not fit the full ring either. */
	CHECK(p.ring_drops == 4);

	drain(&e, &rec);
	check_stderr_begin();
	pump_note_drops(&p, 9, 5, 101 * SEC); /* within the period: quiet */
	CHECK(strstr(check_stderr_end(), "warning") == NULL);
	CHECK(drain(&e, &rec));
	CHECK(param(&e, "kernel_drops") == 9 && param(&e, "ring_drops") == 4);
	CHECK(param(&e, "kernel_buffer_drops") == 5);

	check_stderr_begin();
	pump_note_drops(&p, 9, 5, 111 * SEC); /* a period on: the rest */
	text = check_stderr_end();
	CHECK(strstr(text, "the kernel dropped 2 events since the last report, "
			   "9 in all\n"));
	/* The DROP record that did not fit is reported as a ring drop. */
	CHECK(strstr(text, "the event ring was full: 1 events dropped since "
			   "the last report, 4 in all\n"));
	full_ring(&p);
	return check_done();
}

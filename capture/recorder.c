/*
 * Recording in capture, see recorder.h. The buffer of past records is a
 * ring of [u32 length][record] entries, each 8-byte aligned; an entry
 * that would not fit before the end wraps to the start, and the oldest
 * entries make room.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "fdpass.h"
#include "log.h"
#include "recorder.h"

#define ENTRY(len) ((sizeof(uint32_t) + (len) + 7u) & ~(size_t)7u)
#define WRAP 0xffffffffu /* an entry length: the rest up to the end is free */

int recorder_init(struct recorder *r, const int *fds, int n)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->sock = -1;
	r->kind = CAPFILE_EVENTS;
	for (int i = 0; i < CLIP_JOBS; i++)
		r->jobs[i].fd = -1;
	for (int i = 0; i < n; i++) {
		struct stat st;

		if (fstat(fds[i], &st) < 0)
			return -errno;
		if (S_ISSOCK(st.st_mode)) {
			r->sock = fds[i];
			continue;
		}
		if ((err = capfile_writer_open(&r->full, fds[i], NULL, NULL)))
			return err;
		r->full_on = 1;
	}
	if (r->sock >= 0 && !(r->recent = malloc(CLIP_RECENT_BYTES)))
		return -ENOMEM;
	return 0;
}

int recorder_active(const struct recorder *r)
{
	return r->full_on || r->sock >= 0;
}

static uint64_t ts_of(const void *rec)
{
	struct lnr_evt_hdr h;

	memcpy(&h, rec, sizeof(h));
	return h.ts;
}

/* Drops the oldest entry. */
static void pop(struct recorder *r)
{
	uint32_t len;

	memcpy(&len, r->recent + r->tail, sizeof(len));
	if (len == WRAP) {
		r->used -= CLIP_RECENT_BYTES - r->tail;
		r->tail = 0;
	} else {
		r->used -= ENTRY(len);
		r->tail = (r->tail + ENTRY(len)) % CLIP_RECENT_BYTES;
	}
	if (r->used == 0)
		r->head = r->tail = 0;
}

/* Makes room for need bytes at head, wrapping or dropping the oldest. */
static void make_room(struct recorder *r, size_t need)
{
	for (;;) {
		if (r->used == 0)
			r->head = r->tail = 0;
		if (r->head < r->tail) {
			if (r->tail - r->head >= need)
				return;
		} else if (r->head > r->tail || r->used == 0) {
			if (CLIP_RECENT_BYTES - r->head >= need)
				return;
			if (r->tail >= need) {
				uint32_t w = WRAP; /* the end is left unused */

				memcpy(r->recent + r->head, &w, sizeof(w));
				r->used += CLIP_RECENT_BYTES - r->head;
				r->head = 0;
				return;
			}
		}
		pop(r);
	}
}

static void remember(struct recorder *r, const void *rec, size_t len)
{
	uint32_t l = (uint32_t)len;
	size_t need = ENTRY(len);

	make_room(r, need);
	memcpy(r->recent + r->head, &l, sizeof(l));
	memcpy(r->recent + r->head + sizeof(l), rec, len);
	r->head = (r->head + need) % CLIP_RECENT_BYTES;
	r->used += need;
}

int recorder_record(void *arg, const void *rec, size_t len)
{
	struct recorder *r = arg;
	uint64_t ts = ts_of(rec);

	if (r->full_on)
		capfile_write(&r->full, r->kind, rec, len);
	if (r->sock < 0)
		return 0;
	for (int i = 0; i < CLIP_JOBS; i++) {
		struct clip_job *j = &r->jobs[i];

		if (j->fd >= 0 && ts >= j->from_ns && ts <= j->until_ns)
			capfile_write(&j->w, CAPFILE_EVENTS, rec, len);
	}
	if (len <= (size_t)LNR_EVT_MAX_SIZE)
		remember(r, rec, len);
	return 0;
}

/* The buffered records of the job's window, oldest first. */
static void backfill(struct recorder *r, struct clip_job *j)
{
	size_t pos = r->tail, left = r->used;

	while (left) {
		uint32_t len;

		memcpy(&len, r->recent + pos, sizeof(len));
		if (len == WRAP) {
			left -= CLIP_RECENT_BYTES - pos;
			pos = 0;
			continue;
		}
		if (ts_of(r->recent + pos + sizeof(len)) >= j->from_ns &&
		    ts_of(r->recent + pos + sizeof(len)) <= j->until_ns)
			capfile_write(&j->w, CAPFILE_EVENTS,
				      r->recent + pos + sizeof(len), len);
		left -= ENTRY(len);
		pos = (pos + ENTRY(len)) % CLIP_RECENT_BYTES;
	}
}

/* One descriptor and its window from the broker; 0 when none waits. */
static int take_one(struct recorder *r)
{
	struct capfile_clip job = {0};
	int fd;
	ssize_t n = fdpass_recv(r->sock, &job, sizeof(job), &fd);

	if (n == -EPROTO || (n > 0 && n != (ssize_t)sizeof(job))) {
		if (fd >= 0)
			close(fd);
		log_warn("a capture file request without a file");
		return 1;
	}
	if (n <= 0)
		return 0;
	for (int i = 0; i < CLIP_JOBS; i++) {
		struct clip_job *j = &r->jobs[i];

		if (j->fd >= 0)
			continue;
		j->fd = fd;
		j->from_ns = job.from_ns;
		j->until_ns = job.until_ns;
		capfile_writer_open(&j->w, fd, NULL, NULL);
		backfill(r, j);
		r->files++;
		return 1;
	}
	log_warn("too many capture files at once; one stays empty");
	close(fd);
	return 1;
}

void recorder_receive(struct recorder *r)
{
	while (r->sock >= 0 && take_one(r))
		;
}

static void finish(struct clip_job *j)
{
	int err = capfile_writer_close(&j->w);

	if (err)
		log_warn("a capture file could not be written: %s",
			 strerror(-err));
	else
		log_info("capture file done: %llu records",
			 (unsigned long long)j->w.records);
	close(j->fd);
	j->fd = -1;
}

void recorder_tick(struct recorder *r, uint64_t now_ns)
{
	if (r->full_on && capfile_writer_flush(&r->full) < 0 && r->full.err) {
		log_err("the capture file cannot be written: %s; recording "
			"stops",
			strerror(-r->full.err));
		capfile_writer_close(&r->full);
		r->full_on = 0;
	}
	for (int i = 0; i < CLIP_JOBS; i++)
		if (r->jobs[i].fd >= 0 && now_ns > r->jobs[i].until_ns)
			finish(&r->jobs[i]);
}

void recorder_close(struct recorder *r)
{
	if (r->full_on)
		capfile_writer_close(&r->full);
	for (int i = 0; i < CLIP_JOBS; i++)
		if (r->jobs[i].fd >= 0)
			finish(&r->jobs[i]);
	free(r->recent);
	r->recent = NULL;
}

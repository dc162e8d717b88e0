/*
 * Writing capture files (see capfile.h): the preamble and META block,
 * then records gathered into blocks, each written with one write(2)
 * loop, so the writer needs nothing but a descriptor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "capfile.h"
#include "crc32c.h"
#include "event.h"

#define PAD8(n) (((n) + 7u) & ~(size_t)7u)
#define EVT_MAX ((size_t)LNR_EVT_MAX_SIZE)
/* A block's room: the target plus one record of the largest size. */
#define WRITER_CAP                                                             \
	(sizeof(struct capfile_block_hdr) + CAPFILE_BLOCK_TARGET + EVT_MAX + 8)

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The UTC date of a day count since 1970-01-01 (the civil-from-days
 * algorithm), by hand: strftime may read the time zone file, which the
 * engine's sandbox forbids. */
static void civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int capfile_alert_name(char *buf, size_t len, const char *prefix,
		       uint64_t ts_ns)
{
	uint64_t s = ts_ns / 1000000000ull;
	unsigned sec = (unsigned)(s % 86400), m, d;
	int y, n;

	civil((int64_t)(s / 86400), &y, &m, &d);
	n = snprintf(buf, len, "%s_%04d%02u%02u-%02u%02u%02u.%09llu.lcap",
		     prefix, y, m, d, sec / 3600, sec / 60 % 60, sec % 60,
		     (unsigned long long)(ts_ns % 1000000000ull));
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void capfile_meta_local(struct capfile_meta *m)
{
	struct utsname u;

	memset(m, 0, sizeof(*m));
	m->format_version = CAPFILE_FORMAT_VERSION;
	m->schema_version = LNR_SCHEMA_VERSION;
	m->created_ns = clock_ns(CLOCK_REALTIME);
	m->boot_time_ns = m->created_ns - clock_ns(CLOCK_BOOTTIME);
	if (uname(&u) == 0) {
		snprintf(m->hostname, sizeof(m->hostname), "%s", u.nodename);
		snprintf(m->kernel, sizeof(m->kernel), "%s", u.release);
	}
}

static int write_all(struct capfile_writer *w, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n && !w->err) {
		ssize_t k = write(w->fd, b, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->err = k < 0 ? -errno : -EIO;
			break;
		}
		b += k;
		n -= (size_t)k;
		w->bytes += (uint64_t)k;
	}
	return w->err;
}

/* Header, CRC and padding around the payload already in w->buf. */
static int write_block(struct capfile_writer *w, enum capfile_kind kind)
{
	struct capfile_block_hdr h = {
	    .magic = CAPFILE_BLOCK_MAGIC,
	    .kind = (uint16_t)kind,
	    .seq = kind == CAPFILE_META ? 0 : ++w->seq,
	    .len = (uint32_t)w->used,
	    .nrecords = w->nrecords,
	};
	size_t padded = PAD8(w->used);

	h.hcheck = capfile_hcheck(&h);

	memset(w->buf + sizeof(h) + w->used, 0, padded - w->used);
	memcpy(w->buf, &h, sizeof(h));
	h.crc = crc32c(0, w->buf, sizeof(h) + w->used);
	memcpy(w->buf, &h, sizeof(h));
	w->used = 0;
	w->nrecords = 0;
	w->blocks++;
	return write_all(w, w->buf, sizeof(h) + padded);
}

uint16_t capfile_hcheck(const struct capfile_block_hdr *h)
{
	struct capfile_block_hdr z = *h;

	z.hcheck = 0;
	z.crc = 0;
	return (uint16_t)crc32c(0, &z, sizeof(z));
}

static int add(struct capfile_writer *w, const void *p, size_t n)
{
	if (sizeof(struct capfile_block_hdr) + w->used + n + 8 > WRITER_CAP)
		return -E2BIG;
	memcpy(w->buf + sizeof(struct capfile_block_hdr) + w->used, p, n);
	w->used += n;
	return 0;
}

static int add_u32(struct capfile_writer *w, uint32_t v)
{
	return add(w, &v, sizeof(v));
}

static int add_str(struct capfile_writer *w, const char *s)
{
	size_t n = strlen(s);

	return add_u32(w, (uint32_t)n) ?: add(w, s, n);
}

/* The META payload: schema version, reserved, boot time, creation time,
 * host name, kernel release, then the configuration as key/value pairs.
 * Items that do not fit in one block are left out. */
static int add_meta(struct capfile_writer *w, const struct capfile_meta *m,
		    const struct conf *conf)
{
	uint32_t n = 0;
	size_t count_at;

	if (add_u32(w, m->schema_version) || add_u32(w, 0) ||
	    add(w, &m->boot_time_ns, 8) || add(w, &m->created_ns, 8) ||
	    add_str(w, m->hostname) || add_str(w, m->kernel))
		return -E2BIG;
	count_at = w->used;
	if (add_u32(w, 0))
		return -E2BIG;
	for (size_t i = 0; conf && i < conf->n; i++) {
		size_t before = w->used;

		if (w->used + 8 + strlen(conf->items[i].key) +
			strlen(conf->items[i].value) >
		    CAPFILE_BLOCK_TARGET)
			break;
		if (add_str(w, conf->items[i].key) ||
		    add_str(w, conf->items[i].value)) {
			w->used = before;
			break;
		}
		n++;
	}
	memcpy(w->buf + sizeof(struct capfile_block_hdr) + count_at, &n,
	       sizeof(n));
	return 0;
}

int capfile_writer_open(struct capfile_writer *w, int fd,
			const struct capfile_meta *m, const struct conf *conf)
{
	struct capfile_preamble pre = {.format_version = CAPFILE_FORMAT_VERSION,
				       .byte_order = CAPFILE_BYTE_ORDER};

	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->buf = malloc(WRITER_CAP);
	if (!w->buf)
		return w->err = -ENOMEM;
	if (!m)
		return 0;
	memcpy(pre.magic, CAPFILE_MAGIC, sizeof(pre.magic));
	if (write_all(w, &pre, sizeof(pre)) || add_meta(w, m, conf) < 0)
		return w->err ?: -E2BIG;
	return write_block(w, CAPFILE_META);
}

int capfile_write(struct capfile_writer *w, enum capfile_kind kind,
		  const void *rec, size_t len)
{
	if (w->err)
		return w->err;
	if ((kind != CAPFILE_SNAPSHOT && kind != CAPFILE_EVENTS) ||
	    len > EVT_MAX)
		return -EINVAL;
	if (w->used && (kind != w->kind || w->used >= CAPFILE_BLOCK_TARGET) &&
	    write_block(w, w->kind) < 0)
		return w->err;
	w->kind = kind;
	add(w, rec, len);
	w->nrecords++;
	w->records++;
	return 0;
}

int capfile_writer_flush(struct capfile_writer *w)
{
	if (w->err || !w->used)
		return w->err;
	return write_block(w, w->kind);
}

int capfile_writer_close(struct capfile_writer *w)
{
	int r = w->buf ? capfile_writer_flush(w) : w->err;

	free(w->buf);
	w->buf = NULL;
	return r;
}

const char *capfile_kind_name(enum capfile_kind kind)
{
	static const char *const names[] = {"none", "meta", "snapshot",
					    "events"};

	_Static_assert(sizeof(names) / sizeof(*names) == CAPFILE_KIND_COUNT,
		       "a name per kind");
	return (unsigned)kind < CAPFILE_KIND_COUNT ? names[kind] : "unknown";
}

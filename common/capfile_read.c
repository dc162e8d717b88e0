/*
 * Reading capture files (see capfile.h). The bytes are hostile: every
 * length is checked before use, a block is trusted only whole (its
 * checksum and the framing of every record in it), and after a bad block
 * the reader looks for the next block magic at 8-byte steps. Problems
 * are counted and reported through the warn callback with the byte
 * offset and the block; nothing the file says can make the reader read
 * outside its buffer or allocate more than CAPFILE_BLOCK_MAX.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "crc32c.h"
#include "event.h"

#define HDR_SIZE sizeof(struct capfile_block_hdr)
#define PAD8(n) (((n) + 7u) & ~(size_t)7u)
#define READER_CAP (HDR_SIZE + CAPFILE_BLOCK_MAX + 64) /* the most */
#define READER_START (128u << 10) /* grown when a block needs more */

static void warn(struct capfile_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(struct capfile_reader *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!r->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->warn(r->warn_arg, msg);
}

static int fail(struct capfile_reader *r, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct capfile_reader *r, int err, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, sizeof(r->err), "%s: ", r->name);

	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return err;
}

static size_t avail(const struct capfile_reader *r)
{
	return r->end - r->start;
}

/* At least n bytes at buf[start] unless the file ends first. 0 or
 * -errno. */
static int fill(struct capfile_reader *r, size_t n)
{
	if (avail(r) >= n || r->eof)
		return 0;
	if (n > r->cap) {
		size_t cap = n > r->cap * 2 ? n : r->cap * 2;
		uint8_t *p;

		if (cap > READER_CAP)
			cap = READER_CAP;
		if (!(p = realloc(r->buf, cap)))
			return fail(r, -ENOMEM, "out of memory");
		r->buf = p;
		r->cap = cap;
	}
	if (r->start) {
		memmove(r->buf, r->buf + r->start, avail(r));
		r->end -= r->start;
		r->start = 0;
	}
	while (r->end < n && !r->eof) {
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - r->end);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return fail(r, -errno, "read at byte %llu: %s",
				    (unsigned long long)r->off + avail(r),
				    strerror(errno));
		if (k == 0)
			r->eof = 1;
		r->end += (size_t)k;
	}
	return 0;
}

static void consume(struct capfile_reader *r, size_t n)
{
	r->start += n;
	r->off += n;
}

/* A cursor over the META payload; ok drops to 0 on the first overrun. */
struct cursor {
	const uint8_t *p;
	size_t left;
	int ok;
};

static void take(struct cursor *c, void *dst, size_t n)
{
	if (!c->ok || c->left < n) {
		c->ok = 0;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
}

/* A string of at most max - 1 bytes, without NULs, copied to dst. */
static void take_str(struct cursor *c, char *dst, size_t max)
{
	uint32_t n = 0;

	take(c, &n, sizeof(n));
	if (!c->ok || n >= max || n > c->left || memchr(c->p, 0, n)) {
		c->ok = 0;
		dst[0] = '\0';
		return;
	}
	memcpy(dst, c->p, n);
	dst[n] = '\0';
	c->p += n;
	c->left -= n;
}

static int parse_conf(struct capfile_reader *r, struct cursor *c)
{
	static char key[CAPFILE_BLOCK_MAX / 16], value[CAPFILE_BLOCK_MAX / 4];
	uint32_t n = 0;

	take(c, &n, sizeof(n));
	for (uint32_t i = 0; i < n && c->ok; i++) {
		take_str(c, key, sizeof(key));
		take_str(c, value, sizeof(value));
		if (c->ok && conf_add(&r->conf, key, value) == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

static int parse_meta(struct capfile_reader *r, const uint8_t *p, size_t len)
{
	struct cursor c = {p, len, 1};
	struct capfile_meta *m = &r->meta;
	uint32_t reserved;

	take(&c, &m->schema_version, 4);
	take(&c, &reserved, 4);
	take(&c, &m->boot_time_ns, 8);
	take(&c, &m->created_ns, 8);
	if (c.ok && m->schema_version > LNR_SCHEMA_VERSION)
		return fail(r, -EPROTONOSUPPORT,
			    "written with event schema version %u; this "
			    "lanner reads schema versions up to %u",
			    m->schema_version, LNR_SCHEMA_VERSION);
	take_str(&c, m->hostname, sizeof(m->hostname));
	take_str(&c, m->kernel, sizeof(m->kernel));
	if (parse_conf(r, &c) < 0)
		return fail(r, -ENOMEM, "out of memory");
	if (!c.ok)
		return fail(r, -EINVAL,
			    "the header block (byte %zu) is malformed",
			    sizeof(struct capfile_preamble));
	return 0;
}

static int check_preamble(struct capfile_reader *r)
{
	struct capfile_preamble pre;

	if (avail(r) < sizeof(pre))
		return fail(r, -EINVAL, "not a capture file: only %zu bytes",
			    avail(r));
	memcpy(&pre, r->buf + r->start, sizeof(pre));
	if (memcmp(pre.magic, CAPFILE_MAGIC, sizeof(pre.magic)) != 0)
		return fail(r, -EINVAL,
			    "not a capture file: no magic at byte 0");
	if (pre.byte_order != CAPFILE_BYTE_ORDER)
		return fail(r, -EPROTONOSUPPORT,
			    "written on a host of the other byte order "
			    "(mark 0x%08x at byte 12)",
			    pre.byte_order);
	r->meta.format_version = pre.format_version;
	if (pre.format_version > CAPFILE_FORMAT_VERSION ||
	    pre.format_version == 0)
		return fail(r, -EPROTONOSUPPORT,
			    "capture format version %u; this lanner reads "
			    "versions 1 to %u",
			    pre.format_version, CAPFILE_FORMAT_VERSION);
	consume(r, sizeof(pre));
	return 0;
}

/* Checks the block at buf[start], whose header and payload are there:
 * NULL when it can be trusted, else why not. */
static const char *block_fault(const struct capfile_reader *r,
			       const struct capfile_block_hdr *h)
{
	struct capfile_block_hdr z = *h;
	const uint8_t *payload = r->buf + r->start + HDR_SIZE;
	uint32_t crc, count = 0;
	size_t pos = 0;

	z.crc = 0;
	crc = crc32c(crc32c(0, &z, HDR_SIZE), payload, h->len);
	if (crc != h->crc)
		return "checksum mismatch";
	if (h->kind == CAPFILE_META)
		return NULL;
	/* Record framing: lengths that add up exactly to the payload. */
	while (pos < h->len) {
		struct lnr_evt_hdr eh;

		if (h->len - pos < sizeof(eh))
			return "a record header is cut off";
		memcpy(&eh, payload + pos, sizeof(eh));
		if (eh.len < sizeof(eh) || eh.len > h->len - pos ||
		    eh.len > LNR_EVT_MAX_SIZE)
			return "a record length does not fit the block";
		pos += eh.len;
		count++;
	}
	return count == h->nrecords ? NULL : "record count does not match";
}

static int header_sane(const struct capfile_block_hdr *h, int want_meta)
{
	if (h->magic != CAPFILE_BLOCK_MAGIC || h->len > CAPFILE_BLOCK_MAX ||
	    h->hcheck != capfile_hcheck(h))
		return 0;
	return want_meta
		   ? h->kind == CAPFILE_META
		   : h->kind == CAPFILE_SNAPSHOT || h->kind == CAPFILE_EVENTS;
}

/* The file ends here: what is left is not a whole block. Returns 0. */
static int at_end(struct capfile_reader *r)
{
	if (r->resyncing && !r->st.truncated)
		warn(r, "%s: bytes %llu to the end are not a block; skipped",
		     r->name, (unsigned long long)r->resync_from);
	else if (!r->resyncing && avail(r)) {
		r->st.truncated = 1;
		warn(r, "%s: the file ends inside block %u at byte %llu",
		     r->name, r->last_seq + 1, (unsigned long long)r->off);
	}
	r->st.skipped_bytes += avail(r);
	consume(r, avail(r));
	r->resyncing = 0;
	return 0;
}

/*
 * The next trustworthy block, made current (rec_pos..rec_end). 1, 0 at
 * the end of the file, -errno on a read error. Bad bytes are skipped,
 * counted and reported.
 */
static int next_block(struct capfile_reader *r)
{
	for (;;) {
		struct capfile_block_hdr h;
		const char *why;
		int err;

		if ((err = fill(r, HDR_SIZE)) < 0)
			return err;
		if (avail(r) < HDR_SIZE)
			return at_end(r);
		memcpy(&h, r->buf + r->start, HDR_SIZE);
		if (!header_sane(&h, 0)) {
			if (!r->resyncing)
				goto bad;
			r->st.skipped_bytes += 8;
			consume(r, 8);
			continue;
		}
		if ((err = fill(r, HDR_SIZE + PAD8(h.len))) < 0)
			return err;
		if (avail(r) < HDR_SIZE + PAD8(h.len)) {
			/* Cut off, or a length that lies: look further. */
			if (!r->resyncing && !r->st.truncated)
				warn(r,
				     "%s: block %u at byte %llu is cut off: %u "
				     "bytes announced, %zu present",
				     r->name, h.seq, (unsigned long long)r->off,
				     h.len, avail(r) - HDR_SIZE);
			r->st.truncated = 1;
			goto skip;
		}
		if ((why = block_fault(r, &h)) != NULL) {
			if (r->resyncing) {
				/* A block header, likely: counted, not
				 * trusted with its length. */
				r->st.corrupt_blocks++;
				r->st.skipped_bytes += 8;
				consume(r, 8);
				continue;
			}
			r->st.corrupt_blocks++;
			warn(r, "%s: block %u at byte %llu: %s; skipped",
			     r->name, h.seq, (unsigned long long)r->off, why);
			goto skip;
		}
		if (r->resyncing)
			warn(r,
			     "%s: resumed at block %u, byte %llu, after %llu "
			     "untrusted bytes",
			     r->name, h.seq, (unsigned long long)r->off,
			     (unsigned long long)r->off - r->resync_from);
		r->resyncing = 0;
		r->last_seq = h.seq;
		r->st.blocks++;
		r->rec_kind = (enum capfile_kind)h.kind;
		r->rec_pos = r->start + HDR_SIZE;
		r->rec_end = r->rec_pos + h.len;
		consume(r, HDR_SIZE + PAD8(h.len));
		return 1;
	bad:
		r->st.corrupt_blocks++;
		warn(r,
		     "%s: no valid block header at byte %llu (after block "
		     "%u); looking for the next block",
		     r->name, (unsigned long long)r->off, r->last_seq);
	skip:
		r->resyncing = 1;
		r->resync_from = r->off;
		r->st.skipped_bytes += 8;
		consume(r, 8);
	}
}

static int read_meta(struct capfile_reader *r)
{
	struct capfile_block_hdr h;
	const char *why;
	int err;

	if ((err = fill(r, HDR_SIZE)) < 0)
		return err;
	if (avail(r) < HDR_SIZE)
		return fail(r, -EINVAL,
			    "the header block at byte %llu is cut off",
			    (unsigned long long)r->off);
	memcpy(&h, r->buf + r->start, HDR_SIZE);
	if (!header_sane(&h, 1))
		return fail(r, -EINVAL, "no header block at byte %llu",
			    (unsigned long long)r->off);
	if ((err = fill(r, HDR_SIZE + PAD8(h.len))) < 0)
		return err;
	if (avail(r) < HDR_SIZE + PAD8(h.len))
		return fail(r, -EINVAL,
			    "the header block at byte %llu is cut off",
			    (unsigned long long)r->off);
	if ((why = block_fault(r, &h)) != NULL)
		return fail(r, -EINVAL, "the header block at byte %llu: %s",
			    (unsigned long long)r->off, why);
	if ((err = parse_meta(r, r->buf + r->start + HDR_SIZE, h.len)) < 0)
		return err;
	consume(r, HDR_SIZE + PAD8(h.len));
	return 0;
}

int capfile_reader_open(struct capfile_reader *r, int fd, const char *name,
			capfile_warn_fn warn_fn, void *warn_arg)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->warn = warn_fn;
	r->warn_arg = warn_arg;
	conf_init(&r->conf);
	r->cap = READER_START;
	r->buf = malloc(r->cap);
	if (!r->buf)
		return fail(r, -ENOMEM, "out of memory");
	if ((err = fill(r, sizeof(struct capfile_preamble))) < 0 ||
	    (err = check_preamble(r)) < 0 || (err = read_meta(r)) < 0)
		return err;
	return 0;
}

int capfile_next(struct capfile_reader *r, const void **rec, size_t *len,
		 enum capfile_kind *kind)
{
	struct lnr_evt_hdr eh;
	int k;

	while (r->rec_pos >= r->rec_end) {
		r->rec_pos = r->rec_end = 0;
		if ((k = next_block(r)) <= 0)
			return k;
	}
	/* block_fault checked the framing of every record in the block. */
	memcpy(&eh, r->buf + r->rec_pos, sizeof(eh));
	*rec = r->buf + r->rec_pos;
	*len = eh.len;
	*kind = r->rec_kind;
	r->rec_pos += eh.len;
	r->st.records++;
	return 1;
}

void capfile_reader_close(struct capfile_reader *r)
{
	conf_free(&r->conf);
	free(r->buf);
	r->buf = NULL;
}

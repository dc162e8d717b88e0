/*
 * HTTP/2 frames (RFC 9113 section 4): a 9-byte header (length 24 bits,
 * type, flags, stream 31 bits) and the payload.
 */
#include <string.h>

#include "h2.h"

#define H2_HEADER 9
#define H2_DATA 0x0
#define H2_HEADERS 0x1
#define H2_RST_STREAM 0x3
#define H2_GOAWAY 0x7
#define H2_END_STREAM 0x1
#define H2_PADDED 0x8

struct frame {
	uint32_t len, stream;
	uint8_t type, flags;
	const uint8_t *payload;
};

/* The frame at *off, advancing it: 1, 0 when it is not all there yet. */
static int next_frame(const uint8_t *r, size_t len, size_t *off,
		      struct frame *f)
{
	const uint8_t *h = r + *off;

	if (len - *off < H2_HEADER)
		return 0;
	f->len = (uint32_t)h[0] << 16 | (uint32_t)h[1] << 8 | h[2];
	f->type = h[3];
	f->flags = h[4];
	f->stream = ((uint32_t)h[5] << 24 | (uint32_t)h[6] << 16 |
		     (uint32_t)h[7] << 8 | h[8]) &
		    0x7fffffffu;
	if (len - *off - H2_HEADER < f->len)
		return 0;
	f->payload = h + H2_HEADER;
	*off += H2_HEADER + f->len;
	return 1;
}

int h2_scan_complete(struct h2_scan *s, const uint8_t *reply, size_t len,
		     unsigned nstreams, const char **why)
{
	struct frame f;

	if (nstreams == 0 || nstreams > H2_STREAMS_MAX) {
		*why = "no streams to read";
		return -1;
	}
	while (!s->goaway && next_frame(reply, len, &s->off, &f)) {
		if (f.type == H2_GOAWAY)
			s->goaway = 1;
		else if (f.stream == 0 || !(f.stream & 1) ||
			 f.stream > 2 * nstreams - 1)
			continue; /* the connection's, or no stream of ours */
		else if (f.type == H2_RST_STREAM ||
			 ((f.type == H2_DATA || f.type == H2_HEADERS) &&
			  (f.flags & H2_END_STREAM)))
			s->ended |= 1u << (f.stream / 2);
	}
	return s->goaway || s->ended == (1u << nstreams) - 1;
}

int h2_complete(const uint8_t *reply, size_t len, unsigned nstreams,
		const char **why)
{
	struct h2_scan s = {0};

	return h2_scan_complete(&s, reply, len, nstreams, why);
}

uint32_t h2_goaway_error(const uint8_t *reply, size_t len)
{
	size_t off = 0;
	struct frame f;

	while (next_frame(reply, len, &off, &f)) {
		const uint8_t *p = f.payload + 4;

		if (f.type == H2_GOAWAY)
			return f.len < 8 ? 1 /* PROTOCOL_ERROR */
					 : (uint32_t)p[0] << 24 |
					       (uint32_t)p[1] << 16 |
					       (uint32_t)p[2] << 8 | p[3];
	}
	return 0;
}

long h2_data(const uint8_t *reply, size_t len, uint32_t stream, uint8_t *out,
	     size_t cap)
{
	size_t off = 0, n = 0;
	struct frame f;

	while (next_frame(reply, len, &off, &f)) {
		const uint8_t *p = f.payload;
		uint32_t plen = f.len;

		if (f.type != H2_DATA || f.stream != stream)
			continue;
		if (f.flags & H2_PADDED) {
			if (plen < 1 || p[0] >= plen)
				return -1;
			plen -= 1u + p[0];
			p++;
		}
		if (plen > cap - n)
			return -1;
		memcpy(out + n, p, plen);
		n += plen;
	}
	return (long)n;
}

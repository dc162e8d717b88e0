/*
 * The privsep message codec. Strings travel as a u32 length (NUL
 * included) then the bytes; byte blobs as a u32 length then the bytes.
 */
#include <errno.h>
#include <string.h>

#include "msg.h"

static const char *const msg_names[] = {
    [MSG_NONE] = "none",
#define MSG(ID, name, from) [MSG_##ID] = name,
#include "msg_types.def"
#undef MSG
};
_Static_assert(sizeof(msg_names) / sizeof(*msg_names) == MSG_TYPE_COUNT,
	       "every message type has a name");

const char *msg_type_name(unsigned type)
{
	return type < MSG_TYPE_COUNT ? msg_names[type] : "unknown";
}

static const unsigned msg_from[] = {
    [MSG_NONE] = 0,
#define MSG(ID, name, from) [MSG_##ID] = MSG_FROM_##from,
#include "msg_types.def"
#undef MSG
};
_Static_assert(sizeof(msg_from) / sizeof(*msg_from) == MSG_TYPE_COUNT,
	       "every message type has its senders");

unsigned msg_senders(unsigned type)
{
	return type < MSG_TYPE_COUNT ? msg_from[type] : 0;
}

void msg_begin(struct msg_out *m, void *buf, size_t cap, enum msg_type type,
	       uint64_t seq)
{
	struct msg_hdr h = {
	    .type = (uint16_t)type, .version = MSG_VERSION, .seq = seq};

	m->buf = buf;
	m->cap = cap < MSG_MAX_SIZE ? cap : MSG_MAX_SIZE;
	m->len = sizeof(h);
	m->overflow = m->cap < sizeof(h);
	if (!m->overflow)
		memcpy(m->buf, &h, sizeof(h));
}

static void add(struct msg_out *m, const void *p, size_t len)
{
	if (m->overflow || len > m->cap - m->len) {
		m->overflow = 1;
		return;
	}
	if (len)
		memcpy(m->buf + m->len, p, len);
	m->len += len;
}

void msg_add_u32(struct msg_out *m, uint32_t v)
{
	add(m, &v, sizeof(v));
}

void msg_add_u64(struct msg_out *m, uint64_t v)
{
	add(m, &v, sizeof(v));
}

void msg_add_bytes(struct msg_out *m, const void *p, size_t len)
{
	if (len > UINT32_MAX) {
		m->overflow = 1;
		return;
	}
	msg_add_u32(m, (uint32_t)len);
	add(m, p, len);
}

void msg_add_raw(struct msg_out *m, const void *p, size_t len)
{
	add(m, p, len);
}

void msg_add_str(struct msg_out *m, const char *s)
{
	if (!s)
		s = "";
	msg_add_bytes(m, s, strlen(s) + 1);
}

int msg_finish(struct msg_out *m)
{
	uint32_t len = (uint32_t)m->len;

	if (m->overflow)
		return -EMSGSIZE;
	memcpy(m->buf, &len, sizeof(len));
	return (int)m->len;
}

int msg_open(struct msg_in *m, const void *buf, size_t len, const char **why)
{
	memset(m, 0, sizeof(*m));
	m->error = 1;
	if (len < sizeof(m->hdr)) {
		*why = "message shorter than its header";
		return -EPROTO;
	}
	memcpy(&m->hdr, buf, sizeof(m->hdr));
	if (m->hdr.len != len || len > MSG_MAX_SIZE) {
		*why = "message length field disagrees with its size";
		return -EPROTO;
	}
	if (m->hdr.version != MSG_VERSION) {
		*why = "message protocol version mismatch";
		return -EPROTO;
	}
	if (m->hdr.type == MSG_NONE || m->hdr.type >= MSG_TYPE_COUNT) {
		*why = "unknown message type";
		return -EPROTO;
	}
	m->p = (const uint8_t *)buf + sizeof(m->hdr);
	m->left = len - sizeof(m->hdr);
	m->error = 0;
	return 0;
}

static const void *take(struct msg_in *m, size_t len)
{
	const void *p = m->p;

	if (m->error || len > m->left) {
		m->error = 1;
		return NULL;
	}
	m->p += len;
	m->left -= len;
	return p;
}

uint32_t msg_get_u32(struct msg_in *m)
{
	uint32_t v = 0;
	const void *p = take(m, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

uint64_t msg_get_u64(struct msg_in *m)
{
	uint64_t v = 0;
	const void *p = take(m, sizeof(v));

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

const void *msg_get_bytes(struct msg_in *m, size_t *len)
{
	uint32_t n = msg_get_u32(m);
	const void *p = take(m, n);

	*len = p ? n : 0;
	return p;
}

const char *msg_get_str(struct msg_in *m)
{
	size_t n;
	const char *s = msg_get_bytes(m, &n);

	/* Exactly one NUL, at the end. */
	if (!s || n == 0 || s[n - 1] != '\0' ||
	    memchr(s, '\0', n) != s + n - 1) {
		m->error = 1;
		return "";
	}
	return s;
}

int msg_end(struct msg_in *m)
{
	return m->error || m->left != 0 ? -EPROTO : 0;
}

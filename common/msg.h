/*
 * Privsep message codec. Every message is a fixed header then a body
 * written and read with typed calls. Readers check every length; a reader
 * that finds bytes left over, or too few, fails the whole message.
 */
#ifndef LNR_MSG_H
#define LNR_MSG_H

#include <stddef.h>
#include <stdint.h>

#define MSG_VERSION 9 /* 6: open filter; 7: names; 8: procs; 9: taken */
#define MSG_MAX_SIZE (1u << 20)

enum msg_type {
	MSG_NONE,
#define MSG(ID, name, from) MSG_##ID,
#include "msg_types.def"
#undef MSG
	MSG_TYPE_COUNT
};

/* Who may send a message type: the `from` column of msg_types.def. */
enum msg_sender {
	MSG_FROM_BROKER = 1u << 0,
	MSG_FROM_CAPTURE = 1u << 1,
	MSG_FROM_ENGINE = 1u << 2,
	MSG_FROM_OUTPUT = 1u << 3,
	MSG_FROM_WEB = 1u << 4,
	MSG_FROM_K8SAUDIT = 1u << 5,
	MSG_FROM_CONTAINERS = 1u << 6,
	MSG_FROM_RESOLVE = 1u << 7,
	MSG_FROM_ANY = MSG_FROM_CAPTURE | MSG_FROM_ENGINE | MSG_FROM_OUTPUT |
		       MSG_FROM_WEB | MSG_FROM_K8SAUDIT | MSG_FROM_CONTAINERS |
		       MSG_FROM_RESOLVE,
};

struct msg_hdr {
	uint32_t len; /* whole message, header included */
	uint16_t type;
	uint16_t version;
	uint64_t seq;
};

_Static_assert(sizeof(struct msg_hdr) == 16,
	       "the message header is the protocol: bump MSG_VERSION");

/* Writer: grows in a caller-owned buffer; overflow is sticky. */
struct msg_out {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int overflow;
};

void msg_begin(struct msg_out *m, void *buf, size_t cap, enum msg_type type,
	       uint64_t seq);
void msg_add_u32(struct msg_out *m, uint32_t v);
void msg_add_u64(struct msg_out *m, uint64_t v);
void msg_add_str(struct msg_out *m, const char *s);
void msg_add_bytes(struct msg_out *m, const void *p, size_t len);
/* Appends p as it is, with no length: a body relayed unread. */
void msg_add_raw(struct msg_out *m, const void *p, size_t len);
/* Returns the message length, or -EMSGSIZE. */
int msg_finish(struct msg_out *m);

/* Reader over an untrusted buffer; any failure is sticky. */
struct msg_in {
	struct msg_hdr hdr;
	const uint8_t *p;
	size_t left;
	int error;
};

/* Checks header, version and length; -EPROTO with *why on failure. */
int msg_open(struct msg_in *m, const void *buf, size_t len, const char **why);
uint32_t msg_get_u32(struct msg_in *m);
uint64_t msg_get_u64(struct msg_in *m);
/* Returns a NUL-terminated string inside the buffer (or "" on error). */
const char *msg_get_str(struct msg_in *m);
const void *msg_get_bytes(struct msg_in *m, size_t *len);
/* 0 if everything was read and nothing is left over, else -EPROTO. */
int msg_end(struct msg_in *m);

const char *msg_type_name(unsigned type);
/* The msg_sender bits allowed to send type; 0 for an unknown type. */
unsigned msg_senders(unsigned type);

#endif

/*
 * A reader of the protobuf wire format, enough for the replies of a
 * runtime's gRPC API: fields one at a time, varints, length-delimited
 * values (strings, bytes, nested messages) and skipping the rest. Any
 * fault (a truncated value, a varint past 10 bytes, a group, a wire type
 * that does not exist) is sticky in err.
 */
#ifndef LNR_PB_H
#define LNR_PB_H

#include <stddef.h>
#include <stdint.h>

enum pb_wire { PB_VARINT = 0, PB_I64 = 1, PB_LEN = 2, PB_I32 = 5 };

struct pb {
	const uint8_t *p, *end;
	int err;
};

static inline struct pb pb_of(const void *p, size_t len)
{
	const uint8_t *b = p;

	return (struct pb){b, b ? b + len : b, !b};
}

/* The next field's number and wire type; 0 at the end or on a fault. */
int pb_next(struct pb *b, uint32_t *field, enum pb_wire *wire);
/* The value of the field pb_next returned, by its wire type. */
uint64_t pb_varint(struct pb *b);
/* A length-delimited value: its bytes (in the buffer) and length. */
const uint8_t *pb_bytes(struct pb *b, size_t *len);
/* Skips the value of a field of this wire type. */
void pb_skip(struct pb *b, enum pb_wire wire);

#endif

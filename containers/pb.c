/*
 * The protobuf wire reader of pb.h.
 */
#include "pb.h"

uint64_t pb_varint(struct pb *b)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 70; shift += 7) {
		uint8_t c;

		if (b->err || b->p >= b->end)
			break;
		c = *b->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	b->err = 1;
	return 0;
}

int pb_next(struct pb *b, uint32_t *field, enum pb_wire *wire)
{
	uint64_t key;

	if (b->err || b->p >= b->end)
		return 0;
	key = pb_varint(b);
	*field = (uint32_t)(key >> 3);
	*wire = (enum pb_wire)(key & 7);
	if (b->err || key >> 3 == 0 || key >> 3 > 0x1fffffff ||
	    (*wire != PB_VARINT && *wire != PB_I64 && *wire != PB_LEN &&
	     *wire != PB_I32)) {
		b->err = 1;
		return 0;
	}
	return 1;
}

const uint8_t *pb_bytes(struct pb *b, size_t *len)
{
	uint64_t n = pb_varint(b);
	const uint8_t *p = b->p;

	*len = 0;
	if (b->err || n > (uint64_t)(b->end - b->p)) {
		b->err = 1;
		return NULL;
	}
	b->p += n;
	*len = (size_t)n;
	return p;
}

void pb_skip(struct pb *b, enum pb_wire wire)
{
	size_t n = wire == PB_I64 ? 8 : 4, len;

	switch (wire) {
	case PB_VARINT:
		pb_varint(b);
		return;
	case PB_LEN:
		pb_bytes(b, &len);
		return;
	case PB_I64:
	case PB_I32:
		if (n > (size_t)(b->end - b->p))
			b->err = 1;
		else
			b->p += n;
		return;
	}
	b->err = 1;
}

/*
 * The gRPC layer of grpc.h. A gRPC message is a 0 byte (not
 * compressed), a 4-byte big-endian length and the message.
 */
#include <string.h>

#include "grpc.h"
#include "h2.h"
#include "pb.h"

#define GRPC_PREFIX 5

/* One stream's DATA, joined; one parse runs at a time. */
static uint8_t data[INSPECT_REPLY_MAX];

int grpc_complete(struct h2_scan *scan, const uint8_t *reply, size_t len,
		  unsigned streams)
{
	const char *why;

	return h2_scan_complete(scan, reply, len, streams, &why) != 0;
}

int grpc_reply(struct inspect *in, const uint8_t *reply, size_t len,
	       unsigned streams, const uint8_t **msg, size_t *mlen)
{
	const char *why = "";
	uint32_t goaway, n32;

	if (len > INSPECT_REPLY_MAX)
		return inspect_fail(in, "a reply over %u bytes",
				    INSPECT_REPLY_MAX),
		       -1;
	if (h2_complete(reply, len, streams, &why) <= 0)
		return inspect_fail(in, "the reply ends early%s%s",
				    *why ? ": " : "", why),
		       -1;
	if ((goaway = h2_goaway_error(reply, len)) != 0)
		return inspect_fail(in,
				    "the runtime closed the connection "
				    "(HTTP/2 error %u)",
				    goaway),
		       -1;
	for (unsigned s = 0; s < streams; s++) {
		long n = h2_data(reply, len, 2 * s + 1, data, sizeof(data));

		if (n < 0)
			return inspect_fail(in, "malformed HTTP/2 frames"), -1;
		if (n == 0)
			continue; /* no answer on this stream */
		if (n < GRPC_PREFIX || data[0] != 0)
			return inspect_fail(in, "not an uncompressed gRPC "
						"message"),
			       -1;
		n32 = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 |
		      (uint32_t)data[3] << 8 | data[4];
		if (n32 != (uint64_t)n - GRPC_PREFIX)
			return inspect_fail(in,
					    "a gRPC message of %u bytes in "
					    "%ld",
					    n32, n),
			       -1;
		*msg = data + GRPC_PREFIX;
		*mlen = n32;
		return 1;
	}
	return 0;
}

const uint8_t *grpc_field(const uint8_t *msg, size_t len, uint32_t field,
			  size_t *n)
{
	struct pb b = pb_of(msg, len);
	const uint8_t *v = NULL;
	enum pb_wire w;
	uint32_t f;

	*n = 0;
	while (!v && pb_next(&b, &f, &w)) {
		if (f == field && w == PB_LEN)
			v = pb_bytes(&b, n);
		else
			pb_skip(&b, w);
	}
	return b.err ? NULL : v;
}

void grpc_k8s_label(struct inspect *in, const uint8_t *entry, size_t len)
{
	static const struct {
		enum ctrinfo_str str;
		const char *key;
	} wanted[] = {
	    {CTRINFO_POD_NAME, "io.kubernetes.pod.name"},
	    {CTRINFO_POD_NS, "io.kubernetes.pod.namespace"},
	    {CTRINFO_POD_UID, "io.kubernetes.pod.uid"},
	    {CTRINFO_SANDBOX, "io.kubernetes.sandbox.id"},
	};
	size_t klen, vlen;
	const uint8_t *key = grpc_field(entry, len, 1, &klen),
		      *val = grpc_field(entry, len, 2, &vlen);

	if (!key || !val)
		return;
	for (size_t i = 0; i < sizeof(wanted) / sizeof(*wanted); i++)
		if (strlen(wanted[i].key) == klen &&
		    memcmp(wanted[i].key, key, klen) == 0)
			in->info.str[wanted[i].str] =
			    inspect_keep(in, val, vlen);
}

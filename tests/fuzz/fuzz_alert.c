/*
 * Fuzzes what an output worker does with an MSG_ALERT body the broker
 * relays from the engine: decode it, then format it as Falco's text line
 * and as JSON. Either line must end in its only newline, fit the buffer,
 * and be valid UTF-8 without a raw control character.
 *
 * Input: options (1: bit 0 ISO 8601 time, bit 1 output property, bit 2
 * tags, bits 3-4 the buffer size), then the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alert.h"
#include "common/msg.h"
#include "outputs/format.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_line(const struct format_opts *o, const struct alert *a,
		       size_t cap)
{
	char *buf = malloc(cap);
	size_t n;

	if (!buf)
		abort();
	n = format_alert(o, a, buf, cap);
	if (n == 0 || n > cap || buf[n - 1] != '\n' ||
	    !utf8_is_safe(buf, n - 1))
		abort();
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[] = {64, 512, 4096, 1u << 20};
	struct format_opts o = {0};
	struct msg_hdr h = {.type = MSG_ALERT, .version = MSG_VERSION};
	struct alert a;
	struct msg_in m;
	const char *why;
	uint8_t *msg;
	size_t cap;

	if (size < 1 || size - 1 > MSG_MAX_SIZE - sizeof(h))
		return 0;
	o.iso8601 = data[0] & 1;
	o.json_output = !!(data[0] & 2);
	o.json_tags = !!(data[0] & 4);
	o.json_fields = !(data[0] & 32);
	o.json_message = !!(data[0] & 64);
	cap = caps[(data[0] >> 3) & 3];
	h.len = (uint32_t)(sizeof(h) + size - 1);
	msg = malloc(h.len);
	if (!msg)
		abort();
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), data + 1, size - 1);
	if (msg_open(&m, msg, h.len, &why) == 0 && alert_decode(&m, &a) == 0) {
		check_line(&o, &a, cap);
		o.json = 1;
		check_line(&o, &a, cap);
	}
	free(msg);
	return 0;
}

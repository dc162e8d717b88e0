/*
 * Fuzzes the privsep message codec and the alert body, which the broker
 * reads from less privileged processes.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/alert.h"
#include "common/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msg_in m;
	struct alert a;
	const char *why;

	if (msg_open(&m, data, size, &why) != 0)
		return 0;
	if (m.hdr.type == MSG_ALERT) {
		if (alert_decode(&m, &a) == 0) {
			(void)strlen(a.rule);
			for (uint32_t i = 0; i < a.nfields; i++)
				(void)strlen(a.fields[i].value);
		}
		return 0;
	}
	/* Read as a string-then-number message, the commonest shape. */
	(void)strlen(msg_get_str(&m));
	(void)msg_get_u32(&m);
	(void)msg_end(&m);
	return 0;
}

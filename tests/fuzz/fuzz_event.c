/*
 * Fuzzes the event-record decoder, which reads bytes written by another
 * process (ring) or found in a file (capture files), and the socket
 * address parser it checks SOCKADDR and SOCKTUPLE parameters with.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lnr_evt evt;
	struct lnr_netaddr na;
	const char *why;
	uint64_t u;

	if (lnr_evt_decode(data, size, &evt, &why) != 0)
		return 0;
	for (unsigned i = 0; i < evt.nparams; i++) {
		const char *s = lnr_evt_get_str(&evt, i);

		if (s)
			(void)strlen(s);
		(void)lnr_evt_get_u64(&evt, i, &u);
		if (lnr_evt_get_netaddr(&evt, i, &na) == 0 && na.path)
			(void)strlen(na.path);
	}
	return 0;
}

/*
 * The output worker's conversation with the broker: HELLO and the
 * configuration at start, then alerts in and acknowledgements out.
 */
#ifndef LNR_WORKER_H
#define LNR_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "alert.h"
#include "channel.h"
#include "conf.h"
#include "format.h"

struct worker {
	const char *url;
	const struct channel *ch;
	int sock;
	struct conf conf;
	struct format_opts fmt;
	char *line;
	size_t line_cap;
	uint64_t delivered;
};

/* Connects, says HELLO and reads the configuration; fatal on failure. */
void worker_connect(struct worker *w);
/* Until MSG_SHUTDOWN (returns 0) or a failure (returns -errno). */
int worker_loop(struct worker *w);

#endif

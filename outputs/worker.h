/*
 * The output worker's conversation with the broker once configured:
 * alerts in, acknowledgements out, reopen and shutdown. worker_child is
 * its entry in the child library: name, user and handler table.
 */
#ifndef LNR_WORKER_H
#define LNR_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "child.h"
#include "format.h"

struct worker {
	struct child_proc child; /* arguments, broker channel, configuration */
	const struct channel *ch;
	struct format_opts fmt;
	char *line;
	size_t line_cap;
	uint64_t delivered;
	uint64_t delivered_seq; /* the last alert delivered */
	unsigned unacked;	/* alerts delivered since the last ACK */
};

extern const struct child_def worker_child;

/* Handles the broker's messages until MSG_SHUTDOWN (0, everything
 * delivered acknowledged) or a failure (-errno). */
int worker_run(struct worker *w);

#endif

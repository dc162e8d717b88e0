/*
 * The bottom of the broker: building a message in the broker's one
 * buffer and sending it to a child. Everything above sends through here;
 * this file calls nothing above it.
 */
#include <errno.h>
#include <string.h>

#include "broker.h"
#include "ipc.h"
#include "log.h"

void chan_begin(struct broker *b, struct msg_out *m, enum msg_type type,
		uint64_t seq)
{
	msg_begin(m, b->out, MSG_MAX_SIZE, type, seq);
}

int chan_relay(struct child *to, enum msg_type type, const void *body,
	       size_t len)
{
	struct msg_out out;

	if (!to)
		return 0;
	chan_begin(to->b, &out, type, 0);
	msg_add_raw(&out, body, len);
	return chan_send(to, &out, 1);
}

struct child *chan_peer(struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == role && b->children[i].pid &&
		    b->children[i].hello)
			return &b->children[i];
	return NULL;
}

int chan_send(struct child *c, struct msg_out *m, int nonblock)
{
	int r = msg_finish(m);

	if (r >= 0)
		r = ipc_send(c->sock, m, nonblock);
	if (r < 0 && r != -EAGAIN)
		log_warn("cannot send to %s: %s", c->def->binary, strerror(-r));
	return r;
}

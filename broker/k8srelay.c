/*
 * The second event source's path through the broker: lanner-k8saudit
 * sends batches of audit events, the broker passes each batch to the
 * engine as the same opaque bytes. It never reads them: the JSON is
 * untrusted and the broker is privileged.
 */
#include <errno.h>

#include "broker.h"
#include "log.h"

static struct child *engine_of(struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_ENGINE &&
		    b->children[i].pid && b->children[i].hello)
			return &b->children[i];
	return NULL;
}

void k8srelay_events(struct broker *b, const void *events, size_t len)
{
	struct child *e = engine_of(b);
	struct msg_out m;

	b->k8s_batches++;
	if (e) {
		chan_begin(b, &m, MSG_K8S_EVENTS, 0);
		msg_add_bytes(&m, events, len);
		/* Never wait on the engine: a slow one loses audit batches,
		 * counted, rather than stalling every other child. */
		if (chan_send(e, &m, 1) == 0)
			return;
	}
	if (b->k8s_dropped++ == 0 || b->k8s_dropped % 1000 == 0)
		log_warn("audit event batches dropped, the engine %s: %llu",
			 e ? "is busy" : "is not running",
			 (unsigned long long)b->k8s_dropped);
}

/*
 * The second event source's path through the broker: lanner-k8saudit
 * sends batches of audit events, the broker passes each batch to the
 * engine as the same opaque bytes. It never reads them: the JSON is
 * untrusted and the broker is privileged.
 */
#include <errno.h>
#include <nanomsg/nn.h>

#include "broker.h"
#include "log.h"

/* The longest the broker waits for the engine to take a batch: a large
 * message needs the previous one written first, but a stuck engine must
 * not stall every other child for long. */
#define K8SRELAY_WAIT_MS 250

static struct child *engine_of(struct broker *b)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == ROLE_ENGINE &&
		    b->children[i].pid && b->children[i].hello)
			return &b->children[i];
	return NULL;
}

/* Sends m to e waiting at most K8SRELAY_WAIT_MS. 0 or -errno. */
static int send_briefly(struct child *e, struct msg_out *m)
{
	int wait = K8SRELAY_WAIT_MS, old;
	size_t len = sizeof(old);
	int r;

	if (nn_getsockopt(e->sock, NN_SOL_SOCKET, NN_SNDTIMEO, &old, &len) <
		0 ||
	    nn_setsockopt(e->sock, NN_SOL_SOCKET, NN_SNDTIMEO, &wait,
			  sizeof(wait)) < 0)
		return chan_send(e, m, 1);
	r = chan_send(e, m, 0);
	(void)nn_setsockopt(e->sock, NN_SOL_SOCKET, NN_SNDTIMEO, &old,
			    sizeof(old));
	return r;
}

void k8srelay_events(struct broker *b, const void *events, size_t len)
{
	struct child *e = engine_of(b);
	struct msg_out m;

	b->k8s_batches++;
	if (e) {
		chan_begin(b, &m, MSG_K8S_EVENTS, 0);
		msg_add_bytes(&m, events, len);
		if (send_briefly(e, &m) == 0)
			return;
	}
	if (b->k8s_dropped++ == 0 || b->k8s_dropped % 1000 == 0)
		log_warn("audit event batches dropped, the engine %s: %llu",
			 e ? "is busy" : "is not running",
			 (unsigned long long)b->k8s_dropped);
}

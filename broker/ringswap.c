/*
 * A fresh event ring for every new engine. The engine writes the ring's
 * read index, so a compromised engine that dies could leave an index that
 * makes every later engine fail; and a new engine knows nothing of the
 * processes that already run. So when the engine exits, capture is stopped
 * too, and the pair starts again on a new ring: capture re-attaches the
 * probe and snapshots /proc again for the new engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "log.h"
#include "ring.h"

static struct child *child_of_role(struct broker *b, enum proc_role role)
{
	for (size_t i = 0; i < b->nchildren; i++)
		if (b->children[i].def->role == role)
			return &b->children[i];
	return NULL;
}

void ringswap_request(struct broker *b, const char *why)
{
	struct child *cap = child_of_role(b, ROLE_CAPTURE);
	struct msg_out m;

	b->ring_stale = 1;
	b->ring_swaps++;
	if (!cap || !cap->pid)
		return;
	log_info("stopping %s[%d]: %s; the next engine gets a fresh ring",
		 cap->def->binary, (int)cap->pid, why);
	chan_begin(b, &m, MSG_SHUTDOWN, 0);
	if (!cap->hello || chan_send(cap, &m, 1) < 0)
		kill(cap->pid, SIGTERM);
}

/* Both users of the ring are gone: replace it. */
static int renew(struct broker *b)
{
	int fd = ring_create(RING_DEFAULT_SIZE);

	if (fd < 0)
		return fd;
	if (dup3(fd, b->ring_fd, O_CLOEXEC) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	b->ring_stale = 0;
	log_info("new event ring for the restarted engine");
	return 0;
}

/* Capture reports read indices it could not believe: the engine is
 * restarted, and with it the ring. */
void ringswap_note_faults(struct broker *b, uint64_t faults)
{
	struct child *eng = child_of_role(b, ROLE_ENGINE);

	if (faults <= b->ring_faults) {
		b->ring_faults = faults;
		return;
	}
	b->ring_faults = faults;
	if (eng && eng->pid)
		child_kill(eng, "it wrote an impossible ring read index");
}

int ringswap_may_start(struct child *c)
{
	struct broker *b = c->b;
	struct child *cap, *eng;
	int r;

	if (!c->def->needs_ring || !b->ring_stale)
		return 1;
	cap = child_of_role(b, ROLE_CAPTURE);
	eng = child_of_role(b, ROLE_ENGINE);
	if ((cap && cap->pid) || (eng && eng->pid))
		return 0;
	r = renew(b);
	if (r < 0) {
		log_err("cannot make a new event ring: %s", strerror(-r));
		return 0;
	}
	return 1;
}

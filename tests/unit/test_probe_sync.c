#include <fcntl.h>
#include <unistd.h>

#include "check.h"
#include "test_probe_sync.h"

void probe_sync(struct probe_ctx *p, const char *name, int *seen)
{
	*seen = 0;
	close(open(name, O_RDONLY | O_CREAT, 0600));
	for (int waited = 0; !*seen && waited < PROBE_SYNC_WAIT_MS;
	     waited += 10)
		probe_poll(p, 10);
	CHECK(*seen);
	unlink(name);
}

/*
 * lanner-replay: the capture files of lanner -e, through the same ring
 * and engine as live events. The broker opens the files and passes the
 * descriptors (--file-fd, in order) and their names (the
 * replay.capture_file items); this process parses the untrusted bytes
 * only after it has dropped privileges and entered its sandbox, where it
 * can read its descriptors, write the ring and talk to the broker. It
 * feeds the records as fast as the engine takes them, losing none, waits
 * until the engine has read the last one, reports replay_done in its
 * stats and waits to be told to stop.
 */
#include <errno.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "conf_keys.h"
#include "ipc.h"
#include "log.h"
#include "privdrop.h"
#include "pump.h"
#include "ring.h"
#include "source_file.h"

#define STATS_EVERY_NS 1000000000ll
#define DRAIN_WAIT_NS 1000000l /* between looks at the engine's index */

/* Every child's runtime (read is in it), and child_report's calls. No
 * open: the files are descriptors the broker opened. */
static const struct sc_rule replay_allow[] = {
    SC_ALLOW(getuid),
    SC_ALLOW_ARG(prctl, 0, PR_GET_SECCOMP),
};

/* The engine's choice of event types filters a live probe; a capture
 * file holds what was recorded, and all of it is replayed. */
static int on_evt_set(void *self, struct msg_in *m)
{
	(void)self;
	/* Recorded events are all replayed: the kernel filter is moot. */
	(void)msg_get_bytes(m, &(size_t){0});
	(void)msg_get_bytes(m, &(size_t){0});
	(void)msg_get_bytes(m, &(size_t){0});
	return msg_end(m) < 0 ? -EPROTO : 0;
}

static const struct child_handler replay_handlers[] = {
    {MSG_SHUTDOWN, child_on_shutdown},
    {MSG_EVT_SET, on_evt_set},
};

static const struct child_def replay_child = {
    .name = "lanner-replay",
    .user = LNR_USER_CAPTURE,
    .ring = 1,
    .files = 1,
    .handlers = replay_handlers,
    .nhandlers = sizeof(replay_handlers) / sizeof(*replay_handlers),
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The files' names, the replay.capture_file items in order. */
static void add_files(struct child_proc *c, struct event_source *src)
{
	const char *key = conf_keys[CONF_REPLAY_CAPTURE_FILE].key;
	size_t klen = strlen(key);
	int n = 0;

	for (size_t i = 0; i < c->conf.n && n < c->nfile_fds; i++)
		if (strncmp(c->conf.items[i].key, key, klen) == 0 &&
		    c->conf.items[i].value[0] &&
		    source_file_add(src, c->file_fds[n++],
				    c->conf.items[i].value) < 0)
			fatal("out of memory");
	if (n != c->nfile_fds || n == 0)
		fatal("%d descriptors for %d file names", c->nfile_fds, n);
}

static void send_stats(struct child_proc *c, struct event_source *src,
		       const struct pump *p, int done)
{
	static uint8_t buf[1024];
	struct source_file_stats fst;
	struct msg_out m;
	char text[512];

	source_file_stats(src, &fst);
	snprintf(text, sizeof(text),
		 "records=%llu\nbad_records=%llu\nring_drops=%llu\n"
		 "files=%llu\nfiles_refused=%llu\nblocks=%llu\n"
		 "corrupt_blocks=%llu\nskipped_bytes=%llu\n"
		 "truncated_files=%llu\nreplay_done=%d\n",
		 (unsigned long long)p->records, (unsigned long long)p->bad,
		 (unsigned long long)p->ring_drops,
		 (unsigned long long)fst.files,
		 (unsigned long long)fst.files_refused,
		 (unsigned long long)fst.blocks,
		 (unsigned long long)fst.corrupt_blocks,
		 (unsigned long long)fst.skipped_bytes,
		 (unsigned long long)fst.truncated_files, done);
	if (!done) {
		if (child_send_stats(c, text) < 0)
			log_debug("stats not sent: the broker is busy");
		return;
	}
	/* The last report must arrive: it ends the replay. */
	msg_begin(&m, buf, sizeof(buf), MSG_STATS, 0);
	msg_add_str(&m, text);
	if (child_send(c, &m, 0) < 0)
		fatal("cannot report the end of the replay");
}

/* Feeds every record; 1 when the broker said stop first. */
static int feed(struct child_proc *c, struct event_source *src, struct pump *p)
{
	int64_t next_stats = now_ns() + STATS_EVERY_NS;

	while (!child_stopping) {
		int n = src->next(src);

		pump_flush(p);
		if (n == -ENODATA)
			return 0;
		if (child_dispatch(c) != 0)
			return 1;
		if (now_ns() >= next_stats) {
			send_stats(c, src, p, 0);
			next_stats = now_ns() + STATS_EVERY_NS;
		}
	}
	return 1;
}

/* Until the engine has taken every record from the ring. */
static int wait_drained(struct child_proc *c, struct ring *ring)
{
	static const struct timespec pause = {0, DRAIN_WAIT_NS};

	while (ring_used(ring) > 0 && !child_stopping) {
		if (child_dispatch(c) != 0)
			return 1;
		nanosleep(&pause, NULL);
	}
	return child_stopping != 0;
}

int main(int argc, char **argv)
{
	static struct child_proc child;
	struct event_source src = source_file;
	struct ring ring;
	struct pump pump;
	int err, stopped;

	child_start(&child, &replay_child, NULL, argc, argv);
	child_signals();
	if ((err = ring_map(&ring, child.ring_fd, RING_PRODUCER)) < 0)
		fatal("cannot map the ring: %s", strerror(-err));
	child_connect(&child);
	child_config(&child);
	add_files(&child, &src);
	pump_init(&pump, &ring, child.wake_fd);
	pump.lossless_until = &child_stopping;
	if ((err = src.open(&src, NULL, pump_record, &pump)) < 0)
		fatal("cannot start the replay: %s", strerror(-err));
	child_drop_privileges(&child);
	child_sandbox_enter(replay_allow,
			    sizeof(replay_allow) / sizeof(*replay_allow));
	child_report("replaying");

	stopped = feed(&child, &src, &pump) || wait_drained(&child, &ring);
	if (!stopped) {
		send_stats(&child, &src, &pump, 1);
		child_run(&child);
	}
	src.close(&src);
	ipc_close(child.sock);
	ring_unmap(&ring);
	return 0;
}

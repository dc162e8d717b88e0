/*
 * Capture files around alerts, see clip.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "broker.h"
#include "capfile.h"
#include "clip.h"
#include "conf_keys.h"
#include "fdpass.h"
#include "log.h"

#define MS 1000000ull
#define SLACK_NS (2000 * MS)  /* a window counts as active this long after */
#define FRESH_NS (60000 * MS) /* how old an alert may be to get a file */

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void clip_setup(struct broker *b)
{
	const char *prefix = conf_str(&b->conf, CONF_CAPTURE_PATH_PREFIX);
	const char *mode = conf_str(&b->conf, CONF_CAPTURE_MODE);
	char dir[PATH_MAX];
	struct stat st;
	int sv[2];

	if (strcmp(mode, "rules") != 0 && strcmp(mode, "all_rules") != 0)
		fatal("capture.mode %s: expected rules or all_rules", mode);
	if (!conf_bool(&b->conf, CONF_CAPTURE_ENABLED))
		return;
	snprintf(dir, sizeof(dir), "%s", prefix);
	if (stat(dirname(dir), &st) < 0 || !S_ISDIR(st.st_mode))
		fatal("capture.path_prefix %s: its folder is not there",
		      prefix);
	if (!(b->clip = calloc(1, sizeof(*b->clip))) ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		fatal("cannot set up capture files: %m");
	if (b->nfile_fds == BROKER_MAX_FILES)
		fatal("too many descriptors for capture");
	b->clip->sock = sv[0];
	b->clip->pre_ns =
	    (uint64_t)conf_long(&b->conf, CONF_CAPTURE_DEFAULT_DURATION) * MS;
	b->file_fds[b->nfile_fds] = sv[1];
	b->file_names[b->nfile_fds++] = NULL;
	log_info("capture files around alerts: %s_*.lcap", prefix);
}

/* A free slot, or -1 when CLIP_ACTIVE_MAX files are being written. */
static int free_slot(struct clip *k)
{
	uint64_t now = wall_ns();

	for (int i = 0; i < CLIP_ACTIVE_MAX; i++)
		if (k->until[i] + SLACK_NS < now)
			return i;
	return -1;
}

/* Creates the file with its header; the descriptor, or -errno. */
static int create(struct broker *b, const char *name)
{
	int fd = open(
	    name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct capfile_writer w;
	struct capfile_meta m;
	int err;

	if (fd < 0)
		return -errno;
	capfile_meta_local(&m);
	err = capfile_writer_open(&w, fd, &m, &b->conf);
	if (capfile_writer_close(&w) < 0 || err < 0) {
		close(fd);
		unlink(name);
		return err ? err : w.err;
	}
	return fd;
}

static void refuse(struct clip *k, const char *name, const char *why)
{
	k->refused++;
	log_warn("no capture file %s: %s", name, why);
}

int clip_request(struct child *c, struct msg_in *m)
{
	struct broker *b = c->b;
	struct clip *k = b->clip;
	uint64_t ts = msg_get_u64(m);
	uint32_t after_ms = msg_get_u32(m);
	const char *name = msg_get_str(m);
	char want[PATH_MAX];
	struct capfile_clip job;
	int slot, fd, err;

	if (msg_end(m) < 0)
		return -EPROTO;
	if (!k)
		return -EPROTO; /* capture.enabled is off: it should not ask */
	/* The engine is not trusted with a path: it must be ours. */
	if (capfile_alert_name(want, sizeof(want),
			       conf_str(&b->conf, CONF_CAPTURE_PATH_PREFIX),
			       ts) < 0 ||
	    strcmp(want, name) != 0 || after_ms > 600000)
		return -EPROTO;
	/* Live alerts are recent; a slot stays taken at least SLACK_NS, so
	 * a hostile engine gets at most CLIP_ACTIVE_MAX files a while. */
	if (ts + FRESH_NS < wall_ns() || ts > wall_ns() + FRESH_NS) {
		refuse(k, name, "the alert is not recent");
		return 0;
	}
	if ((slot = free_slot(k)) < 0) {
		refuse(k, name, "too many being written");
		return 0;
	}
	if ((fd = create(b, name)) < 0) {
		refuse(k, name, strerror(-fd));
		return 0;
	}
	job.from_ns = ts > k->pre_ns ? ts - k->pre_ns : 0;
	job.until_ns = ts + after_ms * MS;
	err = fdpass_send(k->sock, &job, sizeof(job), fd);
	close(fd);
	if (err < 0) {
		unlink(name);
		refuse(k, name, strerror(-err));
		return 0;
	}
	k->until[slot] = job.until_ns > wall_ns() ? job.until_ns : wall_ns();
	k->made++;
	log_info("capture file %s: %u ms before and %u after the alert", name,
		 (unsigned)(k->pre_ns / MS), after_ms);
	return 0;
}

/*
 * lanner-capture: the privileged process that owns the eBPF probe. It
 * maps the shared ring, greets the broker, loads the probe, snapshots
 * /proc, gives up its privileges, seals itself in its sandbox (limits,
 * no_new_privs, seccomp) and then only copies kernel records into the
 * ring until told to stop.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "allow.h"
#include "child.h"
#include "conf_keys.h"
#include "event.h"
#include "ipc.h"
#include "log.h"
#include "openfilter.h"
#include "procfilter.h"
#include "privdrop.h"
#include "proc_snapshot.h"
#include "timeconv.h"
#include "pump.h"
#include "recorder.h"
#include "ring.h"
#include "source.h"

#define DRAIN_MS 5			/* records wait at most this long */
#define SNAPSHOT_WAIT_NS 10000000000ull /* for the engine to read the ring */

/* --capture and capture files around alerts: the broker opened the
 * files and passed the descriptors; records are written as they go
 * into the ring. */
static struct recorder recorder;

/* capture keeps no files open: there is nothing to reopen. */
static int on_reopen(void *self, struct msg_in *m)
{
	(void)self;
	return msg_end(m);
}

/* The engine's choice of event types, relayed by the broker: the probe's
 * kernel filter follows it; types it does not name stay as they are. */
/* The opens to record; a filter that does not parse records them all. */
static void set_open_filter(struct event_source *src, const uint8_t *blob,
			    size_t len)
{
	struct openfilter f;
	const char *why = NULL;
	int r;

	openfilter_init(&f);
	if (openfilter_decode(&f, blob, len, &why) < 0) {
		log_warn("open filter refused (%s): every open is recorded",
			 why);
		f.all = true;
	}
	r = source_probe_set_openfilter(src, &f);
	if (r < 0)
		log_warn("cannot set the open filter (every open is "
			 "recorded): %s",
			 strerror(-r));
	else
		log_info("the probe records %s",
			 f.all ? "every open"
			       : "the opens the rules can match");
	openfilter_free(&f);
}

/* The process filter: off until it is set. */
static void set_proc_filter(struct event_source *src, const uint8_t *set,
			    const uint8_t *names)
{
	size_t n = 0;
	int r;

	for (int t = 1; t < LNR_EVT_COUNT; t++)
		n += (set[t] & PROCFILTER_EVT) != 0;
	r = source_probe_set_procfilter(src, set, names);
	if (r < 0)
		log_warn("cannot set the process filter (every process is "
			 "recorded): %s",
			 strerror(-r));
	else if (n)
		log_info("the process filter covers %zu event types", n);
}

static int on_evt_set(void *self, struct msg_in *m)
{
	struct event_source *src = self;
	const uint8_t *set, *blob, *names;
	size_t len, blen, nlen, on = 0, off = 0;

	set = msg_get_bytes(m, &len);
	blob = msg_get_bytes(m, &blen);
	names = msg_get_bytes(m, &nlen);
	if (msg_end(m) < 0 || len != LNR_EVT_COUNT || nlen != PROCFILTER_BYTES)
		return -EPROTO;
	set_open_filter(src, blob, blen);
	set_proc_filter(src, set, names);
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		int v = set[t] & ~PROCFILTER_EVT,
		    r = source_probe_set_event(src, t, v > 2 ? 1 : v);

		if (r == -EINVAL) /* not a probe event */
			continue;
		if (r < 0)
			log_warn("cannot set %s in the probe's filter: %s",
				 lnr_events[t].name, strerror(-r));
		else if (set[t])
			on++;
		else
			off++;
	}
	log_info("the probe emits %zu event types, %zu filtered out", on, off);
	return 0;
}

/* Around an engine restart (broker/reseed.c). */
static int on_names_trust(void *self, struct msg_in *m)
{
	uint64_t after = msg_get_u64(m);
	int r;

	if (msg_end(m) < 0)
		return -EPROTO;
	r = source_probe_trust_names(self, after);
	if (r < 0)
		log_warn("cannot set the process filter's trust: %s",
			 strerror(-r));
	return 0;
}

static const struct child_handler capture_handlers[] = {
    {MSG_SHUTDOWN, child_on_shutdown},
    {MSG_REOPEN, on_reopen},
    {MSG_EVT_SET, on_evt_set},
    {MSG_NAMES_TRUST, on_names_trust},
};

static const struct child_def capture_child = {
    .name = "lanner-capture",
    .user = LNR_USER_CAPTURE,
    .ring = 1,
    .files = 1, /* --capture: the file to record into */
    /* With tracepoint hooks, each syscall event keeps a program, a
     * perf event and a link open (capture/probe_tphooks.c). */
    .nofile = 1024,
    .handlers = capture_handlers,
    .nhandlers = sizeof(capture_handlers) / sizeof(*capture_handlers),
};

/* Kernels without memcg accounting of BPF memory charge it here. */
static void raise_memlock(void)
{
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};

	if (setrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		log_debug("RLIMIT_MEMLOCK stays: %s", strerror(errno));
}

/* What the snapshot read the process filter cannot know: processes
 * first named before its end keep every record. */
static void snapshot(struct event_source *src, struct pump *p)
{
	struct proc_snapshot_stats st;
	int convert = p->convert, err;

	p->convert = 0; /* snapshot records are in epoch time already */
	/* A large host's snapshot can fill the ring before the engine reads:
	 * wait for it, but not for an engine that never comes. */
	p->wait_until_ns = ratelog_now() + SNAPSHOT_WAIT_NS;
	recorder.kind = CAPFILE_SNAPSHOT;
	if (proc_snapshot("/proc", pump_record, p, &st) < 0)
		fatal("cannot read /proc: %s", strerror(errno));
	pump_flush(p);
	if ((err = source_probe_trust_names(src, timeconv_boot_ns())) < 0)
		log_warn("the process filter stays off: %s", strerror(-err));
	p->wait_until_ns = 0;
	p->convert = convert;
	recorder.kind = CAPFILE_EVENTS;
	log_info("snapshot: %llu threads, %llu files, %llu vanished",
		 (unsigned long long)st.threads, (unsigned long long)st.fds,
		 (unsigned long long)st.failed);
}

static void record_start(struct child_proc *c, struct pump *p)
{
	int err = recorder_init(&recorder, c->file_fds, c->nfile_fds);

	if (err < 0)
		fatal("cannot record: %s", strerror(-err));
	if (!recorder_active(&recorder))
		return;
	p->tap = recorder_record;
	p->tap_arg = &recorder;
}

static uint64_t epoch_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t ms_since(uint64_t t0)
{
	return (ratelog_now() - t0) / 1000000;
}

static void send_stats(struct child_proc *c, struct event_source *src,
		       struct pump *p)
{
	struct source_stats st = {0};
	char text[512];

	src->stats(src, &st);
	recorder_tick(&recorder, epoch_ns());
	pump_note_drops(p, st.kernel_drops, st.kernel_buffer_drops,
			ratelog_now());
	pump_flush(p);
	snprintf(text, sizeof(text),
		 "records=%llu\nkernel_drops=%llu\nring_drops=%llu\n"
		 "bad_records=%llu\nring_consumer_faults=%llu\n",
		 (unsigned long long)p->records,
		 (unsigned long long)st.kernel_drops,
		 (unsigned long long)p->ring_drops, (unsigned long long)p->bad,
		 (unsigned long long)p->consumer_faults);
	if (child_send_stats(c, text) < 0)
		log_debug("stats not sent: the broker is busy");
}

static int watch(int ep, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return fd < 0 ? 0 : epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* The loop's epoll set, made before the sandbox forbids it. */
static int watch_setup(struct event_source *src, struct child_proc *c)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0 || watch(ep, src->fd(src)) < 0 ||
	    watch(ep, ipc_recv_fd(c->sock)) < 0 || watch(ep, recorder.sock) < 0)
		fatal("epoll: %s", strerror(errno));
	return ep;
}

/* While the ring is full the source keeps its records and its fd stays
 * readable: it leaves the epoll set, and the timer alone retries. */
static void watch_source(int ep, int fd, int on)
{
	struct epoll_event ev = {.events = on ? EPOLLIN : 0, .data.fd = fd};

	if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0)
		fatal("epoll: %s", strerror(errno));
}

/* Drains the source on a short timer or when it signals, until stopped. */
static int run(int ep, struct event_source *src, struct pump *p,
	       struct child_proc *c)
{
	uint64_t next_stats = ratelog_now() + CHILD_STATS_EVERY_NS;
	int r = 0, paused = 0;

	p->decline_when_full = 1;
	while (!child_stopping && r == 0) {
		struct epoll_event ev[4];

		if (epoll_wait(ep, ev, 4, DRAIN_MS) < 0 && errno != EINTR)
			fatal("epoll_wait: %s", strerror(errno));
		p->full = 0;
		if (src->next(src) < 0)
			log_warn("reading the probe failed");
		if (p->full != paused)
			watch_source(ep, src->fd(src), !(paused = p->full));
		pump_flush(p);
		recorder_receive(&recorder);
		r = child_dispatch(c);
		if (ratelog_now() >= next_stats) {
			send_stats(c, src, p);
			next_stats = ratelog_now() + CHILD_STATS_EVERY_NS;
		}
	}
	/* Stopping: what the probe still holds goes to the engine too. */
	if (r >= 0 && src->next(src) >= 0)
		pump_flush(p);
	close(ep);
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct child_proc child;
	static struct event_source src;
	struct ring ring;
	struct pump pump;
	uint64_t t0, t1;
	int ep, err, rc;

	src = source_probe;
	child_start(&child, &capture_child, &src, argc, argv);
	child_signals();
	if ((err = ring_map(&ring, child.ring_fd, RING_PRODUCER)) < 0)
		fatal("cannot map the ring: %s", strerror(-err));
	child_connect(&child);
	child_config(&child);
	raise_memlock();
	pump_init(&pump, &ring, child.wake_fd);
	record_start(&child, &pump);
	src.buffer_bytes =
	    conf_buf_preset_bytes(conf_long(&child.conf, CONF_BUF_SIZE_PRESET));
	src.hooks = conf_parse_hooks(conf_str(&child.conf, CONF_SYSCALL_HOOKS));
	t0 = ratelog_now();
	if ((err = src.open(&src, NULL, pump_record, &pump)) < 0)
		fatal("cannot load the probe: %s", strerror(-err));
	t1 = ratelog_now();
	pump.convert = src.boot_time;
	snapshot(&src, &pump);
	ep = watch_setup(&src, &child);
	/* What loading took (the kernel's BTF, the probe's ELF) goes back. */
	malloc_trim(0);
	child_drop_privileges(&child);
	child_sandbox_enter(capture_allow, capture_allow_len);
	log_info("capturing (probe loaded in %lld ms, /proc read in %lld ms)",
		 (long long)((t1 - t0) / 1000000), (long long)ms_since(t1));
	if (child_send_ready(&child) < 0)
		fatal("cannot tell the broker capture is ready");

	rc = run(ep, &src, &pump, &child);

	src.close(&src);
	recorder_close(&recorder);
	ipc_close(child.sock);
	ring_unmap(&ring);
	log_info("stopped");
	return rc;
}

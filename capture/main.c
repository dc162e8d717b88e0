/*
 * lanner-capture: the privileged process that owns the eBPF probe. It
 * maps the shared ring, greets the broker, loads the probe, snapshots
 * /proc, gives up its privileges, seals itself with seccomp and then only
 * copies kernel records into the ring until told to stop.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "allow.h"
#include "ctl.h"
#include "ipc.h"
#include "log.h"
#include "privdrop.h"
#include "proc_snapshot.h"
#include "pump.h"
#include "ring.h"
#include "sandbox.h"
#include "source.h"

#define DRAIN_MS 5 /* records wait at most this long */
#define STATS_EVERY_NS 1000000000ll

struct args {
	int ring_fd;
	int wake_fd;
	const char *ctl;
	enum log_level level;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	stop_requested = sig;
}

static void usage(void)
{
	fprintf(stderr, "usage: lanner-capture --ring-fd N --wake-fd N "
			"--ctl URL [--log-level LEVEL]\n");
	exit(2);
}

static int parse_fd(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 && v < INT_MAX ? (int)v : -1;
}

static void parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"ring-fd", required_argument, NULL, 'r'},
	    {"wake-fd", required_argument, NULL, 'w'},
	    {"ctl", required_argument, NULL, 'c'},
	    {"log-level", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	*a = (struct args){.ring_fd = -1, .wake_fd = -1, .level = LOG_LVL_INFO};
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a->ring_fd = parse_fd(optarg);
			break;
		case 'w':
			a->wake_fd = parse_fd(optarg);
			break;
		case 'c':
			a->ctl = optarg;
			break;
		case 'l':
			if (log_level_parse(optarg, &a->level) < 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (a->ring_fd < 0 || a->wake_fd < 0 || !a->ctl || optind != argc)
		usage();
}

static void setup_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Kernels without memcg accounting of BPF memory charge it here. */
static void bump_memlock(void)
{
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};

	if (setrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		log_debug("RLIMIT_MEMLOCK stays: %s", strerror(errno));
}

static void snapshot(struct pump *p)
{
	struct proc_snapshot_stats st;
	int convert = p->convert;

	p->convert = 0; /* snapshot records are in epoch time already */
	if (proc_snapshot("/proc", pump_record, p, &st) < 0)
		fatal("cannot read /proc: %s", strerror(errno));
	pump_flush(p);
	p->convert = convert;
	log_info("snapshot: %llu threads, %llu files, %llu vanished",
		 (unsigned long long)st.threads, (unsigned long long)st.fds,
		 (unsigned long long)st.failed);
}

/*
 * Once the probe is attached and /proc read, nothing capture does needs
 * a capability: the ring buffer is mapped, map updates and lookups go
 * through descriptors it already holds. So it keeps none and leaves
 * uid 0 for its own user.
 */
static void drop_privileges(void)
{
	uid_t uid;
	gid_t gid;

	if (privdrop_lookup(LNR_USER_CAPTURE, &uid, &gid) < 0)
		fatal("no user %s to run as", LNR_USER_CAPTURE);
	if (privdrop_keep(uid, gid, NULL, 0) < 0)
		fatal("cannot become %s", LNR_USER_CAPTURE);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void send_stats(int ctl, struct event_source *src, struct pump *p)
{
	struct source_stats st = {0};
	char text[512];

	src->stats(src, &st);
	pump_note_drops(p, st.kernel_drops, st.kernel_buffer_drops,
			(uint64_t)now_ns());
	pump_flush(p);
	snprintf(text, sizeof(text),
		 "records=%llu\nkernel_drops=%llu\nring_drops=%llu\n"
		 "bad_records=%llu\nring_consumer_faults=%llu\n",
		 (unsigned long long)p->records,
		 (unsigned long long)st.kernel_drops,
		 (unsigned long long)p->ring_drops, (unsigned long long)p->bad,
		 (unsigned long long)p->consumer_faults);
	if (ctl_send_stats(ctl, text) < 0)
		log_debug("stats not sent: the broker is busy");
}

static int watch(int ep, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return fd < 0 ? 0 : epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* The loop's epoll set, made before the sandbox forbids it. */
static int watch_setup(struct event_source *src, int ctl)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0 || watch(ep, src->fd(src)) < 0 ||
	    watch(ep, ipc_recv_fd(ctl)) < 0)
		fatal("epoll: %s", strerror(errno));
	return ep;
}

/* Drains the source on a short timer or when it signals, until stopped. */
static int run(int ep, struct event_source *src, struct pump *p, int ctl)
{
	int64_t next_stats = now_ns() + STATS_EVERY_NS;
	int r = 0;

	while (!stop_requested && r == 0) {
		struct epoll_event ev[4];

		if (epoll_wait(ep, ev, 4, DRAIN_MS) < 0 && errno != EINTR)
			fatal("epoll_wait: %s", strerror(errno));
		if (src->next(src) < 0)
			log_warn("reading the probe failed");
		pump_flush(p);
		r = ctl_dispatch(ctl);
		if (now_ns() >= next_stats) {
			send_stats(ctl, src, p);
			next_stats = now_ns() + STATS_EVERY_NS;
		}
	}
	close(ep);
	return r < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct event_source src = source_probe;
	struct ring ring;
	struct pump pump;
	struct args a;
	int ctl, ep, err, rc;

	parse_args(argc, argv, &a);
	log_init("capture", a.level);
	setup_signals();
	if ((err = ring_map(&ring, a.ring_fd, 1)) < 0)
		fatal("cannot map the ring: %s", strerror(-err));
	if ((ctl = ctl_open(a.ctl, CTL_HANDSHAKE_MS)) < 0)
		fatal("broker handshake: %s", strerror(-ctl));
	bump_memlock();
	pump_init(&pump, &ring, a.wake_fd);
	if ((err = src.open(&src, NULL, pump_record, &pump)) < 0)
		fatal("cannot load the probe: %s", strerror(-err));
	pump.convert = src.boot_time;
	snapshot(&pump);
	ep = watch_setup(&src, ctl);
	drop_privileges();
	if ((err = capture_allow_apply(sandbox_debug_requested())) < 0)
		fatal("seccomp: %s", strerror(-err));
	log_info("capturing");

	rc = run(ep, &src, &pump, ctl);

	src.close(&src);
	ipc_close(ctl);
	ring_unmap(&ring);
	log_info("stopped");
	return rc;
}

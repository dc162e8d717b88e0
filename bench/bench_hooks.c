/*
 * What a syscall pays for a hook that does not want it: ns per call of
 * cheap syscalls with no probe, under the probe's raw sys_exit filter,
 * under a syscalls/sys_exit_<name> tracepoint of another syscall, under
 * its own, and under the lanner probe; and what an open+close pays under
 * the probe against the least a filter of opens by path can cost.
 * Hooks alternate within each round; medians of the rounds. Needs root;
 * the probe's loader mounts tracefs for the syscalls/ tracepoints where
 * nobody has.
 *
 *   bench/bench_hooks [-n ROUNDS]    default 11
 *   bench/bench_hooks -f             the floor: empty programs on the raw
 *                                    sys_enter and sys_exit hooks, held
 *                                    until SIGINT or SIGTERM
 *
 * Kernel 6.18, 2-core VM with other work running, -n 21. On a host
 * with IA32 emulation, three runs (none in ns, the hooks in ns added to
 * it, the range of the runs):
 *
 *   workload    none       raw-empty raw       tp-other  tp-own
 *   getppid     119-121    +83-85    +84-86    +37-41    +112-117
 *   read 1 B    161-167    +82-87    +82-85    +40-42    +114-114
 *   open+close  1526-1565  +204-226  +223-236  +133-152  +255-285
 *
 *   workload    raw-sel   hybrid    lanner    floor     raw-path
 *   getppid     +83-86    +126-130  +82-86    +142-148  +81-87
 *   read 1 B    +85-86    +127-132  +82-85    +143-147  +82-85
 *   open+close  +213-241  +316-360  +490-547  +343-367  +304-344
 *
 * There, the probe keeps its raw sys_exit hook: a per-syscall
 * tracepoint never fires for 32-bit calls (int $0x80 getppid calls are
 * counted, printed last), which the probe must see, so the raw hook would
 * stay for them and every call would pay both (hybrid); and a selected
 * call paid about 25 ns more through its tracepoint (tp-own against
 * raw-sel). Of the raw hook's cost the lookup is a few ns (two loads;
 * the task is fetched only for a number both tables want); the rest is
 * the hook itself (raw-empty). A later run on such a host, its floor
 * lower: getppid +114 (lanner), -2 (lanner-tp, blind to 32-bit calls),
 * +156 (floor); read +134, -28, +159; open+close +566, +468, +271, and
 * raw-path +377.
 *
 * On a host without IA32 emulation (int $0x80 faults), where those
 * tracepoints see every call, two runs gave, in ns added to none:
 *
 *   workload    tp-other  tp-own    lanner    lanner-tp floor
 *   getppid     +43, +10  +134, +96 +136,+168 -43, -8   +261,+167
 *   read 1 B    -11, +9   +45, +40  +132,+152 -2, +52   +163,+155
 *   open+close  -135, +2  +37, +122 +459,+588 +257,+367 +405,+422
 *
 * (a third run, its bare times drifting by a third, is left out). A call
 * no tracepoint names pays next to nothing there, and lanner-tp, the
 * probe with tracepoint hooks (capture/probe_tphooks.c), costs an
 * unselected call less than the raw hook alone and an open+close 150 to
 * 220 ns less than lanner in the same run: 0.63 and 0.87 of the floor,
 * against 1.13 and 1.39. The loader picks it there (syscall_hooks auto)
 * when every syscall the probe reports also has its tracepoint.
 *
 * An open is judged by its path, which only the caller's memory holds at
 * exit: raw-path, an empty program but that it copies each openat's path
 * from there, adds 0.88-0.94 of what the floor adds to an open+close
 * (per run, first host), the copy about 100 ns of it.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench_hooks.skel.h"
#include "syscall_abi.h"
#include "log.h"
#include "openfilter.h"
#include "probe.skel.h"
#include "probe_load.h"

#define MAX_RUNS 101
#define LOOPS 200000
#define MAX_LINKS 2
#define OTHER_TP "sys_exit_sethostname" /* a syscall nobody makes */
#define NR32_GETPPID 64			/* i386 */

struct workload {
	const char *name;
	const char *tp; /* its tracepoint: syscalls/sys_exit_<tp> */
	uint32_t nr;
	void (*body)(void);
};

struct hook {
	const char *col;
	const char *what;
	int (*on)(const struct workload *w);
};

static struct bench_hooks *hooks;
static struct probe_ctx probe, probe_tp; /* raw hook, tracepoint hooks */
static uint8_t tp_on[LNR_EVT_COUNT];	 /* probe_tp's events on at load */
static struct bpf_link *links[MAX_LINKS];
static int nlinks;
static int zero_fd = -1;
/* The open+close workload's file: a template, whose X's mkstemp
 * replaces. */
static char open_path[] = "/tmp/lanner-hooks.XXXXXX";

static int ignore(void *arg, const void *rec, size_t len)
{
	return 0;
}

static void call_getppid(void)
{
	syscall(SYS_getppid);
}

static void read_zero(void)
{
	char c;

	if (read(zero_fd, &c, 1) != 1) {
		perror("bench_hooks: read /dev/zero");
		exit(1);
	}
}

/* At exit, once mkstemp has made the file. */
static void open_path_remove(void)
{
	unlink(open_path);
}

/* openat itself, whatever the C library's open calls. */
static void open_close(void)
{
	int fd =
	    (int)syscall(SYS_openat, AT_FDCWD, open_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror("bench_hooks: open");
		exit(1);
	}
	close(fd);
}

enum work_id { WORK_GETPPID, WORK_READ, WORK_OPEN, NWORK };

static const struct workload workloads[NWORK] = {
    [WORK_GETPPID] = {"getppid", "getppid", SYS_getppid, call_getppid},
    [WORK_READ] = {"read, 1 byte of /dev/zero", "read", SYS_read, read_zero},
    [WORK_OPEN] = {"open+close of a file", "openat", SYS_openat, open_close},
};

static int no_hook(const struct workload *w)
{
	return 0;
}

static int add_link(struct bpf_link *l)
{
	if (!l || nlinks == MAX_LINKS) {
		bpf_link__destroy(l);
		return -1;
	}
	links[nlinks++] = l;
	return 0;
}

static int tp_attach(struct bpf_program *prog, const char *name)
{
	if (!add_link(bpf_program__attach_tracepoint(prog, "syscalls", name)))
		return 0;
	fprintf(stderr, "bench_hooks: no syscalls/%s: is tracefs mounted?\n",
		name);
	return -1;
}

static int raw_empty(const struct workload *w)
{
	return add_link(bpf_program__attach(hooks->progs.raw_evt));
}

/* The probe's filter programmed to say yes (1) or no (0) to w. */
static int raw_with(const struct workload *w, uint16_t v)
{
	int fd = bpf_map__fd(hooks->maps.syscall_evt);

	if (bpf_map_update_elem(fd, &w->nr, &v, BPF_ANY))
		return -1;
	return add_link(bpf_program__attach(hooks->progs.raw_exit));
}

static int raw_unselected(const struct workload *w)
{
	return raw_with(w, 0);
}

static int raw_selected(const struct workload *w)
{
	return raw_with(w, 1);
}

static int tp_other(const struct workload *w)
{
	return tp_attach(hooks->progs.tp_empty, OTHER_TP);
}

static int tp_own(const struct workload *w)
{
	char name[64];

	snprintf(name, sizeof(name), "sys_exit_%s", w->tp);
	return tp_attach(hooks->progs.tp_empty, name);
}

/* Tracepoints for 64-bit calls, which do not see 32-bit ones: the raw
 * hook stays for those. */
static int hybrid(const struct workload *w)
{
	if (add_link(bpf_program__attach(hooks->progs.raw_compat)))
		return -1;
	return tp_other(w);
}

/* The floor of bench/filter.sh: both raw hooks, empty programs. */
static int floor_hooks(const struct workload *w)
{
	if (add_link(bpf_program__attach(hooks->progs.raw_enter)))
		return -1;
	return raw_empty(w);
}

static int raw_path(const struct workload *w)
{
	return add_link(bpf_program__attach(hooks->progs.raw_path));
}

static int lanner_probe(const struct workload *w)
{
	return probe__attach(probe.skel);
}

static int lanner_tp(const struct workload *w)
{
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++)
		if (tp_on[t] && probe_tp_set(&probe_tp, t, 1))
			return -1;
	return probe__attach(probe_tp.skel);
}

/* probe_tp's programs, every one, detached. */
static void lanner_tp_off(void)
{
	probe__detach(probe_tp.skel);
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++)
		probe_tp_set(&probe_tp, t, 0);
}

enum hook_id {
	HOOK_NONE,
	HOOK_RAW_EMPTY,
	HOOK_RAW,
	HOOK_TP_OTHER,
	HOOK_TP_OWN,
	HOOK_RAW_SEL,
	HOOK_HYBRID,
	HOOK_LANNER,
	HOOK_LANNER_TP,
	HOOK_FLOOR,
	HOOK_RAW_PATH,
	NHOOK
};

static const struct hook hook_table[NHOOK] = {
    [HOOK_NONE] = {"none", "no probe", no_hook},
    [HOOK_RAW_EMPTY] = {"raw-empty", "raw sys_exit (tp_btf), an empty program",
			raw_empty},
    [HOOK_RAW] = {"raw",
		  "raw sys_exit, the probe's lookup, the call not selected",
		  raw_unselected},
    [HOOK_TP_OTHER] = {"tp-other", "an empty program on " OTHER_TP " only",
		       tp_other},
    [HOOK_TP_OWN] = {"tp-own",
		     "an empty program on the call's own sys_exit_<name>",
		     tp_own},
    [HOOK_RAW_SEL] = {"raw-sel",
		      "raw sys_exit, the call selected: lookup, tail call to "
		      "an empty program",
		      raw_selected},
    [HOOK_HYBRID] = {"hybrid",
		     "tp-other, and raw sys_exit for 32-bit calls only",
		     hybrid},
    [HOOK_LANNER] = {"lanner",
		     "the lanner probe: getppid and read not selected, opens "
		     "judged by a filter that takes none",
		     lanner_probe},
    [HOOK_LANNER_TP] = {"lanner-tp",
			"the same with each selected syscall hooked at its "
			"own sys_exit_<name>",
			lanner_tp},
    [HOOK_FLOOR] = {"floor",
		    "empty programs on raw sys_enter and sys_exit (filter.sh)",
		    floor_hooks},
    [HOOK_RAW_PATH] = {"raw-path",
		       "raw-empty, but that it copies each openat's path",
		       raw_path},
};

static void links_off(void)
{
	while (nlinks)
		bpf_link__destroy(links[--nlinks]);
}

static void hook_off(void)
{
	links_off();
	probe__detach(probe.skel);
	lanner_tp_off();
	/* Records of the rest of the host, while the probe was on. */
	probe_poll(&probe, 0);
	probe_poll(&probe_tp, 0);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double once(const struct workload *w)
{
	double t0 = now_ns();

	for (int i = 0; i < LOOPS; i++)
		w->body();
	return (now_ns() - t0) / LOOPS;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Whether sys_exit_getppid sees 64-bit calls and int $0x80 ones. */
static void coverage(void)
{
	unsigned long long n64, n32;

	if (tp_attach(hooks->progs.tp_count, "sys_exit_getppid")) {
		printf("sys_exit_getppid: cannot attach\n");
		return;
	}
	hooks->bss->hits = 0;
	hooks->bss->tgid = (uint32_t)getpid();
	for (int i = 0; i < LOOPS; i++)
		call_getppid();
	n64 = hooks->bss->hits;
	if (syscall_abi_ia32() != 1) {
		hook_off();
		printf("sys_exit_getppid fired for %llu of %d 64-bit calls "
		       "(no int $0x80 in this kernel)\n",
		       n64, LOOPS);
		return;
	}
	for (int i = 0; i < LOOPS; i++)
		syscall_abi_int80(NR32_GETPPID, 0, 0, 0, 0);
	n32 = hooks->bss->hits - n64;
	hook_off();
	printf("sys_exit_getppid fired for %llu of %d 64-bit calls, %llu of "
	       "%d int $0x80 calls\n",
	       n64, LOOPS, n32, LOOPS);
}

static int setup(void)
{
	uint32_t k = 1;
	int fd;

	zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	fd = mkstemp(open_path);
	if (fd >= 0) {
		atexit(open_path_remove);
		close(fd);
	}
	hooks = bench_hooks__open();
	if (zero_fd < 0 || fd < 0 || !hooks)
		return -1;
	hooks->rodata->openat_nr = SYS_openat;
	if (bench_hooks__load(hooks))
		return -1;
	fd = bpf_program__fd(hooks->progs.raw_evt);
	if (bpf_map_update_elem(bpf_map__fd(hooks->maps.evt_progs), &k, &fd,
				BPF_ANY))
		return -1;
	/* Every event as lanner-capture starts, but reads and writes. */
	if (probe_open(&probe, 0, PROBE_HOOKS_RAW) ||
	    probe_start(&probe, ignore, NULL) ||
	    probe_open(&probe_tp, 0, PROBE_HOOKS_TRACEPOINT) ||
	    probe_start(&probe_tp, ignore, NULL))
		return -1;
	for (uint32_t t = 1; t < LNR_EVT_COUNT; t++)
		tp_on[t] = probe_tp.tp[t].link >= 0;
	probe__detach(probe.skel);
	lanner_tp_off();
	return 0;
}

/* Opens judged by a filter that takes none, as one of a file no rule
 * names is. */
static int filter_none(void)
{
	struct openfilter none;
	int err;

	openfilter_init(&none);
	err = probe_openfilter_set(&probe, &none);
	if (!err)
		err = probe_openfilter_set(&probe_tp, &none);
	openfilter_free(&none);
	return err;
}

/* The floor, and nothing else, until told to stop. Says "attached"
 * once it is. */
static int hold_floor(void)
{
	sigset_t stop;
	int err = 1, sig;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	hooks = bench_hooks__open_and_load();
	if (!sigprocmask(SIG_BLOCK, &stop, NULL) && hooks &&
	    !floor_hooks(NULL)) {
		printf("attached\n");
		fflush(stdout);
		err = sigwait(&stop, &sig);
	}
	links_off();
	bench_hooks__destroy(hooks);
	if (err)
		fprintf(stderr, "bench_hooks: cannot attach the floor\n");
	return err ? 1 : 0;
}

/* What open+close pays under the probe, and under the least a filter by
 * path can do, as a multiple of what it pays under the floor. */
static void ratio_line(double ns[NWORK][NHOOK])
{
	const double *t = ns[WORK_OPEN];
	double base = t[HOOK_FLOOR] - t[HOOK_NONE];

	if (base <= 0) {
		printf("%s: the floor added nothing to compare with\n",
		       workloads[WORK_OPEN].name);
		return;
	}
	printf("%s, ns added as a multiple of the floor's: raw-path %.2f, "
	       "lanner %.2f, lanner-tp %.2f\n",
	       workloads[WORK_OPEN].name,
	       (t[HOOK_RAW_PATH] - t[HOOK_NONE]) / base,
	       (t[HOOK_LANNER] - t[HOOK_NONE]) / base,
	       (t[HOOK_LANNER_TP] - t[HOOK_NONE]) / base);
}

/* A count given on the command line, -1 if it is not one. */
static int number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 && v <= 100000 ? (int)v : -1;
}

int main(int argc, char **argv)
{
	static double t[NWORK][NHOOK][MAX_RUNS];
	double ns[NWORK][NHOOK];
	int runs = 11, floor_only = 0, c;

	while ((c = getopt(argc, argv, "fn:")) != -1) {
		if (c == 'f')
			floor_only = 1;
		else if (c == 'n')
			runs = number(optarg);
		else
			return 2;
	}
	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: bench_hooks [-n 1..%d] | -f\n",
			MAX_RUNS);
		return 2;
	}
	log_init("bench_hooks", LOG_LVL_WARN);
	if (floor_only)
		return hold_floor();
	if (setup()) {
		fprintf(stderr, "cannot load the programs (root needed)\n");
		return 77;
	}
	if (filter_none()) {
		fprintf(stderr, "bench_hooks: cannot set the probe's open "
				"filter\n");
		return 1;
	}
	for (size_t w = 0; w < NWORK; w++)
		once(&workloads[w]);
	for (int r = 0; r < runs; r++)
		for (size_t h = 0; h < NHOOK; h++)
			for (size_t w = 0; w < NWORK; w++) {
				if (hook_table[h].on(&workloads[w])) {
					fprintf(stderr, "%s: cannot attach\n",
						hook_table[h].col);
					return 1;
				}
				t[w][h][r] = once(&workloads[w]);
				hook_off();
			}
	for (size_t w = 0; w < NWORK; w++)
		for (size_t h = 0; h < NHOOK; h++)
			ns[w][h] = median(t[w][h], runs);
	printf("ns per call, median of %d rounds of %d calls; hooks "
	       "alternate in each round\n",
	       runs, LOOPS);
	printf("  %-28s", "workload");
	for (size_t h = 0; h < NHOOK; h++)
		printf(" %9s", hook_table[h].col);
	printf("\n");
	for (size_t w = 0; w < NWORK; w++) {
		printf("  %-28s %9.0f", workloads[w].name, ns[w][0]);
		for (size_t h = 1; h < NHOOK; h++)
			printf(" %+9.0f", ns[w][h] - ns[w][0]);
		printf("\n");
	}
	printf("(hooks: ns added to none)\n");
	ratio_line(ns);
	for (size_t h = 0; h < NHOOK; h++)
		printf("  %-9s %s\n", hook_table[h].col, hook_table[h].what);
	coverage();
	probe_unload(&probe);
	probe_unload(&probe_tp);
	bench_hooks__destroy(hooks);
	return 0;
}

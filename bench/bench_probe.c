/*
 * Cost of the probe on the syscalls it watches: ns per call of each
 * workload with no probe, with the probe attached but the workload's
 * events not selected (filtered in the kernel), and with them emitted;
 * a reader thread drains every 2 ms, as lanner-capture drains.
 * A workload whose events the probe drops by their arguments (mmap
 * without PROT_EXEC, fcntl F_GETFL) shows that check's cost in the
 * emitted column. Median of 5 runs. Needs root.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "probe_load.h"

#define RUNS 5
#define DUP_TARGET 900 /* dup2 onto it again and again: no close needed */
#define MAX_TYPES 2

static struct probe_ctx probe;
static atomic_int reading;
static unsigned long long records;
static int bench_fd;

struct workload {
	const char *name;
	void (*run)(int n); /* n calls of the workload */
	int n;
	enum lnr_evt_type types[MAX_TYPES]; /* selected or not together */
};

static void run_open_close(int n)
{
	for (int i = 0; i < n; i++)
		close((int)syscall(SYS_openat, AT_FDCWD, "/etc/hostname",
				   O_RDONLY));
}

static void run_dup2(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_dup2, bench_fd, DUP_TARGET);
}

static void run_fcntl_setfl(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_fcntl, bench_fd, F_SETFL, O_NONBLOCK);
}

static void run_fcntl_getfl(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_fcntl, bench_fd, F_GETFL);
}

static void map_unmap(int n, int prot)
{
	long len = getpagesize();

	for (int i = 0; i < n; i++)
		syscall(SYS_munmap,
			syscall(SYS_mmap, 0, len, prot,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
			len);
}

static void run_mmap_exec(int n)
{
	map_unmap(n, PROT_READ | PROT_EXEC);
}

static void run_mmap_read(int n)
{
	map_unmap(n, PROT_READ);
}

static const struct workload workloads[] = {
    {"open+close", run_open_close, 300000, {LNR_EVT_OPENAT, LNR_EVT_CLOSE}},
    {"dup2", run_dup2, 300000, {LNR_EVT_DUP2}},
    {"fcntl F_SETFL", run_fcntl_setfl, 300000, {LNR_EVT_FCNTL}},
    {"fcntl F_GETFL (dropped)", run_fcntl_getfl, 300000, {LNR_EVT_FCNTL}},
    {"mmap exec+munmap", run_mmap_exec, 100000, {LNR_EVT_MMAP}},
    {"mmap read+munmap (dropped)", run_mmap_read, 100000, {LNR_EVT_MMAP}},
};
#define NWORK (sizeof(workloads) / sizeof(workloads[0]))

static int count(void *arg, const void *rec, size_t len)
{
	records++;
	return 0;
}

static void *reader(void *arg)
{
	while (atomic_load(&reading)) {
		poll(NULL, 0, 2);
		probe_poll(&probe, 0);
	}
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *t)
{
	qsort(t, RUNS, sizeof(*t), cmp);
	return t[RUNS / 2];
}

/* ns per workload call, one run. */
static double run_once(const struct workload *w)
{
	double t0 = now_ns();

	w->run(w->n);
	return (now_ns() - t0) / w->n;
}

static void select_events(const struct workload *w, int on)
{
	for (int k = 0; k < MAX_TYPES && w->types[k]; k++)
		probe_set_event(&probe, w->types[k], on);
}

/*
 * Median ns per call with the workload's events not selected and
 * emitted, the two measured in turn within each run so that both see
 * the same load from the rest of the machine.
 */
static void measure_probe(const struct workload *w, double *unselected,
			  double *emitted)
{
	double u[RUNS], e[RUNS];

	for (int r = 0; r < RUNS; r++) {
		select_events(w, 0);
		u[r] = run_once(w);
		select_events(w, 1);
		e[r] = run_once(w);
	}
	*unselected = median(u);
	*emitted = median(e);
}

static double measure_bare(const struct workload *w)
{
	double t[RUNS];

	for (int r = 0; r < RUNS; r++)
		t[r] = run_once(w);
	return median(t);
}

int main(void)
{
	double none[NWORK], unselected[NWORK], emitted[NWORK];
	pthread_t th;

	log_init("bench_probe", LOG_LVL_WARN);
	bench_fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
	if (bench_fd < 0) {
		perror("/etc/hostname");
		return 1;
	}
	for (size_t i = 0; i < NWORK; i++) /* warm caches and allocators */
		workloads[i].run(workloads[i].n / 10);
	for (size_t i = 0; i < NWORK; i++)
		none[i] = measure_bare(&workloads[i]);
	if (probe_load(&probe, 0, count, NULL) != 0) {
		fprintf(stderr, "cannot load the probe (root needed)\n");
		return 77;
	}
	atomic_store(&reading, 1);
	pthread_create(&th, NULL, reader, NULL);
	for (size_t i = 0; i < NWORK; i++)
		measure_probe(&workloads[i], &unselected[i], &emitted[i]);
	atomic_store(&reading, 0);
	pthread_join(th, NULL);
	probe_poll(&probe, 0);
	printf("ns per call (median of %d runs)   no probe  not selected  "
	       "emitted\n",
	       RUNS);
	for (size_t i = 0; i < NWORK; i++)
		printf("  %-30s %8.0f  %12.0f  %7.0f\n", workloads[i].name,
		       none[i], unselected[i], emitted[i]);
	printf("  records read %llu, kernel drops %llu\n", records,
	       (unsigned long long)probe_kernel_drops(&probe, NULL));
	probe_unload(&probe);
	close(DUP_TARGET);
	close(bench_fd);
	return 0;
}

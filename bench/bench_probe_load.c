/*
 * What loading the probe costs and where the time goes: the time from
 * opening the skeleton to an attached probe, as lanner-capture loads it
 * (median of RUNS loads), then the kernel verifier's own figures for
 * each program of one more load, the dearest first: the instructions it
 * processed and the time it took. Needs root.
 *
 *   bench/bench_probe_load [-n RUNS] [-t TOP]    TOP 0: every program
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "probe.skel.h"
#include "probe_load.h"

#define MAX_RUNS 101
#define MAX_PROGS 256
#define STATS_LOG 1024	 /* room for the verifier's statistics */
#define BPF_LOG_STATS_ 4 /* log_level: statistics only */

struct prog_cost {
	char name[48];
	unsigned insns; /* instructions the verifier processed */
	double ms;	/* its verification time */
};

static char logs[MAX_PROGS][STATS_LOG];

static int ignore(void *arg, const void *rec, size_t len)
{
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_cost(const void *a, const void *b)
{
	const struct prog_cost *x = a, *y = b;

	return (x->ms < y->ms) - (x->ms > y->ms);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One load as lanner-capture does it: ms to open, to load and attach. */
static int time_load(double *open_ms, double *start_ms)
{
	struct probe_ctx p;
	double t0 = now_ms(), t1;
	int err = probe_open(&p, 0, PROBE_HOOKS_AUTO);

	if (err)
		return err;
	t1 = now_ms();
	err = probe_start(&p, ignore, NULL);
	if (err)
		return err;
	*start_ms = now_ms() - t1;
	*open_ms = t1 - t0;
	probe_unload(&p);
	return 0;
}

/* "verification time N usec" from a program's statistics log. */
static double log_ms(const char *log)
{
	const char *s = strstr(log, "verification time ");

	return s ? strtod(s + strlen("verification time "), NULL) / 1e3 : 0;
}

/* One more load with the verifier's statistics on: fills cost[], returns
 * how many programs, or -errno. */
static int verifier_costs(struct prog_cost *cost)
{
	struct bpf_program *prog;
	struct probe_ctx p;
	int n = 0, err = probe_open(&p, 0, PROBE_HOOKS_AUTO);

	if (err)
		return err;
	bpf_object__for_each_program(prog, p.skel->obj)
	{
		if (n == MAX_PROGS)
			break;
		if (!bpf_program__autoload(prog))
			continue;
		bpf_program__set_log_level(prog, BPF_LOG_STATS_);
		bpf_program__set_log_buf(prog, logs[n++], STATS_LOG);
	}
	err = probe_start(&p, ignore, NULL);
	if (err)
		return err;
	n = 0;
	bpf_object__for_each_program(prog, p.skel->obj)
	{
		struct bpf_prog_info info = {};
		uint32_t len = sizeof(info);

		if (n == MAX_PROGS)
			break;
		if (!bpf_program__autoload(prog))
			continue;
		bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len);
		snprintf(cost[n].name, sizeof(cost[n].name), "%s",
			 bpf_program__name(prog));
		cost[n].insns = info.verified_insns;
		cost[n].ms = log_ms(logs[n]);
		n++;
	}
	probe_unload(&p);
	return n;
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
	double open_ms[MAX_RUNS], start_ms[MAX_RUNS], total[MAX_RUNS];
	static struct prog_cost cost[MAX_PROGS];
	double sum_ms = 0;
	unsigned long sum_insns = 0;
	int runs = 7, top = 15, n, c;

	while ((c = getopt(argc, argv, "n:t:")) != -1) {
		if (c == 'n')
			runs = number(optarg);
		else if (c == 't')
			top = number(optarg);
		else
			return 2;
	}
	if (runs < 1 || runs > MAX_RUNS || top < 0) {
		fprintf(stderr, "usage: bench_probe_load [-n 1..%d] [-t TOP]\n",
			MAX_RUNS);
		return 2;
	}
	log_init("bench_probe_load", LOG_LVL_WARN);
	for (int r = 0; r < runs; r++)
		if (time_load(&open_ms[r], &start_ms[r]) != 0) {
			fprintf(stderr,
				"cannot load the probe (root needed)\n");
			return 77;
		}
	for (int r = 0; r < runs; r++)
		total[r] = open_ms[r] + start_ms[r];
	printf("probe load, median of %d: %.1f ms (open %.1f ms, load, wire "
	       "and attach %.1f ms)\n",
	       runs, median(total, runs), median(open_ms, runs),
	       median(start_ms, runs));
	n = verifier_costs(cost);
	if (n < 0) {
		fprintf(stderr, "cannot load the probe: %s\n", strerror(-n));
		return 1;
	}
	for (int i = 0; i < n; i++) {
		sum_ms += cost[i].ms;
		sum_insns += cost[i].insns;
	}
	qsort(cost, (size_t)n, sizeof(*cost), cmp_cost);
	printf("verifier: %d programs, %lu instructions processed, %.1f ms\n",
	       n, sum_insns, sum_ms);
	printf("  %-28s %12s %9s\n", "program", "instructions", "ms");
	for (int i = 0; i < n && (top == 0 || i < top); i++)
		printf("  %-28s %12u %9.2f\n", cost[i].name, cost[i].insns,
		       cost[i].ms);
	return 0;
}

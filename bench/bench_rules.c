/*
 * Rule evaluation throughput: compiles the upstream stable Falco rules,
 * replays a synthetic stream of execs, opens and closes by various
 * processes through the engine's state, and prints events/s and ns/event
 * (median of 5 runs), with and without rule evaluation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/state/evt_ctx.h"
#include "engine/rules/rule_files.h"
#include "engine/rules/ruleset.h"
#include "engine/state/state.h"
#include "tests/unit/test_state_evts.h"

#ifndef LNR_CONFORMANCE
#define LNR_CONFORMANCE "../shared/conformance/falco_rules.yaml"
#endif

#define NREC 20000
#define RUNS 5

static uint8_t *recs[NREC];
static int lens[NREC];
static struct evt_ctx ctx;
static struct state st;
static unsigned long matches;

static const char *const paths[] = {
    "/etc/passwd",
    "/etc/shadow",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/tmp/build/out.o",
    "/proc/self/status",
    "/home/u/.bashrc",
    "/var/log/syslog",
    "/etc/ld.so.cache",
    "/dev/null",
    "/usr/share/zoneinfo/UTC",
    "/root/.ssh/authorized_keys",
    "/etc/sudoers",
    "/sys/fs/cgroup/cpu.max",
    "/var/lib/dpkg/status",
};

static const char *const progs[][2] = {
    {"bash", "/usr/bin/bash"},
    {"python3", "/usr/bin/python3"},
    {"nginx", "/usr/sbin/nginx"},
    {"sshd", "/usr/sbin/sshd"},
    {"cat", "/usr/bin/cat"},
    {"curl", "/usr/bin/curl"},
    {"sh", "/bin/sh"},
    {"make", "/usr/bin/make"},
};

static void hit(void *arg, const struct rule *r, struct evt_ctx *c)
{
	matches++;
}

static struct tproc proc_of(unsigned i)
{
	struct tproc p = {0};

	p.comm = progs[i % 8][0];
	p.exe = progs[i % 8][1];
	p.exepath = progs[i % 8][1];
	p.args[0] = "-c";
	p.args[1] = "true";
	p.cwd = "/home/u";
	p.tid = p.pid = 1000 + i % 64;
	p.ptid = 100 + i % 8;
	p.uid = p.euid = i % 3 ? 1000 : 0;
	p.loginuid = 1000;
	p.start_ts = 1;
	return p;
}

static void build_stream(void)
{
	uint8_t buf[TEVT_BUF];
	struct tproc p;
	unsigned i, k;

	for (i = 0; i < NREC; i++) {
		p = proc_of(i);
		k = i % 10;
		if (k == 0)
			lens[i] = tevt_execve(buf, i, 0, p.exepath, &p);
		else if (k < 5)
			lens[i] = tevt_openat(buf, i, p.tid, p.pid, 3 + k, -100,
					      paths[i % 14], k == 3 ? 0x241 : 0,
					      0644);
		else if (k < 8)
			lens[i] = tevt_open(buf, i, p.tid, p.pid, 3 + k,
					    paths[(i / 3) % 14], 0, 0);
		else
			lens[i] = tevt_close(buf, i, p.tid, p.pid, 0, 3 + k);
		recs[i] = malloc((size_t)lens[i]);
		memcpy(recs[i], buf, (size_t)lens[i]);
	}
}

static void seed_state(void)
{
	uint8_t buf[TEVT_BUF];
	struct tproc p;
	const char *why;
	unsigned i;
	int len;

	for (i = 0; i < 72; i++) {
		p = proc_of(i);
		if (i >= 64) {
			p.tid = p.pid = 100 + i % 8;
			p.ptid = 1;
		}
		len = tevt_snapshot(buf, 0, &p);
		if (evt_ctx_begin(&ctx, &st, buf, (size_t)len, &why) == 0) {
			state_event_before(&ctx);
			state_event_after(&ctx);
		}
	}
}

static double run(const struct ruleset *rs)
{
	struct timespec a, b;
	const char *why;
	unsigned i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < NREC; i++) {
		if (evt_ctx_begin(&ctx, &st, recs[i], (size_t)lens[i], &why))
			continue;
		state_event_before(&ctx);
		if (rs)
			ruleset_eval(rs, "syscall", ctx.type, &ctx, hit, NULL);
		state_event_after(&ctx);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		(double)(b.tv_nsec - a.tv_nsec)) /
	       NREC;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const struct ruleset *rs)
{
	double v[RUNS];
	int i;

	for (i = 0; i < RUNS; i++)
		v[i] = run(rs);
	qsort(v, RUNS, sizeof(v[0]), cmp);
	return v[RUNS / 2];
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : LNR_CONFORMANCE;
	struct ruleset *rs = ruleset_new();
	struct timespec a, b;
	double base, full, ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (!rs || rule_files_load(rs, path) < 0 || ruleset_compile(rs) < 0) {
		fprintf(stderr, "cannot load %s\n", path);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	     (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	if (state_init(&st) < 0)
		return 1;
	build_stream();
	seed_state();
	run(rs); /* warm up */
	base = median(NULL);
	matches = 0;
	full = median(rs);
	printf("rules: %zu enabled, loaded and compiled in %.1f ms\n",
	       ruleset_count(rs), ms);
	printf("state only:       %7.0f ns/event  %9.0f events/s\n", base,
	       1e9 / base);
	printf("state + rules:    %7.0f ns/event  %9.0f events/s per core\n",
	       full, 1e9 / full);
	printf("rules alone:      %7.0f ns/event  (%lu matches in %d runs)\n",
	       full - base, matches, RUNS);
	state_free(&st);
	ruleset_free(rs);
	return 0;
}

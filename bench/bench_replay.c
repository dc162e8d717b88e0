/*
 * Replay throughput: bench_replay CAPTURE RULES...: reads a capture file
 * and runs its records through the engine's state and the compiled
 * rules, in one process on one core, as lanner-engine does with what
 * lanner -e feeds it. Prints the reader's and the writer's cost per
 * event (the writer's is what recording adds to capture), the state's,
 * and the
 * state's with the rules, in ns per event and events/s (medians of 5
 * runs; the state starts empty for each).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/capfile.h"
#include "engine/rules/rule_files.h"
#include "engine/rules/ruleset.h"
#include "engine/state/evt_ctx.h"
#include "engine/state/state.h"

#define RUNS 5

static uint8_t *arena; /* every record, one after another */
static size_t arena_len, nrec;
static struct evt_ctx ctx;
static struct state st;
static unsigned long matches;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Reads the whole file; with keep, copies the records into the arena.
 * Returns ns per record. */
static double read_file(const char *path, int keep)
{
	struct capfile_reader r;
	enum capfile_kind kind;
	const void *rec;
	size_t len, n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	double t0 = now_ns(), t;

	if (fd < 0 || capfile_reader_open(&r, fd, path, NULL, NULL) < 0) {
		fprintf(stderr, "bench_replay: %s: %s\n", path,
			fd < 0 ? "cannot open" : r.err);
		exit(1);
	}
	while (capfile_next(&r, &rec, &len, &kind) == 1) {
		if (keep) {
			uint8_t *p = realloc(arena, arena_len + len);

			if (!p)
				exit(1);
			arena = p;
			memcpy(arena + arena_len, rec, len);
			arena_len += len;
		}
		n++;
	}
	t = now_ns() - t0;
	if (keep && (r.st.corrupt_blocks || r.st.truncated))
		fprintf(stderr, "bench_replay: %s is damaged\n", path);
	capfile_reader_close(&r);
	close(fd);
	nrec = n;
	return t / (double)n;
}

static void hit(void *arg, const struct rule *r, struct evt_ctx *c)
{
	(void)arg;
	(void)r;
	(void)c;
	matches++;
}

/* One pass over every record from an empty state; ns per record. */
static double run(const struct ruleset *rs)
{
	const char *why;
	double t0, t;
	size_t off = 0;

	state_free(&st);
	if (state_init(&st) < 0)
		exit(1);
	t0 = now_ns();
	while (off < arena_len) {
		struct lnr_evt_hdr h;

		memcpy(&h, arena + off, sizeof(h));
		if (evt_ctx_begin(&ctx, &st, arena + off, h.len, &why) == 0) {
			state_event_before(&ctx);
			if (rs)
				ruleset_eval(rs, "syscall", ctx.type, &ctx, hit,
					     NULL);
			state_event_after(&ctx);
		}
		off += h.len;
	}
	t = now_ns() - t0;
	return t / (double)nrec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median_of(double (*fn)(const struct ruleset *),
			const struct ruleset *rs)
{
	double v[RUNS];

	for (int i = 0; i < RUNS; i++)
		v[i] = fn(rs);
	qsort(v, RUNS, sizeof(*v), cmp);
	return v[RUNS / 2];
}

static const char *capture_path;

/* Writes every record to a fresh file, as lanner-capture does when
 * recording; ns per record. */
static double write_once(const struct ruleset *rs)
{
	char path[] = "/tmp/lanner-bench-write.XXXXXX";
	struct capfile_writer w;
	struct capfile_meta m;
	int fd = mkstemp(path);
	size_t off = 0;
	double t0, t;

	(void)rs;
	if (fd < 0)
		exit(1);
	unlink(path);
	capfile_meta_local(&m);
	t0 = now_ns();
	capfile_writer_open(&w, fd, &m, NULL);
	while (off < arena_len) {
		struct lnr_evt_hdr h;

		memcpy(&h, arena + off, sizeof(h));
		capfile_write(&w, CAPFILE_EVENTS, arena + off, h.len);
		off += h.len;
	}
	if (capfile_writer_close(&w) < 0)
		exit(1);
	t = now_ns() - t0;
	close(fd);
	return t / (double)nrec;
}

static double read_once(const struct ruleset *rs)
{
	(void)rs;
	return read_file(capture_path, 0);
}

static void line(const char *what, double ns)
{
	printf("%-22s %7.0f ns/event  %9.0f events/s per core\n", what, ns,
	       1e9 / ns);
}

int main(int argc, char **argv)
{
	struct ruleset *rs = ruleset_new();
	double t0, ms, reader, writer, base, full;

	if (argc < 3) {
		fputs("usage: bench_replay CAPTURE RULES...\n", stderr);
		return 2;
	}
	capture_path = argv[1];
	t0 = now_ns();
	for (int i = 2; i < argc; i++)
		if (!rs || rule_files_load(rs, argv[i]) < 0) {
			fprintf(stderr, "cannot load %s\n", argv[i]);
			return 1;
		}
	if (ruleset_compile(rs) < 0) {
		fprintf(stderr, "the rules do not compile\n");
		return 1;
	}
	ms = (now_ns() - t0) / 1e6;
	read_file(capture_path, 1);
	if (state_init(&st) < 0)
		return 1;
	reader = median_of(read_once, NULL);
	writer = median_of(write_once, NULL);
	base = median_of(run, NULL);
	matches = 0;
	full = median_of(run, rs);
	printf("capture: %zu events, %zu bytes; rules: %zu enabled, "
	       "compiled in %.0f ms\n",
	       nrec, arena_len, ruleset_count(rs), ms);
	line("reading the file:", reader);
	line("writing it (record):", writer);
	line("state only:", base);
	line("state + rules:", full);
	printf("%-22s %7.0f ns/event  (%lu matches per run)\n",
	       "rules alone:", full - base, matches / RUNS);
	state_free(&st);
	ruleset_free(rs);
	free(arena);
	return 0;
}

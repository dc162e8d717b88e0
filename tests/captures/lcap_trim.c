/*
 * lcap_trim [-n MAX] [-s SCHEMA] IN OUT ROOTPID [PID...]: copies the part of a
 * capture file that concerns one workload, so that a recording of a test
 * program makes a fixture of a few kilobytes. Kept: the snapshot records
 * of the PIDs given (the workload's ancestors) and of ROOTPID, and the
 * event records of ROOTPID and of every process it forked, directly or
 * not, found from the fork and clone return values; ROOTPID "all" keeps
 * every record. -n keeps at most the first MAX (the fuzzer's seeds); -s
 * writes another schema version in the header (tests of refusal). Same
 * header otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/capfile.h"
#include "common/event.h"

#define MAX_PIDS 4096

static uint32_t pids[MAX_PIDS];
static size_t npids;

static int known(uint32_t pid)
{
	for (size_t i = 0; i < npids; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static int add_pid(uint32_t pid)
{
	if (known(pid) || npids == MAX_PIDS)
		return 0;
	pids[npids++] = pid;
	return 1;
}

static int open_reader(struct capfile_reader *r, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || capfile_reader_open(r, fd, path, NULL, NULL) < 0) {
		fprintf(stderr, "lcap_trim: %s: %s\n", path,
			fd < 0 ? strerror(errno) : r->err);
		exit(1);
	}
	return fd;
}

/* A new process of the workload: a fork or clone (not of a thread) by
 * one of its processes, seen from the parent's side. */
static int forks(const struct lnr_evt *e)
{
	uint64_t flags = 0;
	int64_t res;

	switch (e->hdr->type) {
	case LNR_EVT_CLONE:
	case LNR_EVT_CLONE3:
		if (lnr_evt_get_u64(e, LNR_PI_CLONE_clone_flags, &flags) == 0 &&
		    (flags & 0x00010000)) /* CLONE_THREAD */
			return 0;
		/* fall through */
	case LNR_EVT_FORK:
	case LNR_EVT_VFORK:
		return lnr_evt_get_s64(e, LNR_PI_RET, &res) == 0 && res > 0 &&
		       known(e->hdr->pid) && add_pid((uint32_t)res);
	default:
		return 0;
	}
}

/* One pass over the events; whether it found a new process. */
static int grow(const char *path)
{
	struct capfile_reader r;
	enum capfile_kind kind;
	const void *rec;
	size_t len;
	int fd = open_reader(&r, path), more = 0;

	while (capfile_next(&r, &rec, &len, &kind) == 1) {
		struct lnr_evt e;
		const char *why;

		if (kind == CAPFILE_EVENTS &&
		    lnr_evt_decode(rec, len, &e, &why) == 0)
			more |= forks(&e);
	}
	capfile_reader_close(&r);
	close(fd);
	return more;
}

int main(int argc, char **argv)
{
	struct capfile_reader r;
	struct capfile_writer w;
	enum capfile_kind kind;
	const void *rec;
	size_t len, ancestors;
	unsigned long max = ~0ul, schema = 0;
	int in, out, all, ch;
	const char *src, *dst;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		if (ch == 'n')
			max = strtoul(optarg, NULL, 10);
		if (ch == 's')
			schema = strtoul(optarg, NULL, 10);
	}
	if (argc - optind < 3) {
		fputs(
		    "usage: lcap_trim [-n MAX] [-s SCHEMA] IN OUT ROOTPID|all "
		    "[PID...]\n",
		    stderr);
		return 2;
	}
	src = argv[optind];
	dst = argv[optind + 1];
	all = strcmp(argv[optind + 2], "all") == 0;
	for (int i = optind + 2 + all; i < argc; i++)
		add_pid((uint32_t)strtoul(argv[i], NULL, 10));
	ancestors = npids;
	while (!all && grow(src))
		;
	in = open_reader(&r, src);
	if (schema)
		r.meta.schema_version = (uint32_t)schema;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0 || capfile_writer_open(&w, out, &r.meta, &r.conf) < 0) {
		perror(dst);
		return 1;
	}
	while (w.records < max && capfile_next(&r, &rec, &len, &kind) == 1) {
		struct lnr_evt_hdr h;

		memcpy(&h, rec, sizeof(h));
		if (all) {
			/* every record */
		} else if (kind == CAPFILE_SNAPSHOT) {
			int keep = 0;

			for (size_t i = 0; i < ancestors; i++)
				keep |= pids[i] == h.pid;
			if (!keep)
				continue;
		} else if (!known(h.pid)) {
			continue;
		}
		capfile_write(&w, kind, rec, len);
	}
	if (capfile_writer_close(&w) < 0 || close(out) < 0) {
		perror(dst);
		return 1;
	}
	printf("%llu of %llu records kept, %zu processes\n",
	       (unsigned long long)w.records, (unsigned long long)r.st.records,
	       npids);
	capfile_reader_close(&r);
	close(in);
	return 0;
}

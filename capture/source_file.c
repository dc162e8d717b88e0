/*
 * The capture-file event source, see source_file.h. next hands out up to
 * FILE_BATCH records so that the caller keeps answering the broker.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"
#include "child.h"
#include "log.h"
#include "source_file.h"

#define FILE_BATCH 4096

struct file_source {
	int fds[CHILD_MAX_FILES];
	const char *names[CHILD_MAX_FILES];
	int n, cur;
	int reading; /* rd holds the current file */
	struct capfile_reader rd;
	source_emit_fn emit;
	void *emit_arg;
	uint64_t records;
	unsigned warned; /* problems of the current file */
	struct source_file_stats st;
};

#define FILE_WARN_MAX 100 /* problems logged per file; the rest counted */

/* A hostile file could be all problems: the first ones are logged. */
static void on_warn(void *arg, const char *msg)
{
	struct file_source *fs = arg;

	if (fs->warned++ < FILE_WARN_MAX)
		log_warn("%s", msg);
	else if (fs->warned == FILE_WARN_MAX + 1)
		log_warn("%s: more problems are only counted",
			 fs->names[fs->cur]);
}

int source_file_add(struct event_source *s, int fd, const char *name)
{
	struct file_source *fs = s->priv;

	if (!fs && !(fs = s->priv = calloc(1, sizeof(*fs))))
		return -ENOMEM;
	if (fs->n == CHILD_MAX_FILES)
		return -E2BIG;
	fs->fds[fs->n] = fd;
	fs->names[fs->n++] = name;
	return 0;
}

static int file_src_open(struct event_source *s, const char *arg,
			 source_emit_fn emit, void *emit_arg)
{
	struct file_source *fs = s->priv;

	(void)arg;
	if (!fs)
		return -ENOENT;
	fs->emit = emit;
	fs->emit_arg = emit_arg;
	return 0;
}

static int file_src_fd(const struct event_source *s)
{
	(void)s;
	return -1;
}

/* Adds what the finished reader counted and closes its file. */
static void finish_file(struct file_source *fs)
{
	const struct capfile_stats *c = &fs->rd.st;

	fs->st.files++;
	fs->st.blocks += c->blocks;
	fs->st.corrupt_blocks += c->corrupt_blocks;
	fs->st.skipped_bytes += c->skipped_bytes;
	fs->st.truncated_files += c->truncated;
	log_info("%s: %llu records in %llu blocks; %llu corrupt blocks, %llu "
		 "bytes skipped%s",
		 fs->names[fs->cur], (unsigned long long)c->records,
		 (unsigned long long)c->blocks,
		 (unsigned long long)c->corrupt_blocks,
		 (unsigned long long)c->skipped_bytes,
		 c->truncated ? ", cut off" : "");
	capfile_reader_close(&fs->rd);
	close(fs->fds[fs->cur]);
	fs->reading = 0;
	fs->cur++;
}

/* Opens the next file the reader accepts; 0, or -ENODATA after the last. */
static int open_next(struct file_source *fs)
{
	while (fs->cur < fs->n) {
		const char *name = fs->names[fs->cur];

		fs->warned = 0;
		if (capfile_reader_open(&fs->rd, fs->fds[fs->cur], name,
					on_warn, fs) == 0) {
			const struct capfile_meta *m = &fs->rd.meta;

			log_info("replaying %s: recorded on %s, kernel %s, "
				 "schema %u",
				 name, m->hostname, m->kernel,
				 m->schema_version);
			fs->reading = 1;
			return 0;
		}
		log_err("%s; skipping it", fs->rd.err);
		capfile_reader_close(&fs->rd);
		close(fs->fds[fs->cur]);
		fs->st.files_refused++;
		fs->cur++;
	}
	return -ENODATA;
}

static int file_src_next(struct event_source *s)
{
	struct file_source *fs = s->priv;
	int n = 0;

	while (n < FILE_BATCH) {
		enum capfile_kind kind;
		const void *rec;
		size_t len;
		int k;

		if (!fs->reading && open_next(fs) < 0)
			return n ? n : -ENODATA;
		k = capfile_next(&fs->rd, &rec, &len, &kind);
		if (k < 0)
			log_err("%s", fs->rd.err);
		if (k <= 0) {
			finish_file(fs);
			continue;
		}
		fs->records++;
		fs->emit(fs->emit_arg, rec, len);
		n++;
	}
	return n;
}

static void file_src_stats(const struct event_source *s,
			   struct source_stats *st)
{
	const struct file_source *fs = s->priv;

	memset(st, 0, sizeof(*st));
	st->records = fs->records;
}

void source_file_stats(const struct event_source *s,
		       struct source_file_stats *st)
{
	const struct file_source *fs = s->priv;

	*st = fs->st;
}

static void file_src_close(struct event_source *s)
{
	struct file_source *fs = s->priv;

	if (!fs)
		return;
	if (fs->reading) {
		capfile_reader_close(&fs->rd);
		close(fs->fds[fs->cur]);
	}
	for (int i = fs->cur + fs->reading; i < fs->n; i++)
		close(fs->fds[i]);
	free(fs);
	s->priv = NULL;
}

const struct event_source source_file = {
    .name = "file",
    .boot_time = 0,
    .open = file_src_open,
    .fd = file_src_fd,
    .next = file_src_next,
    .stats = file_src_stats,
    .close = file_src_close,
};

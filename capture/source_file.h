/*
 * Capture files as an event source (see source.h): the files lanner -e
 * names, opened by the broker and handed over as descriptors, read in
 * order with the common/capfile.h reader. Records are already in epoch
 * time. A file the reader refuses is logged, counted and passed over.
 */
#ifndef LNR_SOURCE_FILE_H
#define LNR_SOURCE_FILE_H

#include <stdint.h>

#include "source.h"

/* Copy it, add the files with source_file_add, then call open. */
extern const struct event_source source_file;

/* Appends a file to read; name is for messages and must outlive s.
 * 0 or -errno. */
int source_file_add(struct event_source *s, int fd, const char *name);

struct source_file_stats {
	uint64_t files;		 /* read to the end */
	uint64_t files_refused;	 /* not capture files, or too new */
	uint64_t blocks;	 /* good blocks */
	uint64_t corrupt_blocks; /* skipped, see capfile_stats */
	uint64_t skipped_bytes;
	uint64_t truncated_files;
};

void source_file_stats(const struct event_source *s,
		       struct source_file_stats *st);

#endif

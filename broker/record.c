/*
 * Recording, see record.h. The file is created new (O_EXCL, O_NOFOLLOW,
 * mode 0600): a name that exists, or a link planted there, is refused
 * rather than overwritten.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "capfile.h"
#include "conf_keys.h"
#include "log.h"
#include "record.h"

void record_setup(struct broker *b)
{
	struct capfile_writer w;
	struct capfile_meta m;
	char *path;
	int fd, err;

	if (!b->cli->capture)
		return;
	path = strdup(b->cli->capture);
	if (!path)
		fatal("out of memory");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		fatal("cannot create the capture file %s: %m%s", path,
		      errno == EEXIST ? " (lanner never overwrites one)" : "");
	capfile_meta_local(&m);
	err = capfile_writer_open(&w, fd, &m, &b->conf);
	if (capfile_writer_close(&w) < 0 || err < 0)
		fatal("cannot write the capture file %s: %s", path,
		      strerror(-(err ?: w.err)));
	b->file_fds[b->nfile_fds] = fd;
	b->file_names[b->nfile_fds++] = path;
	log_info("recording events to %s", path);
}

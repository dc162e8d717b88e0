/*
 * The file channel: alerts appended to file_output.filename. The broker
 * opens the file and hands the descriptor over (outputs/sink.c); after a
 * rotation it hands over the new one before MSG_REOPEN, so this worker
 * never opens a path. Its sandbox adds nothing to the runtime's.
 */
#include <errno.h>
#include <unistd.h>

#include "channel.h"
#include "sink.h"

static int file_fd = -1;

static int file_init(const struct conf *c)
{
	file_fd = sink_take();
	return file_fd < 0 ? file_fd : 0;
}

static int file_deliver(const struct alert *a, const char *text, size_t len)
{
	return sink_write_all(file_fd, text, len);
}

/* The descriptor the broker sent before MSG_REOPEN; none when it could
 * not reopen the file, and the old one stays. */
static int file_reopen(void)
{
	int fd = sink_receive(0);

	if (fd == -EAGAIN)
		return 0;
	if (fd < 0)
		return fd;
	close(file_fd);
	file_fd = fd;
	return 0;
}

static void file_close(void)
{
	if (file_fd >= 0)
		close(file_fd);
	file_fd = -1;
}

const struct channel channel_file = {
    .name = "file", /* common/channels.def */
    .init = file_init,
    .deliver = file_deliver,
    .reopen = file_reopen,
    .close = file_close,
};

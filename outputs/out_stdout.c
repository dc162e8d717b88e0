/*
 * The stdout channel: one line per alert on the worker's stdout, which is
 * the broker's stdout, flushed per alert.
 */
#include <unistd.h>

#include "channel.h"
#include "sink.h"

static int stdout_init(const struct conf *c)
{
	return 0;
}

static int stdout_deliver(const struct alert *a, const char *text, size_t len)
{
	return sink_write_all(STDOUT_FILENO, text, len);
}

static int stdout_reopen(void)
{
	return 0;
}

static void stdout_close(void)
{
}

const struct channel channel_stdout = {
    .name = "stdout", /* common/channels.def */
    .init = stdout_init,
    .deliver = stdout_deliver,
    .reopen = stdout_reopen,
    .close = stdout_close,
};

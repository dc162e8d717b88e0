/*
 * The output channels a worker can run, by name: common/channels.def.
 * lanner-output is built with OUTPUT_CURL 0 and has the channels that
 * need no libcurl, lanner-output-http with 1 and has the others; without
 * OUTPUT_CURL (the tests) all are here.
 */
#include <string.h>

#include "channel.h"

#ifdef OUTPUT_CURL
#define KEEP_0_0(x) x,
#define KEEP_1_1(x) x,
#define KEEP_0_1(x)
#define KEEP_1_0(x)
#define KEEP_(a, b) KEEP_##a##_##b
#define KEEP(a, b) KEEP_(a, b)
#define CHANNEL(name, enabled, owns_stdout, sink, curl)                        \
	KEEP(curl, OUTPUT_CURL)(&channel_##name)
#else
#define CHANNEL(name, enabled, owns_stdout, sink, curl) &channel_##name,
#endif

static const struct channel *const channels[] = {
#include "channels.def"
#undef CHANNEL
    NULL,
};

const struct channel *channel_find(const char *name)
{
	for (size_t i = 0; channels[i]; i++)
		if (strcmp(channels[i]->name, name) == 0)
			return channels[i];
	return NULL;
}

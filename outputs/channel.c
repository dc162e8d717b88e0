/*
 * The output channels a worker can run, by name: common/channels.def.
 */
#include <string.h>

#include "channel.h"

static const struct channel *const channels[] = {
#define CHANNEL(name, enabled, owns_stdout, sink) &channel_##name,
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

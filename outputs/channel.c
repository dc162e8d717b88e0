/*
 * The output channels a worker can run, by name: the program's own set
 * (channels_plain.c, channels_http.c).
 */
#include <string.h>

#include "channel.h"

const struct channel *channel_find(const char *name)
{
	for (size_t i = 0; output_channels[i]; i++)
		if (strcmp(output_channels[i]->name, name) == 0)
			return output_channels[i];
	return NULL;
}

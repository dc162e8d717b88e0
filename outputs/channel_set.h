/*
 * The channels of one worker program: the lines of common/channels.def
 * whose curl column is OUTPUT_CURL, which the including file defines
 * (channels_plain.c 0, channels_http.c 1), and the program's name.
 */
#include "channel.h"

#define KEEP_0_0(x) x,
#define KEEP_1_1(x) x,
#define KEEP_0_1(x)
#define KEEP_1_0(x)
#define KEEP_(a, b) KEEP_##a##_##b
#define KEEP(a, b) KEEP_(a, b)

const struct channel *const output_channels[] = {
#define CHANNEL(name, enabled, owns_stdout, sink, curl)                        \
	KEEP(curl, OUTPUT_CURL)(&channel_##name)
#include "channels.def"
#undef CHANNEL
    NULL,
};

#if OUTPUT_CURL
const char output_program[] = "lanner-output-http";
#else
const char output_program[] = "lanner-output";
#endif

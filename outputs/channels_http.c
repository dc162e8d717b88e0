/*
 * lanner-output-http's channels: those that need libcurl.
 */
#define OUTPUT_CURL 1
#include "channel_set.h"

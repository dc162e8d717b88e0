/*
 * lanner-output's channels: those that need no libcurl.
 */
#define OUTPUT_CURL 0
#include "channel_set.h"

/*
 * capture's side of the broker channel: the handshake (HELLO, then the
 * configuration between CONFIG_START and CONFIG_END), statistics, and
 * the messages the broker sends while capture runs.
 */
#ifndef LNR_CAPTURE_CTL_H
#define LNR_CAPTURE_CTL_H

#include <stddef.h>

#define CTL_HANDSHAKE_MS 10000

/* Connects, says HELLO and waits for the configuration. sock or -errno. */
int ctl_open(const char *url, int timeout_ms);
/* Sends text "key=value" lines as MSG_STATS. */
int ctl_send_stats(int sock, const char *text);
/*
 * Handles the messages waiting on sock. Returns 1 when the broker asked
 * capture to stop, 0 to go on, -errno when the channel failed.
 */
int ctl_dispatch(int sock);

#endif

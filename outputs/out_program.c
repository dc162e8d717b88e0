/*
 * The program channel: alerts on the standard input of
 * program_output.program, which the broker starts (outputs/sink.c hands
 * over the pipe). With keep_alive, one program takes every alert, and an
 * alert counts as delivered once the program has read it, so one it never
 * read (it exited) goes to the next program; without, each alert gets a
 * program of its own, as Falco does.
 */
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "conf_keys.h"
#include "log.h"
#include "sink.h"

#define PROGRAM_RETRIES 8	  /* programs tried for one alert */
#define PROGRAM_BACKOFF_MS 100	  /* the first wait before the next, doubling */
#define PROGRAM_POLL_MAX_US 10000 /* the longest pause while it reads */

static int pipe_fd = -1;
static int keep_alive;

static int program_init(const struct conf *c)
{
	keep_alive = conf_bool(c, CONF_PROGRAM_OUTPUT_KEEP_ALIVE);
	return 0;
}

static void pause_us(unsigned long us)
{
	struct timespec ts = {(time_t)(us / 1000000),
			      (long)(us % 1000000) * 1000};

	nanosleep(&ts, NULL);
}

/* Waits until the program has read everything in the pipe: 0, or -EPIPE
 * when it closed its end first. No event says "the pipe is empty", so
 * this looks, with pauses growing from a few microseconds. */
static int wait_read(int fd)
{
	unsigned long us = 5;

	for (;;) {
		struct pollfd p = {.fd = fd};
		int unread = 0;

		if (ioctl(fd, FIONREAD, &unread) < 0)
			return -errno;
		if (unread == 0)
			return 0;
		if (poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP)))
			return -EPIPE;
		pause_us(us);
		us =
		    us * 2 > PROGRAM_POLL_MAX_US ? PROGRAM_POLL_MAX_US : us * 2;
	}
}

static void drop_pipe(void)
{
	if (pipe_fd >= 0)
		close(pipe_fd);
	pipe_fd = -1;
}

/* One attempt: a program (a new one when there is none), the alert, and
 * for keep_alive its reading it. */
static int deliver_once(const char *text, size_t len)
{
	int r;

	if (pipe_fd < 0) {
		pipe_fd = sink_take();
		if (pipe_fd < 0)
			return pipe_fd;
	}
	r = sink_write_all(pipe_fd, text, len);
	if (r == 0 && keep_alive)
		r = wait_read(pipe_fd);
	if (r < 0 || !keep_alive)
		drop_pipe();
	/* Without keep_alive the program was run for this alert, whether
	 * it read it or not, as with Falco. */
	return !keep_alive && r == -EPIPE ? 0 : r;
}

static int program_deliver(const struct alert *a, const char *text, size_t len)
{
	unsigned long wait_ms = PROGRAM_BACKOFF_MS;
	int r;

	for (int tries = 1;; tries++) {
		r = deliver_once(text, len);
		if (r != -EPIPE || tries == PROGRAM_RETRIES)
			return r;
		/* The first restart is at once: a program that ends after
		 * some lines is normal; one that keeps dying is waited for. */
		log_warn("the program exited before reading an alert; "
			 "starting it again in %lu ms",
			 tries > 1 ? wait_ms : 0);
		if (tries > 1) {
			pause_us(wait_ms * 1000);
			wait_ms *= 2;
		}
	}
}

static int program_reopen(void)
{
	return 0;
}

static void program_close(void)
{
	drop_pipe();
}

static const struct sc_rule program_allow[] = {
    SC_ALLOW_ARG(ioctl, 1, FIONREAD), /* has the program read it all? */
};

const struct channel channel_program = {
    .name = "program", /* common/channels.def */
    .init = program_init,
    .deliver = program_deliver,
    .reopen = program_reopen,
    .close = program_close,
    .allow = program_allow,
    .nallow = sizeof(program_allow) / sizeof(*program_allow),
};

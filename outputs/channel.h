/*
 * An output channel: where one worker process delivers alerts. Each
 * channel is a line of common/channels.def and one file (out_<name>.c)
 * defining channel_<name>. init runs before privileges are dropped, so it opens
 * whatever the channel needs (files, sockets); deliver runs inside the
 * sandbox and gets the alert already formatted.
 */
#ifndef LNR_CHANNEL_H
#define LNR_CHANNEL_H

#include <stddef.h>

#include "alert.h"
#include "conf.h"
#include "sandbox.h"

struct channel {
	const char *name;
	/* Reads its settings (e.g. "file_output.filename"); 0 or -errno. */
	int (*init)(const struct conf *c);
	/* One alert; text is a whole line, newline included. 0 or
	 * -errno, and a failure ends the worker so the broker restarts it
	 * and sends the alert again. */
	int (*deliver)(const struct alert *a, const char *text, size_t len);
	/* Reopens files after log rotation; 0 or -errno. */
	int (*reopen)(void);
	void (*close)(void);
	/* The worker's seccomp table: the syscalls this channel needs
	 * beyond the runtime every child gets (read messages, write,
	 * allocate, exit), e.g. connect for a network channel. */
	const struct sc_rule *allow;
	size_t nallow;
};

/* The program's channels, NULL-terminated, and its name. */
extern const struct channel *const output_channels[];
extern const char output_program[];

const struct channel *channel_find(const char *name);

#define CHANNEL(name, enabled, owns_stdout, sink, curl)                        \
	extern const struct channel channel_##name;
#include "channels.def"
#undef CHANNEL

#endif

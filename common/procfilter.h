/*
 * The process filter: event types that only rules naming their process
 * (proc.name = x, proc.name in (...)) can match are recorded only for
 * processes that may have one of those names. The engine derives the
 * names (engine/evtsel_proc.c) and sends them as a mask of hashed names;
 * the probe keeps, with each process, the mask of every name the engine
 * may give it (capture/probe_names.bpf.h) and compares the two.
 */
#ifndef LNR_PROCFILTER_H
#define LNR_PROCFILTER_H

#define PROCFILTER_BITS 256
#define PROCFILTER_WORDS (PROCFILTER_BITS / 64)
#define PROCFILTER_BYTES (PROCFILTER_BITS / 8)
#define PROCFILTER_NAME_MAX 15 /* bytes of a name the kernel keeps */

/* In an event selection (MSG_EVT_SET), with the type's other bits: its
 * records only for the processes the mask may name. */
#define PROCFILTER_EVT 4

/* A name's bit: FNV-1a over its bytes, folded. */
#define PROCFILTER_HASH_INIT 2166136261u
#define PROCFILTER_HASH_STEP(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)
#define PROCFILTER_BIT(h) (((h) ^ ((h) >> 16)) & (PROCFILTER_BITS - 1))

#ifndef __bpf__
#include <stddef.h>
#include <stdint.h>

static inline unsigned procfilter_bit(const char *s, size_t len)
{
	uint32_t h = PROCFILTER_HASH_INIT;

	for (size_t i = 0; i < len; i++)
		h = PROCFILTER_HASH_STEP(h, s[i]);
	return PROCFILTER_BIT(h);
}
#endif

#endif

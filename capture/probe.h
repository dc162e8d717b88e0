/*
 * What the eBPF probe and its loader agree on: buffer sizes, map sizes
 * and the meaning of the drop counters. Fixed-width types only; the
 * probe includes this file too.
 */
#ifndef LNR_PROBE_H
#define LNR_PROBE_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define LNR_PROBE_REC_MAX (32 * 1024) /* largest record the probe emits */
#define LNR_PROBE_SCRATCH (2 * LNR_PROBE_REC_MAX) /* per-CPU build area */
#define LNR_PROBE_PATH_DEPTH 32 /* path components kept per walk */
#define LNR_PROBE_STR_MAX 4096	/* user strings, args and env */
#define LNR_PROBE_NAME_MAX 256	/* one path component with its NUL */
#define LNR_PROBE_SLOTS 4	/* scratch areas per CPU for records */
#define LNR_PROBE_AREAS (LNR_PROBE_SLOTS + 1) /* and the open filter's */
#define LNR_PROBE_NR_SYSCALLS 512     /* size of the syscall filter map */
#define LNR_PROBE_NR32_SOCKETCALL 102 /* i386: the socket multiplexer */
#define LNR_PROBE_SOCKETCALLS 21      /* its call numbers, SYS_SOCKET.. */
#define LNR_PROBE_RINGBUF_SIZE (8u << 20)
#define LNR_PROBE_WATERMARK (512u * 1024) /* wake the reader past this */
#define LNR_PROBE_SNAPLEN 80 /* data bytes of reads and writes, as Falco */
#define LNR_PROBE_IOU_INFLIGHT 4096 /* io_uring requests kept until done */
#define LNR_PROBE_IOU_NAMED 256	    /* of those, with their path names */
#define LNR_PROBE_IOU_OPS 64	    /* io_uring opcodes the map covers */

/* A slot of the fd marks (capture/probe_unseen.bpf.h): owned by one live
 * process, found at LNR_UNSEEN_SLOT(its tgid, 0 or 1). */
#define LNR_UNSEEN_FDS 1024 /* fds below this can be marked */
#define LNR_UNSEEN_BITS 11  /* LNR_UNSEEN_SLOTS = 2048 slots, 2.1 MB */
#define LNR_UNSEEN_SLOTS (1u << LNR_UNSEEN_BITS)
#define LNR_UNSEEN_SLOT(tgid, i)                                               \
	((((__u32)(tgid)*0x9e3779b1u) >> (32 - LNR_UNSEEN_BITS)) ^ (__u32)(i))
#define LNR_UNSEEN_GIVING 1 /* the owner of a slot being given back */
struct lnr_unseen {
	__u64 owner; /* the process: its struct signal_struct *; 0: free */
	__u64 start; /* its leader's start_time */
	__u64 files; /* the fd table marked: struct files_struct * */
	__u32 tgid;  /* the process's id, for tests and bpftool */
	__u8 marks[LNR_UNSEEN_FDS];
};

/* A key of the open filter's path map (capture/probe_open.bpf.h): an
 * LPM trie over the bytes of a path, OPENFILTER_KEY_MAX of them. */
struct lnr_open_key {
	__u32 prefixlen; /* bits */
	__u8 data[256];
};

#define LNR_OPEN_TOP_SHIFT 10
#define LNR_OPEN_TOP_BITS (1u << LNR_OPEN_TOP_SHIFT)

/* The process filter's settings (the probe's names_cfg map, one entry;
 * common/procfilter.h). */
struct lnr_names_cfg {
	/* The bits of the names the rules want: the engine's mask of
	 * PROCFILTER_BYTES, read as PROCFILTER_WORDS words (x86 is
	 * little-endian). */
	__u64 mask[4];
	__u64 trusted_after; /* boot-time ns; 0: the filter is off */
};

/* Which lookups of the path map an open can skip: those of entries that
 * would not take it anyway. One set for opens that only read (entries
 * whose mode takes every open), one for opens that write (every entry). */
struct lnr_open_pre {
	/* Bit c: a basename entry starts with byte c; bit n: one is n
	 * bytes long. A last component that fits neither needs no lookup. */
	__u64 base_first[4];
	__u64 base_len[4];
	/* Bit lnr_open_top of each path entry's key: a path whose own bit
	 * is off needs no lookup of the path map (most paths: /proc, /tmp,
	 * /home...). top_any: an entry is shorter than that, every path is
	 * looked up. */
	__u64 top[LNR_OPEN_TOP_BITS / 64];
	__u32 top_any;
	__u32 basenames; /* the set holds basename entries */
};

/* The open filter's settings (the probe's open_cfg map, one entry). */
struct lnr_open_cfg {
	__u32 all;	   /* record every open */
	__u32 write_any;   /* record every open that writes */
	__u32 keep_closes; /* a rule matches close: record every one */
	__u32 pad;
	struct lnr_open_pre pre[2]; /* [0]: opens that read, [1]: that write */
};

/* The bit in the top set of a path whose three bytes after the leading
 * '/' are the low three of b (little-endian): a multiplicative hash. */
static inline __u32 lnr_open_top_of(__u32 b)
{
	return ((b & 0xffffff) * 0x9e3779b1u) >> (32 - LNR_OPEN_TOP_SHIFT);
}

/* The bit of a key's path in the top set. The probe and capture both
 * hash with this. */
static inline __u32 lnr_open_top(const struct lnr_open_key *k)
{
	__u32 w;

	__builtin_memcpy(&w, k->data, sizeof(w)); /* 4-aligned */
	return lnr_open_top_of(w >> 8);
}

/* Kernel-side drop counters (per-CPU array indices). */
enum probe_drop {
	PROBE_DROP_RINGBUF, /* the ring buffer was full */
	PROBE_DROP_BUSY,    /* every scratch area of the CPU was taken */
	PROBE_DROP_IOURING, /* no room to keep an io_uring request */
	PROBE_DROP_COUNT
};

#endif

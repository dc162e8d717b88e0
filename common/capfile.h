/*
 * Capture files: what lanner --capture writes and lanner -e replays. A
 * preamble (magic, format version, byte-order mark), a META block (event
 * schema version, host name, kernel release, boot time, the
 * configuration that produced the file), then SNAPSHOT blocks (the /proc
 * records) and EVENTS blocks (the records the ring carries, in the
 * common/event.h format). Each block has a header and a CRC-32C.
 *
 * The reader treats the file as hostile: a block whose checksum or
 * framing is wrong is skipped whole and counted, the reader finds the
 * next block by its magic, and every problem is reported with the byte
 * offset and the block. Only read and write are used on the descriptor,
 * so sandboxed processes may run either side.
 */
#ifndef LNR_CAPFILE_H
#define LNR_CAPFILE_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"

#define CAPFILE_MAGIC "LNRCAP\r\n" /* 8 bytes; \r\n catches text mangling */
#define CAPFILE_FORMAT_VERSION 1
#define CAPFILE_BYTE_ORDER 0x01020304u	 /* as the writing host stores it */
#define CAPFILE_BLOCK_MAGIC 0x6b6c626cu	 /* "lblk" little-endian */
#define CAPFILE_BLOCK_TARGET (64u << 10) /* the writer flushes past this */
#define CAPFILE_BLOCK_MAX (1u << 20)	 /* the reader refuses larger */
#define CAPFILE_STR_MAX 4096		 /* host name, kernel release */

enum capfile_kind {
	CAPFILE_NONE,
	CAPFILE_META,	  /* the header, first and once */
	CAPFILE_SNAPSHOT, /* /proc records */
	CAPFILE_EVENTS,	  /* records as the ring carries them */
	CAPFILE_KIND_COUNT
};

struct capfile_preamble {
	char magic[8];
	uint32_t format_version;
	uint32_t byte_order;
};
_Static_assert(sizeof(struct capfile_preamble) == 16, "part of the format");

/* Blocks start 8-byte aligned. crc covers this header (with crc zero)
 * and the payload; hcheck, the low 16 bits of the CRC of the header with
 * hcheck and crc zero, lets the reader pass over false magics cheaply
 * while it looks for the next block. Payloads are padded with zeros to a
 * multiple of 8. */
struct capfile_block_hdr {
	uint32_t magic;
	uint16_t kind;
	uint16_t hcheck;
	uint32_t seq; /* 0 for META, then 1, 2, ... */
	uint32_t len; /* payload bytes, padding excluded */
	uint32_t nrecords;
	uint32_t crc;
};
_Static_assert(sizeof(struct capfile_block_hdr) == 24, "part of the format");

struct capfile_meta {
	uint32_t format_version;
	uint32_t schema_version;
	uint64_t boot_time_ns; /* when the host booted, ns since the epoch */
	uint64_t created_ns;   /* when the file was started */
	char hostname[256];
	char kernel[256];
};

/* The name of the capture file around an alert at ts (ns since the
 * epoch): PREFIX_YYYYmmdd-HHMMSS.NNNNNNNNN.lcap, in UTC. The engine
 * names it in the alert, the broker checks the name and creates it.
 * 0, or -ENAMETOOLONG. */
int capfile_alert_name(char *buf, size_t len, const char *prefix,
		       uint64_t ts_ns);

/* What the broker sends lanner-capture with the descriptor of a capture
 * file around an alert: the event times the file covers. */
struct capfile_clip {
	uint64_t from_ns, until_ns;
};

/* This host's meta: schema version, uname, boot time, now. */
void capfile_meta_local(struct capfile_meta *m);

struct capfile_writer {
	int fd;
	uint8_t *buf; /* the block being filled, header first */
	size_t used;  /* payload bytes in buf */
	uint32_t nrecords;
	enum capfile_kind kind;
	uint32_t seq;
	uint64_t records, blocks, bytes;
	int err; /* the first write error, -errno; nothing is written after */
};

/* Writes the preamble and the META block (m, and conf, which may be
 * NULL); with m NULL writes nothing and appends blocks to a file whose
 * header another writer wrote. 0 or -errno. The descriptor stays the
 * caller's. */
int capfile_writer_open(struct capfile_writer *w, int fd,
			const struct capfile_meta *m, const struct conf *conf);
/* Appends one record of kind SNAPSHOT or EVENTS; a block is written when
 * full or when the kind changes. 0 or the writer's error. */
int capfile_write(struct capfile_writer *w, enum capfile_kind kind,
		  const void *rec, size_t len);
/* Writes the block being filled, if any. 0 or the writer's error. */
int capfile_writer_flush(struct capfile_writer *w);
/* Flushes and frees; the result of the flush. */
int capfile_writer_close(struct capfile_writer *w);

struct capfile_stats {
	uint64_t blocks;	 /* good record blocks */
	uint64_t records;	 /* handed out */
	uint64_t corrupt_blocks; /* skipped: checksum, framing, header */
	uint64_t skipped_bytes;	 /* not trusted, not read as records */
	uint64_t truncated;	 /* 1 when the file ends inside a block */
};

/* The header's hcheck value. */
uint16_t capfile_hcheck(const struct capfile_block_hdr *h);

/* A problem the reader skipped over, with offset and block in msg. */
typedef void (*capfile_warn_fn)(void *arg, const char *msg);

struct capfile_reader {
	int fd;
	const char *name; /* for messages */
	uint8_t *buf;	  /* file bytes [off, off + end - start) */
	size_t start, end, cap;
	uint64_t off; /* file offset of buf[start] */
	int eof;
	struct capfile_meta meta;
	struct conf conf; /* the configuration that made the file */
	/* the block whose records are being handed out */
	size_t rec_pos, rec_end; /* in buf */
	enum capfile_kind rec_kind;
	uint32_t last_seq;    /* of the last good block */
	int resyncing;	      /* looking for the next block magic */
	uint64_t resync_from; /* where the untrusted bytes began */
	struct capfile_stats st;
	capfile_warn_fn warn;
	void *warn_arg;
	char err[320]; /* why open or next failed */
};

/*
 * Reads the preamble and META block from fd. 0; -EINVAL (not a capture
 * file, a damaged header), -EPROTONOSUPPORT (a newer format or schema
 * version, another byte order) or -errno, each with the reason in r->err.
 * warn may be NULL (problems are then only counted).
 */
int capfile_reader_open(struct capfile_reader *r, int fd, const char *name,
			capfile_warn_fn warn, void *warn_arg);
/*
 * The next record: 1 with *rec, *len and *kind set (rec points into the
 * reader's buffer until the next call), 0 at the end of the file, or
 * -errno when reading failed (reason in r->err).
 */
int capfile_next(struct capfile_reader *r, const void **rec, size_t *len,
		 enum capfile_kind *kind);
void capfile_reader_close(struct capfile_reader *r);

const char *capfile_kind_name(enum capfile_kind kind);

#endif

/*
 * Event records: the one format the probe writes, the shared-memory ring
 * carries, capture files store and the engine reads. Fixed-width types
 * only, so the BPF probe includes this header too.
 *
 * A record is a struct lnr_evt_hdr, then nparams uint16_t parameter
 * lengths, then the parameter bytes in order. Strings are NUL-terminated
 * and their length includes the NUL; a CHARBUFARRAY is strings one after
 * another. Integers are host byte order, at any alignment.
 */
#ifndef LNR_EVENT_H
#define LNR_EVENT_H

#ifndef __bpf__
#include <stddef.h>
#include <stdint.h>
#endif

#include "pp.h"

#define LNR_SCHEMA_VERSION 5
#define LNR_MAX_PARAMS 40
_Static_assert(LNR_MAX_PARAMS <= LNR_PP_MAX, "LNR_PI_ enums need LNR_PP_EACH");
#define LNR_EVT_MAX_SIZE (64 * 1024) /* a record never exceeds this */

/* Parameter types. Append only. */
enum lnr_param_type {
	LNR_PT_NONE,
	LNR_PT_INT64,
	LNR_PT_UINT64,
	LNR_PT_UINT32,
	LNR_PT_UINT8,
	LNR_PT_FD,	  /* int64: a file descriptor, negative on error */
	LNR_PT_PID,	  /* int64: a pid or tid, negative on error */
	LNR_PT_ERRNO,	  /* int64: 0 or -errno */
	LNR_PT_PATH,	  /* string: an absolute path */
	LNR_PT_FSPATH,	  /* string: a path, relative to cwd if not absolute */
	LNR_PT_FSRELPATH, /* string: a path relative to the preceding dirfd */
	LNR_PT_CHARBUF,	  /* string */
	LNR_PT_CHARBUFARRAY, /* strings one after another */
	LNR_PT_BYTES,	     /* raw bytes */
	LNR_PT_FLAGS32,	     /* uint32 */
	LNR_PT_FLAGS64,	     /* uint64 */
	LNR_PT_MODE,	     /* uint32 */
	LNR_PT_UID,	     /* uint32 */
	LNR_PT_GID,	     /* uint32 */
	LNR_PT_ABSTIME,	     /* uint64: ns since the epoch */
	LNR_PT_RELTIME,	     /* uint64: ns */
	LNR_PT_SOCKADDR,     /* an address: see "Socket addresses" below */
	LNR_PT_SOCKTUPLE,    /* both ends of a socket: see below */
	LNR_PT_INT32,	     /* int32 */
	LNR_PT_TYPE_COUNT
};

enum lnr_evt_kind {
	LNR_KIND_SYSCALL,
	LNR_KIND_SCHED,
	LNR_KIND_SYNTH,
	LNR_KIND_PLUGIN,
	LNR_KIND_IOURING
};

enum lnr_evt_type {
	LNR_EVT_NONE,
#define LNR_EVENT(ID, name, kind, params) LNR_EVT_##ID,
#include "event_table.def"
#undef LNR_EVENT
	LNR_EVT_COUNT
};

/* Per-event parameter counts, derived from the table. */
#define LNR_P(type, name, source, flagset) +1
enum lnr_evt_nparams {
#define LNR_EVENT(ID, name, kind, params) LNR_NPARAMS_##ID = 0 params,
#include "event_table.def"
#undef LNR_EVENT
	LNR_NPARAMS_PROC = 0 LNR_PROC_PARAMS
};
#undef LNR_P

/*
 * Parameter positions: LNR_PI_<ID>_<name> is the index of parameter
 * `name` of event ID, one enum per event, so code reads a parameter by a
 * constant the compiler checks instead of looking its name up.
 * LNR_PROC_PI_<name> is a position within LNR_PROC_PARAMS, to be added to
 * where the block starts (lnr_evt_proc_index).
 */
#define LNR_PI_ITEM(ID, name) LNR_PI_##ID##_##name,
#define LNR_P(type, name, source, flagset) , name
#define LNR_EVENT(ID, name, kind, params)                                      \
	enum lnr_pi_##ID{LNR_PP_EACH(LNR_PI_ITEM, ID params)};
#include "event_table.def"
#undef LNR_EVENT
#undef LNR_P
#undef LNR_PI_ITEM

#define LNR_P(type, name, source, flagset) LNR_PROC_PI_##name,
enum lnr_proc_pi { LNR_PROC_PARAMS };
#undef LNR_P

/* A SYSCALL event's return value is its first parameter (event_table.def). */
#define LNR_PI_RET 0

/* Flag-name sets a FLAGS32/FLAGS64 (or chmod MODE) parameter is shown
 * with (flagset). */
enum lnr_flagset {
	LNR_FLAGS_NONE,	   /* shown as a number */
	LNR_FLAGS_OPEN,	   /* O_* with the access mode first */
	LNR_FLAGS_CLONE,   /* CLONE_* */
	LNR_FLAGS_AT,	   /* AT_* of the *at calls */
	LNR_FLAGS_RESOLVE, /* RESOLVE_* of openat2 */
	LNR_FLAGS_RENAME,  /* RENAME_* of renameat2 */
	/* Identity and isolation: MODULE_INIT_* of finit_module, and
	 * O_NONBLOCK and O_TRUNC of delete_module. */
	LNR_FLAGS_FINIT_MODULE,
	LNR_FLAGS_DELETE_MODULE,
	/* Network: address families (AF_*), SOCK_NONBLOCK and SOCK_CLOEXEC
	 * (shown as O_NONBLOCK, O_CLOEXEC), shutdown's SHUT_*, socket
	 * option levels (SOL_*) and SOL_SOCKET option names (SO_*). The
	 * families, SHUT_*, levels and options are values, not bits. */
	LNR_FLAGS_SOCKET_FAMILY,
	LNR_FLAGS_SOCK,
	LNR_FLAGS_SHUTDOWN_HOW,
	LNR_FLAGS_SOCKOPT_LEVEL,
	LNR_FLAGS_SOCKOPT,
	/* Descriptors, memory and bpf. */
	LNR_FLAGS_FD,	       /* O_CLOEXEC, O_NONBLOCK, O_DIRECT of new fds */
	LNR_FLAGS_CLOSE_RANGE, /* CLOSE_RANGE_* */
	LNR_FLAGS_EVENTFD,     /* EFD_* */
	LNR_FLAGS_MEMFD,       /* MFD_* */
	LNR_FLAGS_USERFAULTFD, /* UFFD_USER_MODE_ONLY and the fd flags */
	LNR_FLAGS_IO_URING_SETUP, /* IORING_SETUP_* */
	LNR_FLAGS_PROT,		  /* PROT_* of mmap and mprotect */
	LNR_FLAGS_MMAP,		  /* MAP_* */
	/* Permission bits of the chmod family, shown by name (S_IXOTH ...
	 * S_ISUID) as Falco shows them; other modes are shown in octal. */
	LNR_FLAGS_CHMOD_MODE,
	/* ptrace's request, a value (PTRACE_ATTACH, ...), as Falco names it. */
	LNR_FLAGS_PTRACE_REQUEST,
	LNR_FLAGS_COUNT
};

/*
 * Socket addresses. A SOCKADDR is the address family (uint8, the
 * kernel's AF_ value), then:
 *   AF_INET   address (4 bytes, network order), port (uint16)
 *   AF_INET6  address (16 bytes, network order), port (uint16)
 *   AF_UNIX   the path, NUL-terminated: "@name" for an abstract name,
 *             empty for an unnamed socket
 *   other     nothing
 * A SOCKTUPLE is the family, then the source end, then the destination
 * end. The local end is the source for connect, sendto and sendmsg; the
 * remote end is for accept, accept4, recvfrom and recvmsg (Falco's
 * order). An end is, for:
 *   AF_INET, AF_INET6  address, port (uint16), as in a SOCKADDR
 *   AF_UNIX   the inode of its socket (uint64; 0 while it has none, as
 *             the server end of a connection not accepted yet); then,
 *             after both ends, the destination's path as in a SOCKADDR
 * Ports are host order.
 */
#define LNR_AF_UNIX 1
#define LNR_AF_INET 2
#define LNR_AF_INET6 10
#define LNR_SOCKADDR_IN_LEN 7	 /* family, 4, port */
#define LNR_SOCKADDR_IN6_LEN 19	 /* family, 16, port */
#define LNR_SOCKTUPLE_IN_LEN 13	 /* family, 2 x (4, port) */
#define LNR_SOCKTUPLE_IN6_LEN 37 /* family, 2 x (16, port) */
#define LNR_SOCKTUPLE_UN_HEAD 17 /* family, 2 inodes; the path follows */
#define LNR_UNIX_PATH_MAX 110	 /* "@" + 108 bytes of sun_path + NUL */

/* Bits of the PROC flags parameter (LNR_PROC_PARAMS "flags"). */
#define LNR_PROCF_THREAD_LEADER (1u << 0) /* tid == pid */
#define LNR_PROCF_EXE_WRITABLE (1u << 1)  /* exe writable by its euid/egid */
#define LNR_PROCF_EXE_OVERLAY (1u << 2)	  /* exe on an overlayfs mount */
#define LNR_PROCF_EXE_MEMFD (1u << 3)	  /* exe is a memfd */
#define LNR_PROCF_EXE_DELETED (1u << 4)	  /* exe has no link left */

/*
 * fds received over a unix socket (SCM_RIGHTS), recvmsg's fds parameter:
 * at most LNR_RFDS_MAX entries, each a struct lnr_rfd, as the receiver's
 * table has them after the call. fdnames holds one string per entry, in
 * the same order: a file's absolute path, a unix socket's address (its
 * own, else its peer's, as in a SOCKADDR), the name a file that is in
 * no directory was made with ("[eventfd]", "inotify", "memfd:NAME";
 * "" for a pipe), or empty.
 */
#define LNR_RFDS_MAX 8
struct lnr_rfd {
	int32_t fd;	  /* its number in the receiver's table */
	uint32_t mode;	  /* the inode's st_mode: file type, permissions */
	uint32_t flags;	  /* open flags; O_CLOEXEC when the table has it */
	uint32_t dev;	  /* st_dev of its file system */
	uint64_t ino;	  /* st_ino */
	uint32_t fsmagic; /* its file system's magic (pipefs, sockfs, ...) */
	uint8_t family;	  /* a socket's address family, else 0 */
	uint8_t proto;	  /* a socket's protocol (IPPROTO_TCP, ...) */
	/* 1 for a socket that listens or was accepted from one that did
	 * (it inherits the listen backlog): a server's end. */
	uint8_t listened;
	uint8_t pad;
	/* An AF_INET or AF_INET6 socket's ends, local and remote; a port
	 * of 0: none (not bound, not connected). */
	uint8_t laddr[16], raddr[16]; /* 4 bytes used for AF_INET */
	uint16_t lport, rport;	      /* host order */
	uint32_t pad2;
};
_Static_assert(sizeof(struct lnr_rfd) == 72,
	       "a received fd's entry is part of the schema: bump "
	       "LNR_SCHEMA_VERSION");

struct lnr_evt_hdr {
	uint64_t ts;	  /* ns since the epoch */
	uint32_t tid;	  /* thread that made the call */
	uint32_t pid;	  /* its thread group */
	uint32_t len;	  /* whole record, header included */
	uint16_t type;	  /* enum lnr_evt_type */
	uint16_t nparams; /* may be fewer than the schema's (older writer) */
};
_Static_assert(
    sizeof(struct lnr_evt_hdr) == 24,
    "the record header is part of the schema: bump LNR_SCHEMA_VERSION");

/*
 * Size of a fixed-width parameter type, 0 for variable-length ones, and
 * whether a type is a NUL-terminated string: inline here so the probe that
 * writes records and the decoder that checks them share one definition.
 */
static inline uint32_t lnr_param_fixed_size(enum lnr_param_type type)
{
	switch (type) {
	case LNR_PT_INT64:
	case LNR_PT_UINT64:
	case LNR_PT_FD:
	case LNR_PT_PID:
	case LNR_PT_ERRNO:
	case LNR_PT_FLAGS64:
	case LNR_PT_ABSTIME:
	case LNR_PT_RELTIME:
		return 8;
	case LNR_PT_UINT32:
	case LNR_PT_INT32:
	case LNR_PT_FLAGS32:
	case LNR_PT_MODE:
	case LNR_PT_UID:
	case LNR_PT_GID:
		return 4;
	case LNR_PT_UINT8:
		return 1;
	default:
		return 0;
	}
}

static inline int lnr_param_is_string(enum lnr_param_type type)
{
	return type == LNR_PT_PATH || type == LNR_PT_FSPATH ||
	       type == LNR_PT_FSRELPATH || type == LNR_PT_CHARBUF ||
	       type == LNR_PT_CHARBUFARRAY;
}

#ifndef __bpf__
struct lnr_param_info {
	enum lnr_param_type type;
	enum lnr_flagset flagset;
	const char *name;
};

struct lnr_event_info {
	const char *name;
	enum lnr_evt_kind kind;
	uint16_t nparams;
	const struct lnr_param_info *params;
};

/* A decoded view of a record; pointers are into the record. */
struct lnr_evt {
	const struct lnr_evt_hdr *hdr;
	const struct lnr_event_info *info;
	uint16_t nparams;
	const uint8_t *param[LNR_MAX_PARAMS];
	uint16_t plen[LNR_MAX_PARAMS];
};

/* A SOCKADDR or SOCKTUPLE taken apart (pointers into the record). A
 * SOCKADDR has one end, a SOCKTUPLE two: source, destination. */
struct lnr_sockend {
	uint8_t addr[16]; /* 4 bytes used for AF_INET */
	uint16_t port;
	uint64_t ino; /* AF_UNIX tuples */
};

struct lnr_netaddr {
	uint8_t family;
	uint8_t nends; /* 0 for families shown by number only */
	struct lnr_sockend end[2];
	const char *path; /* AF_UNIX, else NULL */
};

extern const struct lnr_event_info lnr_events[LNR_EVT_COUNT];

/* Event type by name (evt.type), or LNR_EVT_NONE. */
/* The event type of this name; for a syscall that io_uring can also
 * perform, the syscall's (lnr_evt_twin leads back to it). */
enum lnr_evt_type lnr_event_by_name(const char *name);
/* The SYSCALL event an IOURING event stands for; any other type itself. */
enum lnr_evt_type lnr_evt_twin(enum lnr_evt_type type);

/*
 * Checks a record from an untrusted writer and fills a view of it.
 * Returns 0, or -EINVAL with a reason in *why: truncated, lengths that do
 * not add up, unknown type, a string without its NUL, a fixed-size
 * parameter of the wrong size.
 */
int lnr_evt_decode(const void *buf, size_t len, struct lnr_evt *evt,
		   const char **why);

/* Typed parameter access; return -ENOENT when absent or empty. */
int lnr_evt_get_s64(const struct lnr_evt *evt, unsigned i, int64_t *v);
int lnr_evt_get_u64(const struct lnr_evt *evt, unsigned i, uint64_t *v);
const char *lnr_evt_get_str(const struct lnr_evt *evt, unsigned i);

/*
 * Takes a SOCKADDR (tuple 0) or SOCKTUPLE (tuple 1) value apart; -EINVAL
 * when its length does not match its family's layout. The decoder
 * checks every such parameter with it.
 */
int lnr_netaddr_parse(const uint8_t *p, size_t len, int tuple,
		      struct lnr_netaddr *out);
/* Parameter i as a SOCKADDR or SOCKTUPLE; -ENOENT when absent, empty or
 * of another type. */
int lnr_evt_get_netaddr(const struct lnr_evt *evt, unsigned i,
			struct lnr_netaddr *out);

/* Index of parameter `name` of this event type, or -1. A lookup by
 * name, for names that come from rules or tests; code that knows the
 * parameter uses its LNR_PI_ constant. */
int lnr_evt_param_index(enum lnr_evt_type type, const char *name);

/* Where LNR_PROC_PARAMS starts in this event type, or -1. */
int lnr_evt_proc_index(enum lnr_evt_type type);

/* Where the return value is (LNR_PI_RET for SYSCALL events), or -1. */
static inline int lnr_evt_ret_index(enum lnr_evt_type type)
{
	return type < LNR_EVT_COUNT &&
		       (lnr_events[type].kind == LNR_KIND_SYSCALL ||
			lnr_events[type].kind == LNR_KIND_IOURING)
		   ? LNR_PI_RET
		   : -1;
}

/*
 * Builds a record in user space (synthetic events, tests, the capture
 * file tools). Parameters are appended in schema order.
 */
struct lnr_evt_builder {
	uint8_t *buf;
	size_t cap;
	size_t used;
	uint16_t nparams;
	int overflow;
	int mistyped; /* a value did not fit its parameter's type */
};

/*
 * One parameter value for lnr_evtb_add_vals, kept in an array indexed by
 * the LNR_PI_ constants so that writers name each parameter instead of
 * restating the schema's order. A number is written at the width the
 * schema gives the parameter; an entry left zero is an empty parameter.
 */
enum lnr_pval_kind { LNR_PV_EMPTY, LNR_PV_NUMBER, LNR_PV_STRING, LNR_PV_RAW };

struct lnr_pval {
	enum lnr_pval_kind kind;
	uint64_t num;
	const void *data; /* LNR_PV_STRING (NULL: empty), LNR_PV_RAW */
	size_t len;	  /* LNR_PV_RAW */
};

#define LNR_PV_NUM(v) ((struct lnr_pval){.kind = LNR_PV_NUMBER, .num = (v)})
#define LNR_PV_STR(s) ((struct lnr_pval){.kind = LNR_PV_STRING, .data = (s)})
#define LNR_PV_BYTES(p, n)                                                     \
	((struct lnr_pval){.kind = LNR_PV_RAW, .data = (p), .len = (n)})

void lnr_evtb_init(struct lnr_evt_builder *b, void *buf, size_t cap,
		   enum lnr_evt_type type, uint64_t ts, uint32_t tid,
		   uint32_t pid);
void lnr_evtb_add(struct lnr_evt_builder *b, const void *data, size_t len);
void lnr_evtb_add_u64(struct lnr_evt_builder *b, uint64_t v);
void lnr_evtb_add_u32(struct lnr_evt_builder *b, uint32_t v);
void lnr_evtb_add_u8(struct lnr_evt_builder *b, uint8_t v);
void lnr_evtb_add_str(struct lnr_evt_builder *b, const char *s);
/* Appends v[0..n) after what was added so far, each checked against its
 * parameter's type: a number for a fixed-size type, a string for a
 * string type. */
void lnr_evtb_add_vals(struct lnr_evt_builder *b, const struct lnr_pval *v,
		       unsigned n);
/* Returns the record length, -ENOSPC if it did not fit, -EINVAL if a
 * value did not match its parameter's type. */
int lnr_evtb_finish(struct lnr_evt_builder *b);
#endif /* !__bpf__ */

#endif

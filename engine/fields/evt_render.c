/*
 * Parameter rendering for evt.* fields: one formatter per parameter type,
 * flag name tables per flag set, errno names from the C library.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>

#include "evt_render.h"

struct flag_name {
	uint64_t mask;
	const char *name;
};

#define LNR_O_LARGEFILE 0100000 /* the kernel's value; 0 in user headers */
static const struct flag_name open_flags[] = {
    {O_TMPFILE, "O_TMPFILE"}, /* before O_DIRECTORY, which it holds */
    {O_SYNC, "O_SYNC"},	      /* before O_DSYNC, which it holds */
    {O_CREAT, "O_CREAT"},	  {O_EXCL, "O_EXCL"},
    {O_NOCTTY, "O_NOCTTY"},	  {O_TRUNC, "O_TRUNC"},
    {O_APPEND, "O_APPEND"},	  {O_NONBLOCK, "O_NONBLOCK"},
    {O_DSYNC, "O_DSYNC"},	  {O_ASYNC, "O_ASYNC"},
    {O_DIRECT, "O_DIRECT"},	  {LNR_O_LARGEFILE, "O_LARGEFILE"},
    {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"},
    {O_NOATIME, "O_NOATIME"},	  {O_CLOEXEC, "O_CLOEXEC"},
    {O_PATH, "O_PATH"},		  {0, NULL},
};

static const struct flag_name clone_flags[] = {
    {CLONE_VM, "CLONE_VM"},
    {CLONE_FS, "CLONE_FS"},
    {CLONE_FILES, "CLONE_FILES"},
    {CLONE_SIGHAND, "CLONE_SIGHAND"},
    {CLONE_PIDFD, "CLONE_PIDFD"},
    {CLONE_PTRACE, "CLONE_PTRACE"},
    {CLONE_VFORK, "CLONE_VFORK"},
    {CLONE_PARENT, "CLONE_PARENT"},
    {CLONE_THREAD, "CLONE_THREAD"},
    {CLONE_NEWNS, "CLONE_NEWNS"},
    {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
    {CLONE_SETTLS, "CLONE_SETTLS"},
    {CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"},
    {CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"},
    {CLONE_UNTRACED, "CLONE_UNTRACED"},
    {CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"},
    {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
    {CLONE_NEWUTS, "CLONE_NEWUTS"},
    {CLONE_NEWIPC, "CLONE_NEWIPC"},
    {CLONE_NEWUSER, "CLONE_NEWUSER"},
    {CLONE_NEWPID, "CLONE_NEWPID"},
    {CLONE_NEWNET, "CLONE_NEWNET"},
    {CLONE_IO, "CLONE_IO"},
    {0, NULL},
};

/* AT_REMOVEDIR is also faccessat's AT_EACCESS; no event shows that one. */
static const struct flag_name at_flags[] = {
    {AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"},
    {AT_REMOVEDIR, "AT_REMOVEDIR"},
    {AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"},
    {AT_EMPTY_PATH, "AT_EMPTY_PATH"},
    {0, NULL},
};

/* openat2 resolve flags (linux/openat2.h). */
static const struct flag_name resolve_flags[] = {
    {0x01, "RESOLVE_NO_XDEV"},
    {0x02, "RESOLVE_NO_MAGICLINKS"},
    {0x04, "RESOLVE_NO_SYMLINKS"},
    {0x08, "RESOLVE_BENEATH"},
    {0x10, "RESOLVE_IN_ROOT"},
    {0x20, "RESOLVE_CACHED"},
    {0, NULL},
};

/* renameat2 flags (linux/fs.h). */
static const struct flag_name rename_flags[] = {
    {0x1, "RENAME_NOREPLACE"},
    {0x2, "RENAME_EXCHANGE"},
    {0x4, "RENAME_WHITEOUT"},
    {0, NULL},
};

/* finit_module flags (linux/module.h). */
static const struct flag_name finit_module_flags[] = {
    {0x1, "MODULE_INIT_IGNORE_MODVERSIONS"},
    {0x2, "MODULE_INIT_IGNORE_VERMAGIC"},
    {0x4, "MODULE_INIT_COMPRESSED_FILE"},
    {0, NULL},
};

static const struct flag_name delete_module_flags[] = {
    {O_NONBLOCK, "O_NONBLOCK"},
    {O_TRUNC, "O_TRUNC"},
    {0, NULL},
};

/* Network (values, not bits, except sock_flags). */
static const struct flag_name socket_families[] = {
    {AF_UNSPEC, "AF_UNSPEC"},
    {AF_UNIX, "AF_UNIX"},
    {AF_INET, "AF_INET"},
    {AF_AX25, "AF_AX25"},
    {AF_IPX, "AF_IPX"},
    {AF_APPLETALK, "AF_APPLETALK"},
    {AF_NETROM, "AF_NETROM"},
    {AF_BRIDGE, "AF_BRIDGE"},
    {AF_ATMPVC, "AF_ATMPVC"},
    {AF_X25, "AF_X25"},
    {AF_INET6, "AF_INET6"},
    {AF_ROSE, "AF_ROSE"},
    {AF_DECnet, "AF_DECnet"},
    {AF_NETBEUI, "AF_NETBEUI"},
    {AF_SECURITY, "AF_SECURITY"},
    {AF_KEY, "AF_KEY"},
    {AF_NETLINK, "AF_NETLINK"},
    {AF_PACKET, "AF_PACKET"},
    {AF_ASH, "AF_ASH"},
    {AF_ECONET, "AF_ECONET"},
    {AF_ATMSVC, "AF_ATMSVC"},
    {AF_RDS, "AF_RDS"},
    {AF_SNA, "AF_SNA"},
    {AF_IRDA, "AF_IRDA"},
    {AF_PPPOX, "AF_PPPOX"},
    {AF_WANPIPE, "AF_WANPIPE"},
    {AF_LLC, "AF_LLC"},
    {AF_IB, "AF_IB"},
    {AF_MPLS, "AF_MPLS"},
    {AF_CAN, "AF_CAN"},
    {AF_TIPC, "AF_TIPC"},
    {AF_BLUETOOTH, "AF_BLUETOOTH"},
    {AF_IUCV, "AF_IUCV"},
    {AF_RXRPC, "AF_RXRPC"},
    {AF_ISDN, "AF_ISDN"},
    {AF_PHONET, "AF_PHONET"},
    {AF_IEEE802154, "AF_IEEE802154"},
    {AF_CAIF, "AF_CAIF"},
    {AF_ALG, "AF_ALG"},
    {AF_NFC, "AF_NFC"},
    {AF_VSOCK, "AF_VSOCK"},
    {AF_KCM, "AF_KCM"},
    {AF_QIPCRTR, "AF_QIPCRTR"},
    {AF_SMC, "AF_SMC"},
    {44, "AF_XDP"},
    {45, "AF_MCTP"},
    {0, NULL},
};

/* SOCK_NONBLOCK and SOCK_CLOEXEC are O_NONBLOCK and O_CLOEXEC. */
static const struct flag_name sock_flags[] = {
    {SOCK_NONBLOCK, "O_NONBLOCK"},
    {SOCK_CLOEXEC, "O_CLOEXEC"},
    {0, NULL},
};

static const struct flag_name shutdown_how[] = {
    {SHUT_RD, "SHUT_RD"},
    {SHUT_WR, "SHUT_WR"},
    {SHUT_RDWR, "SHUT_RDWR"},
    {0, NULL},
};

static const struct flag_name sockopt_levels[] = {
    {SOL_IP, "SOL_IP"}, {SOL_SOCKET, "SOL_SOCKET"}, {6, "SOL_TCP"},
    {17, "SOL_UDP"},	{SOL_IPV6, "SOL_IPV6"},	    {0, NULL},
};

/* SOL_SOCKET options (asm-generic/socket.h, as x86 has them). */
static const struct flag_name sockopt_names[] = {
    {1, "SO_DEBUG"},	      {2, "SO_REUSEADDR"},
    {3, "SO_TYPE"},	      {4, "SO_ERROR"},
    {5, "SO_DONTROUTE"},      {6, "SO_BROADCAST"},
    {7, "SO_SNDBUF"},	      {8, "SO_RCVBUF"},
    {9, "SO_KEEPALIVE"},      {10, "SO_OOBINLINE"},
    {11, "SO_NO_CHECK"},      {12, "SO_PRIORITY"},
    {13, "SO_LINGER"},	      {14, "SO_BSDCOMPAT"},
    {15, "SO_REUSEPORT"},     {16, "SO_PASSCRED"},
    {17, "SO_PEERCRED"},      {18, "SO_RCVLOWAT"},
    {19, "SO_SNDLOWAT"},      {20, "SO_RCVTIMEO"},
    {21, "SO_SNDTIMEO"},      {25, "SO_BINDTODEVICE"},
    {26, "SO_ATTACH_FILTER"}, {27, "SO_DETACH_FILTER"},
    {28, "SO_PEERNAME"},      {29, "SO_TIMESTAMP"},
    {30, "SO_ACCEPTCONN"},    {31, "SO_PEERSEC"},
    {32, "SO_SNDBUFFORCE"},   {33, "SO_RCVBUFFORCE"},
    {34, "SO_PASSSEC"},	      {35, "SO_TIMESTAMPNS"},
    {36, "SO_MARK"},	      {37, "SO_TIMESTAMPING"},
    {38, "SO_PROTOCOL"},      {39, "SO_DOMAIN"},
    {40, "SO_RXQ_OVFL"},      {42, "SO_PEEK_OFF"},
    {46, "SO_BUSY_POLL"},     {49, "SO_INCOMING_CPU"},
    {50, "SO_ATTACH_BPF"},    {57, "SO_COOKIE"},
    {59, "SO_PEERGROUPS"},    {0, NULL},
};

/* Descriptors, memory and bpf. */

/* The flags of calls that make an fd (dup3, pipe2, signalfd4, ...): each
 * one's CLOEXEC and NONBLOCK are O_CLOEXEC and O_NONBLOCK. */
static const struct flag_name fd_flags[] = {
    {O_CLOEXEC, "O_CLOEXEC"},
    {O_NONBLOCK, "O_NONBLOCK"},
    {O_DIRECT, "O_DIRECT"}, /* pipe2: packet mode */
    {0, NULL},
};

/* linux/close_range.h */
static const struct flag_name close_range_flags[] = {
    {0x2, "CLOSE_RANGE_UNSHARE"},
    {0x4, "CLOSE_RANGE_CLOEXEC"},
    {0, NULL},
};

/* sys/eventfd.h: EFD_CLOEXEC and EFD_NONBLOCK are the O_ values. */
static const struct flag_name eventfd_flags[] = {
    {0x1, "EFD_SEMAPHORE"},
    {O_CLOEXEC, "EFD_CLOEXEC"},
    {O_NONBLOCK, "EFD_NONBLOCK"},
    {0, NULL},
};

/* linux/memfd.h; the huge page size bits above are not named. */
static const struct flag_name memfd_flags[] = {
    {0x1, "MFD_CLOEXEC"},     {0x2, "MFD_ALLOW_SEALING"}, {0x4, "MFD_HUGETLB"},
    {0x8, "MFD_NOEXEC_SEAL"}, {0x10, "MFD_EXEC"},	  {0, NULL},
};

/* linux/userfaultfd.h */
static const struct flag_name userfaultfd_flags[] = {
    {0x1, "UFFD_USER_MODE_ONLY"},
    {O_CLOEXEC, "O_CLOEXEC"},
    {O_NONBLOCK, "O_NONBLOCK"},
    {0, NULL},
};

/* linux/io_uring.h */
static const struct flag_name io_uring_setup_flags[] = {
    {1u << 0, "IORING_SETUP_IOPOLL"},
    {1u << 1, "IORING_SETUP_SQPOLL"},
    {1u << 2, "IORING_SETUP_SQ_AFF"},
    {1u << 3, "IORING_SETUP_CQSIZE"},
    {1u << 4, "IORING_SETUP_CLAMP"},
    {1u << 5, "IORING_SETUP_ATTACH_WQ"},
    {1u << 6, "IORING_SETUP_R_DISABLED"},
    {1u << 7, "IORING_SETUP_SUBMIT_ALL"},
    {1u << 8, "IORING_SETUP_COOP_TASKRUN"},
    {1u << 9, "IORING_SETUP_TASKRUN_FLAG"},
    {1u << 10, "IORING_SETUP_SQE128"},
    {1u << 11, "IORING_SETUP_CQE32"},
    {1u << 12, "IORING_SETUP_SINGLE_ISSUER"},
    {1u << 13, "IORING_SETUP_DEFER_TASKRUN"},
    {1u << 14, "IORING_SETUP_NO_MMAP"},
    {1u << 15, "IORING_SETUP_REGISTERED_FD_ONLY"},
    {1u << 16, "IORING_SETUP_NO_SQARRAY"},
    {0, NULL},
};

static const struct flag_name prot_flags[] = {
    {PROT_READ, "PROT_READ"},
    {PROT_WRITE, "PROT_WRITE"},
    {PROT_EXEC, "PROT_EXEC"},
    {0x8, "PROT_SEM"},
    {PROT_GROWSDOWN, "PROT_GROWSDOWN"},
    {PROT_GROWSUP, "PROT_GROWSUP"},
    {0, NULL},
};

static const struct flag_name mmap_flags[] = {
    {MAP_SHARED_VALIDATE, "MAP_SHARED_VALIDATE"}, /* before MAP_SHARED */
    {MAP_SHARED, "MAP_SHARED"},
    {MAP_PRIVATE, "MAP_PRIVATE"},
    {MAP_FIXED, "MAP_FIXED"},
    {MAP_ANONYMOUS, "MAP_ANONYMOUS"},
    {MAP_32BIT, "MAP_32BIT"},
    {MAP_GROWSDOWN, "MAP_GROWSDOWN"},
    {MAP_DENYWRITE, "MAP_DENYWRITE"},
    {MAP_EXECUTABLE, "MAP_EXECUTABLE"},
    {MAP_LOCKED, "MAP_LOCKED"},
    {MAP_NORESERVE, "MAP_NORESERVE"},
    {MAP_POPULATE, "MAP_POPULATE"},
    {MAP_NONBLOCK, "MAP_NONBLOCK"},
    {MAP_STACK, "MAP_STACK"},
    {MAP_HUGETLB, "MAP_HUGETLB"},
    {MAP_SYNC, "MAP_SYNC"},
    {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"},
    {0x4000000, "MAP_UNINITIALIZED"},
    {0, NULL},
};

/* sys/ptrace.h's requests, by value. */
static const struct flag_name ptrace_requests[] = {
    {PTRACE_TRACEME, "PTRACE_TRACEME"},
    {PTRACE_PEEKTEXT, "PTRACE_PEEKTEXT"},
    {PTRACE_PEEKDATA, "PTRACE_PEEKDATA"},
    {PTRACE_PEEKUSER, "PTRACE_PEEKUSR"},
    {PTRACE_POKETEXT, "PTRACE_POKETEXT"},
    {PTRACE_POKEDATA, "PTRACE_POKEDATA"},
    {PTRACE_POKEUSER, "PTRACE_POKEUSR"},
    {PTRACE_CONT, "PTRACE_CONT"},
    {PTRACE_KILL, "PTRACE_KILL"},
    {PTRACE_SINGLESTEP, "PTRACE_SINGLESTEP"},
    {PTRACE_GETREGS, "PTRACE_GETREGS"},
    {PTRACE_SETREGS, "PTRACE_SETREGS"},
    {PTRACE_GETFPREGS, "PTRACE_GETFPREGS"},
    {PTRACE_SETFPREGS, "PTRACE_SETFPREGS"},
    {PTRACE_ATTACH, "PTRACE_ATTACH"},
    {PTRACE_DETACH, "PTRACE_DETACH"},
    {PTRACE_GETFPXREGS, "PTRACE_GETFPXREGS"},
    {PTRACE_SETFPXREGS, "PTRACE_SETFPXREGS"},
    {PTRACE_SYSCALL, "PTRACE_SYSCALL"},
    {PTRACE_GET_THREAD_AREA, "PTRACE_GET_THREAD_AREA"},
    {PTRACE_SET_THREAD_AREA, "PTRACE_SET_THREAD_AREA"},
    {PTRACE_ARCH_PRCTL, "PTRACE_ARCH_PRCTL"},
    {PTRACE_SYSEMU, "PTRACE_SYSEMU"},
    {PTRACE_SYSEMU_SINGLESTEP, "PTRACE_SYSEMU_SINGLESTEP"},
    {PTRACE_SINGLEBLOCK, "PTRACE_SINGLEBLOCK"},
    {PTRACE_SETOPTIONS, "PTRACE_SETOPTIONS"},
    {PTRACE_GETEVENTMSG, "PTRACE_GETEVENTMSG"},
    {PTRACE_GETSIGINFO, "PTRACE_GETSIGINFO"},
    {PTRACE_SETSIGINFO, "PTRACE_SETSIGINFO"},
    {PTRACE_GETREGSET, "PTRACE_GETREGSET"},
    {PTRACE_SETREGSET, "PTRACE_SETREGSET"},
    {PTRACE_SEIZE, "PTRACE_SEIZE"},
    {PTRACE_INTERRUPT, "PTRACE_INTERRUPT"},
    {PTRACE_LISTEN, "PTRACE_LISTEN"},
    {PTRACE_PEEKSIGINFO, "PTRACE_PEEKSIGINFO"},
    {PTRACE_GETSIGMASK, "PTRACE_GETSIGMASK"},
    {PTRACE_SETSIGMASK, "PTRACE_SETSIGMASK"},
    {PTRACE_SECCOMP_GET_FILTER, "PTRACE_SECCOMP_GET_FILTER"},
    {PTRACE_SECCOMP_GET_METADATA, "PTRACE_SECCOMP_GET_METADATA"},
    {PTRACE_GET_SYSCALL_INFO, "PTRACE_GET_SYSCALL_INFO"},
    {0, NULL},
};

/* In the order Falco lists them. */
static const struct flag_name chmod_mode_flags[] = {
    {S_IXOTH, "S_IXOTH"},
    {S_IWOTH, "S_IWOTH"},
    {S_IROTH, "S_IROTH"},
    {S_IXGRP, "S_IXGRP"},
    {S_IWGRP, "S_IWGRP"},
    {S_IRGRP, "S_IRGRP"},
    {S_IXUSR, "S_IXUSR"},
    {S_IWUSR, "S_IWUSR"},
    {S_IRUSR, "S_IRUSR"},
    {S_ISVTX, "S_ISVTX"},
    {S_ISGID, "S_ISGID"},
    {S_ISUID, "S_ISUID"},
    {0, NULL},
};

static size_t put(char *buf, size_t len, size_t used, const char *s)
{
	size_t n = strlen(s);

	if (used + n + 2 > len)
		return used;
	if (used)
		buf[used++] = '|';
	memcpy(buf + used, s, n);
	used += n;
	buf[used] = '\0';
	return used;
}

static size_t names(const struct flag_name *t, uint64_t v, char *buf,
		    size_t len, size_t used)
{
	for (; t->name; t++) {
		if ((v & t->mask) != t->mask)
			continue;
		used = put(buf, len, used, t->name);
		v &= ~t->mask;
	}
	return used;
}

/* The open flags: the access mode, then the other bits by name. */
static size_t open_names(uint64_t v, char *buf, size_t len)
{
	static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR",
					  "O_ACCMODE"};
	size_t used = put(buf, len, 0, acc[v & O_ACCMODE]);

	return names(open_flags, v & ~(uint64_t)O_ACCMODE, buf, len, used);
}

static const struct flag_name *const flag_sets[LNR_FLAGS_COUNT] = {
    [LNR_FLAGS_SOCKET_FAMILY] = socket_families,
    [LNR_FLAGS_SOCK] = sock_flags,
    [LNR_FLAGS_SHUTDOWN_HOW] = shutdown_how,
    [LNR_FLAGS_SOCKOPT_LEVEL] = sockopt_levels,
    [LNR_FLAGS_SOCKOPT] = sockopt_names,
    [LNR_FLAGS_CLONE] = clone_flags,
    [LNR_FLAGS_AT] = at_flags,
    [LNR_FLAGS_RESOLVE] = resolve_flags,
    [LNR_FLAGS_RENAME] = rename_flags,
    [LNR_FLAGS_FINIT_MODULE] = finit_module_flags,
    [LNR_FLAGS_DELETE_MODULE] = delete_module_flags,
    [LNR_FLAGS_FD] = fd_flags,
    [LNR_FLAGS_CLOSE_RANGE] = close_range_flags,
    [LNR_FLAGS_EVENTFD] = eventfd_flags,
    [LNR_FLAGS_MEMFD] = memfd_flags,
    [LNR_FLAGS_USERFAULTFD] = userfaultfd_flags,
    [LNR_FLAGS_IO_URING_SETUP] = io_uring_setup_flags,
    [LNR_FLAGS_PROT] = prot_flags,
    [LNR_FLAGS_MMAP] = mmap_flags,
    [LNR_FLAGS_CHMOD_MODE] = chmod_mode_flags,
    [LNR_FLAGS_PTRACE_REQUEST] = ptrace_requests,
};

/* Sets whose entries are whole values, shown by name when one matches. */
static const uint8_t value_sets[LNR_FLAGS_COUNT] = {
    [LNR_FLAGS_SOCKET_FAMILY] = 1, [LNR_FLAGS_PTRACE_REQUEST] = 1,
    [LNR_FLAGS_SHUTDOWN_HOW] = 1,  [LNR_FLAGS_SOCKOPT_LEVEL] = 1,
    [LNR_FLAGS_SOCKOPT] = 1,
};

static const char *value_name(const struct flag_name *t, uint64_t v)
{
	for (; t->name; t++)
		if (t->mask == v)
			return t->name;
	return NULL;
}

size_t evt_render_flags(enum lnr_flagset set, uint64_t v, char *buf, size_t len)
{
	const char *name;
	size_t used;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (set == LNR_FLAGS_OPEN)
		return open_names(v, buf, len);
	name = set < LNR_FLAGS_COUNT && value_sets[set]
		   ? value_name(flag_sets[set], v)
		   : NULL;
	if (name)
		used = (size_t)snprintf(buf, len, "%s", name);
	else if (set < LNR_FLAGS_COUNT && flag_sets[set] && !value_sets[set])
		used = names(flag_sets[set], v, buf, len, 0);
	else
		used = (size_t)snprintf(buf, len, "%" PRIu64, v);
	return used < len ? used : len - 1;
}

const char *evt_render_errno(int64_t res)
{
	int64_t e = res < 0 ? -res : res;

	if (e <= 0 || e > 4095)
		return NULL;
	return strerrorname_np((int)e);
}

/* Strings one after another, shown space-separated. */
static const char *render_array(struct evt_ctx *ctx, const uint8_t *p,
				size_t plen, size_t *len)
{
	char *out = evt_ctx_alloc(ctx, plen + 1);
	size_t n = plen;

	if (!out)
		return NULL;
	while (n > 0 && p[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		out[i] = p[i] ? (char)p[i] : ' ';
	out[n] = '\0';
	*len = n;
	return out;
}

/* An IPv6 address that holds an IPv4 one (::ffff:a.b.c.d). */
static int v4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0,    0,
					   0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

/* "1.2.3.4:80" or, as Falco writes IPv6, "::1:80"; v4 for the IPv4
 * address in a mapped IPv6 one. */
static void render_end(const struct lnr_sockend *e, int family, int v4,
		       char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "";

	if (v4 && family == LNR_AF_INET6)
		inet_ntop(AF_INET, e->addr + 12, ip, sizeof(ip));
	else
		inet_ntop(family == LNR_AF_INET ? AF_INET : AF_INET6, e->addr,
			  ip, sizeof(ip));
	snprintf(buf, len, "%s:%u", ip, e->port);
}

/* A SOCKADDR as Falco shows it: address:port, a unix path; a tuple as
 * source->destination, unix ends by their socket inodes in hex. */
static const char *render_netaddr(struct evt_ctx *ctx, unsigned i, size_t *len)
{
	char a[INET6_ADDRSTRLEN + 8], b[INET6_ADDRSTRLEN + 8];
	struct lnr_netaddr na;
	int v4;

	if (lnr_evt_get_netaddr(&ctx->evt, i, &na) != 0)
		return NULL;
	if (na.family == LNR_AF_UNIX && na.nends == 0) {
		*len = strlen(na.path);
		return na.path;
	}
	if (na.family == LNR_AF_UNIX)
		return evt_ctx_printf(ctx, len, "%" PRIx64 "->%" PRIx64 " %s",
				      na.end[0].ino, na.end[1].ino, na.path);
	if (na.nends == 0)
		return evt_ctx_printf(ctx, len, "family %u", na.family);
	v4 = na.nends == 2 && v4_mapped(na.end[0].addr) &&
	     v4_mapped(na.end[1].addr);
	render_end(&na.end[0], na.family, v4, a, sizeof(a));
	if (na.nends == 1)
		return evt_ctx_printf(ctx, len, "%s", a);
	render_end(&na.end[1], na.family, v4, b, sizeof(b));
	return evt_ctx_printf(ctx, len, "%s->%s", a, b);
}

/* SO_* names belong to SOL_SOCKET; other levels' options are numbers. */
/* A flags value by name, in the event's scratch arena. */
static const char *render_flags(struct evt_ctx *ctx, enum lnr_flagset set,
				uint64_t v, size_t *len)
{
	char *buf = evt_ctx_alloc(ctx, 512);

	if (!buf)
		return NULL;
	*len = evt_render_flags(set, v, buf, 512);
	return buf;
}

static enum lnr_flagset sockopt_set(const struct lnr_evt *e,
				    enum lnr_flagset set)
{
	int li = lnr_evt_param_index(e->hdr->type, "level");
	uint64_t level;

	if (set != LNR_FLAGS_SOCKOPT)
		return set;
	if (li < 0 || lnr_evt_get_u64(e, (unsigned)li, &level) < 0 ||
	    level != SOL_SOCKET)
		return LNR_FLAGS_NONE;
	return set;
}

const char *evt_render_param(struct evt_ctx *ctx, unsigned i, size_t *len)
{
	const struct lnr_evt *e = &ctx->evt;
	const struct lnr_param_info *pi;
	size_t dummy;
	uint64_t u;

	if (!len)
		len = &dummy;
	if (i >= e->nparams || e->plen[i] == 0)
		return NULL;
	pi = &e->info->params[i];
	switch (pi->type) {
	case LNR_PT_PATH:
	case LNR_PT_FSPATH:
	case LNR_PT_FSRELPATH:
	case LNR_PT_CHARBUF:
		*len = e->plen[i] - 1;
		return (const char *)e->param[i];
	case LNR_PT_CHARBUFARRAY:
		return render_array(ctx, e->param[i], e->plen[i], len);
	case LNR_PT_BYTES:
		*len = e->plen[i];
		return (const char *)e->param[i];
	case LNR_PT_SOCKADDR:
	case LNR_PT_SOCKTUPLE:
		return render_netaddr(ctx, i, len);
	default:
		break;
	}
	if (lnr_evt_get_u64(e, i, &u) < 0)
		return NULL;
	switch (pi->type) {
	case LNR_PT_ERRNO:
	case LNR_PT_FD:
	case LNR_PT_PID:
		if (pi->type == LNR_PT_FD && (int64_t)u == AT_FDCWD) {
			*len = strlen("AT_FDCWD");
			return "AT_FDCWD";
		}
		/* Otherwise a negative value in any of these is an error. */
		if ((int64_t)u < 0 && evt_render_errno((int64_t)u)) {
			const char *s = evt_render_errno((int64_t)u);

			*len = strlen(s);
			return s;
		}
		return evt_ctx_printf(ctx, len, "%" PRId64, (int64_t)u);
	case LNR_PT_INT64:
		return evt_ctx_printf(ctx, len, "%" PRId64, (int64_t)u);
	case LNR_PT_INT32:
		return evt_ctx_printf(ctx, len, "%" PRId32, (int32_t)u);
	case LNR_PT_FLAGS32:
	case LNR_PT_FLAGS64:
		return render_flags(ctx, sockopt_set(e, pi->flagset), u, len);
	case LNR_PT_MODE:
		if (pi->flagset != LNR_FLAGS_NONE && (u & 07777))
			return render_flags(ctx, pi->flagset, u, len);
		if (u == 0)
			return evt_ctx_printf(ctx, len, "0");
		return evt_ctx_printf(ctx, len, "0%" PRIo64, u);
	default:
		return evt_ctx_printf(ctx, len, "%" PRIu64, u);
	}
}

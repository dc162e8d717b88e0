/*
 * The network fillers: addresses the caller passed (SOCKADDR) and both
 * ends of a socket read from the kernel (SOCKTUPLE), in the layouts
 * common/event.h gives, plus the socket arguments that live behind
 * pointers. Nothing here copies a payload.
 */
#ifndef LNR_PROBE_NET_BPF_H
#define LNR_PROBE_NET_BPF_H

#define S_IFMT_ 0170000
#define S_IFSOCK_ 0140000
#define SOCK_FLAGS_ (04000 | 02000000) /* SOCK_NONBLOCK | SOCK_CLOEXEC */
#define SOL_SOCKET_ 1
#define SO_ERROR_ 4
#define EINPROGRESS_ 115
#define SOCKADDR_MAX_ 128 /* sizeof(struct sockaddr_storage) */
#define SUN_PATH_MAX_ 108
#define IOV_MAX_ 1024
/* Room a SOCKTUPLE may take: the IPv6 layout, or a unix head and path. */
#define TUPLE_ROOM_ (LNR_SOCKTUPLE_UN_HEAD + LNR_UNIX_PATH_MAX)

/* The socket an open file is, or NULL; *ino gets its inode. */
static __always_inline struct sock *file_sock(struct file *file, u64 *ino)
{
	struct inode *inode;
	struct socket *sock;

	if (!file)
		return NULL;
	inode = BPF_CORE_READ(file, f_inode);
	if ((BPF_CORE_READ(inode, i_mode) & S_IFMT_) != S_IFSOCK_)
		return NULL;
	*ino = BPF_CORE_READ(inode, i_ino);
	sock = BPF_CORE_READ(file, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* The socket behind descriptor fd of the current task, or NULL. */
static __always_inline struct sock *fd_sock(struct fill *f, long fd, u64 *ino)
{
	return file_sock(fd_file(f, fd), ino);
}

/* The inode of the socket a struct sock belongs to, 0 while it has
 * none (a connection the server has not accepted yet). */
static __always_inline u64 sock_ino(struct sock *sk)
{
	return sk ? BPF_CORE_READ(sk, sk_socket, file, f_inode, i_ino) : 0;
}

static __always_inline long arg_int(struct fill *f, int i)
{
	return (long)(s32)reg_arg(f, i);
}

/*
 * A unix path at rec[at]: "@name" when the first byte is NUL (an
 * abstract name of n - 1 bytes), else the path; always NUL-terminated.
 * Returns the bytes written. user: read from user memory.
 */
static __always_inline u32 put_unix_path(struct fill *f, u32 at,
					 const char *src, u32 n, int user)
{
	u8 *dst = &f->rec[at & REC_MASK];
	char first = 0;
	long r;

	if (n > SUN_PATH_MAX_)
		n = SUN_PATH_MAX_;
	if (n == 0 || (user ? bpf_probe_read_user(&first, 1, src)
			    : bpf_probe_read_kernel(&first, 1, src))) {
		dst[0] = 0;
		return 1;
	}
	if (first == 0) {
		dst[0] = '@';
		dst = &f->rec[(at + 1) & REC_MASK];
		src++;
		n--;
	}
	n &= 127;
	r = user ? bpf_probe_read_user_str(dst, n + 1, src)
		 : bpf_probe_read_kernel_str(dst, n + 1, src);
	if (r <= 0) {
		dst[0] = 0;
		r = 1;
	}
	return (u32)r + (first == 0);
}

/* A struct sockaddr at uptr, ulen bytes long: the caller's (user) or a
 * copy the kernel made of it. */
static __noinline void put_sockaddr(struct fill *f, u64 uptr, u64 ulen,
				    int user)
{
	union {
		struct sockaddr_in6 in6;
		u8 room[32]; /* the masked length below stays inside */
	} u = {};
	struct sockaddr_in6 *sa = &u.in6;
	u32 p = f->pos & REC_MASK;
	u32 n = (u32)ulen, len = 1;

	if (n > sizeof(u.in6))
		n = sizeof(u.in6);
	n &= 31; /* a bound the verifier keeps on every path */
	if (!uptr || ulen < 2 || ulen > SOCKADDR_MAX_ ||
	    f->pos + TUPLE_ROOM_ > LNR_PROBE_REC_MAX ||
	    (user ? bpf_probe_read_user(u.room, n, (void *)uptr)
		  : bpf_probe_read_kernel(u.room, n, (void *)uptr))) {
		put_empty(f);
		return;
	}
	f->rec[p] = (u8)sa->sin6_family;
	if (sa->sin6_family == LNR_AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;
		u16 port = bpf_ntohs(in->sin_port);

		__builtin_memcpy(&f->rec[p + 1], &in->sin_addr, 4);
		__builtin_memcpy(&f->rec[p + 5], &port, 2);
		len = LNR_SOCKADDR_IN_LEN;
	} else if (sa->sin6_family == LNR_AF_INET6) {
		u16 port = bpf_ntohs(sa->sin6_port);

		__builtin_memcpy(&f->rec[p + 1], &sa->sin6_addr, 16);
		__builtin_memcpy(&f->rec[p + 17], &port, 2);
		len = LNR_SOCKADDR_IN6_LEN;
	} else if (sa->sin6_family == LNR_AF_UNIX) {
		len = 1 + put_unix_path(f, f->pos + 1, (const char *)uptr + 2,
					(u32)ulen - 2, user);
	}
	put_len(f, len);
}

struct tuple_ends {
	u8 local[16], remote[16];
	u16 lport, rport;
};

/* A sockaddr's head at addr, the caller's (user) or a kernel copy. */
static __always_inline long read_sockaddr(void *dst, u32 n, u64 addr, int user)
{
	return user ? bpf_probe_read_user(dst, n, (void *)addr)
		    : bpf_probe_read_kernel(dst, n, (void *)addr);
}

/* Local and remote address of an AF_INET or AF_INET6 socket; the remote
 * one from the sockaddr at uaddr (user: the caller's) when the socket
 * has none (datagrams). */
static __always_inline void inet_ends(struct sock *sk, int v6, u64 uaddr,
				      int user, struct tuple_ends *t)
{
	struct sockaddr_in6 sa = {};

	if (v6) {
		BPF_CORE_READ_INTO(&t->local, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&t->remote, sk, __sk_common.skc_v6_daddr);
	} else {
		BPF_CORE_READ_INTO((u32 *)t->local, sk,
				   __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((u32 *)t->remote, sk, __sk_common.skc_daddr);
	}
	t->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	t->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (t->rport || !uaddr || read_sockaddr(&sa, sizeof(sa), uaddr, user))
		return;
	if (v6 && sa.sin6_family == LNR_AF_INET6) {
		__builtin_memcpy(t->remote, &sa.sin6_addr, 16);
		t->rport = bpf_ntohs(sa.sin6_port);
	} else if (!v6 && sa.sin6_family == LNR_AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&sa;

		__builtin_memcpy(t->remote, &in->sin_addr, 4);
		t->rport = bpf_ntohs(in->sin_port);
	}
}

static __always_inline u32 put_inet_tuple(struct fill *f, struct sock *sk,
					  int v6, int remote_first, u64 uaddr,
					  int user)
{
	struct tuple_ends t = {};
	u32 p = f->pos & REC_MASK;
	u8 *src, *dst;
	u16 sport, dport;

	inet_ends(sk, v6, uaddr, user, &t);
	src = remote_first ? t.remote : t.local;
	dst = remote_first ? t.local : t.remote;
	sport = remote_first ? t.rport : t.lport;
	dport = remote_first ? t.lport : t.rport;
	f->rec[p] = v6 ? LNR_AF_INET6 : LNR_AF_INET;
	if (v6) {
		__builtin_memcpy(&f->rec[p + 1], src, 16);
		__builtin_memcpy(&f->rec[p + 17], &sport, 2);
		__builtin_memcpy(&f->rec[p + 19], dst, 16);
		__builtin_memcpy(&f->rec[p + 35], &dport, 2);
		return LNR_SOCKTUPLE_IN6_LEN;
	}
	__builtin_memcpy(&f->rec[p + 1], src, 4);
	__builtin_memcpy(&f->rec[p + 5], &sport, 2);
	__builtin_memcpy(&f->rec[p + 7], dst, 4);
	__builtin_memcpy(&f->rec[p + 11], &dport, 2);
	return LNR_SOCKTUPLE_IN_LEN;
}

/*
 * Unix ends are socket inodes; the path is the destination's address:
 * the peer's when the local end is the source, unless it has no peer
 * (an unconnected datagram socket) and the caller named one.
 */
static __always_inline u32 put_unix_tuple(struct fill *f, struct sock *sk,
					  u64 ino, int remote_first, u64 uaddr,
					  int user)
{
	struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
	struct unix_sock *dst =
	    remote_first ? (struct unix_sock *)sk : (struct unix_sock *)peer;
	struct unix_address *addr = dst ? BPF_CORE_READ(dst, addr) : NULL;
	u64 peer_ino = sock_ino(peer);
	u64 src_ino = remote_first ? peer_ino : ino;
	u64 dst_ino = remote_first ? ino : peer_ino;
	u32 p = f->pos & REC_MASK;
	u32 n;

	f->rec[p] = LNR_AF_UNIX;
	__builtin_memcpy(&f->rec[p + 1], &src_ino, 8);
	__builtin_memcpy(&f->rec[p + 9], &dst_ino, 8);
	if (!dst && uaddr)
		return LNR_SOCKTUPLE_UN_HEAD +
		       put_unix_path(f, f->pos + LNR_SOCKTUPLE_UN_HEAD,
				     (const char *)uaddr + 2, SUN_PATH_MAX_,
				     user);
	n = addr ? (u32)BPF_CORE_READ(addr, len) : 0;
	return LNR_SOCKTUPLE_UN_HEAD +
	       put_unix_path(f, f->pos + LNR_SOCKTUPLE_UN_HEAD,
			     (const char *)addr->name[0].sun_path,
			     n > 2 ? n - 2 : 0, 0);
}

/* Both ends of the socket file is; remote_first for calls that
 * receive. uaddr: a sockaddr for a socket that has no remote end, the
 * caller's (user) or a kernel copy. */
static __noinline void put_tuple_file(struct fill *f, struct file *file,
				      int remote_first, u64 uaddr, int user)
{
	u64 ino = 0;
	struct sock *sk = file_sock(file, &ino);
	u16 family;
	u32 len = 1;

	if (!sk || f->pos + TUPLE_ROOM_ > LNR_PROBE_REC_MAX) {
		put_empty(f);
		return;
	}
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == LNR_AF_INET || family == LNR_AF_INET6)
		len = put_inet_tuple(f, sk, family == LNR_AF_INET6,
				     remote_first, uaddr, user);
	else if (family == LNR_AF_UNIX)
		len = put_unix_tuple(f, sk, ino, remote_first, uaddr, user);
	else
		f->rec[f->pos & REC_MASK] = (u8)family;
	put_len(f, len);
}

/* The file the call acts on: its first argument's, or the io_uring
 * request's own (a registered file too; the thread completing the
 * request need not be the one whose descriptor table named it). */
static __always_inline struct file *call_file(struct fill *f)
{
	struct io_kiocb *req = (struct io_kiocb *)f->iou_kreq;

	if (f->iou)
		return BPF_CORE_READ(req, file);
	return fd_file(f, arg_int(f, 0));
}

#define fill_SOCK_TYPE_FLAGS(f, t) put_num(f, t, reg_arg(f, 1) & SOCK_FLAGS_)
#define fill_SOCKADDR_ARG1(f, t)                                               \
	put_sockaddr(f, reg_arg(f, 1), reg_arg(f, 2), 1)

/* The head of a user struct msghdr (UAPI layout). */
struct msghdr_head {
	u64 name;
	u32 namelen;
	u32 pad;
	u64 iov;
	u64 iovlen;
};

/* The head of a 32-bit caller's struct msghdr: pointers are 32 bits. */
struct msghdr_head32 {
	u32 name;
	u32 namelen;
	u32 iov;
	u32 iovlen;
};

/* The head of the struct msghdr at umsg in user memory, in the 64-bit
 * or (compat) the 32-bit layout. 0 or -1. */
static __always_inline int user_msg_head(u64 umsg, int compat,
					 struct msghdr_head *h)
{
	struct msghdr_head32 h32 = {};

	if (!compat)
		return bpf_probe_read_user(h, sizeof(*h), (void *)umsg) ? -1
									: 0;
	if (bpf_probe_read_user(&h32, sizeof(h32), (void *)umsg))
		return -1;
	h->name = h32.name;
	h->namelen = h32.namelen;
	h->iov = h32.iov;
	h->iovlen = h32.iovlen;
	return 0;
}

/* The caller's struct msghdr head, its second argument. */
static __always_inline int msg_head(struct fill *f, struct msghdr_head *h)
{
	return user_msg_head(reg_arg(f, 1), f->call.compat, h);
}

static __always_inline u64 msg_name(struct fill *f)
{
	struct msghdr_head h = {};

	return msg_head(f, &h) ? 0 : h.name;
}

/* Both ends of socket fd of the current task, once ok; uaddr: the
 * caller's sockaddr. */
static __always_inline void put_tuple_if(struct fill *f, int ok, long fd,
					 int remote_first, u64 uaddr)
{
	if (ok)
		put_tuple_file(f, fd_file(f, fd), remote_first, uaddr, 1);
	else
		put_empty(f);
}

/* connect: once the connection exists or is under way. The others once
 * they succeeded; recvfrom's and recvmsg's addresses are what the
 * kernel wrote back: the sender. */
#define fill_TUPLE_CONNECT(f, t)                                               \
	((f)->call.ret == 0 || (f)->call.ret == -EINPROGRESS_                  \
	     ? put_tuple_file(f, call_file(f), 0,                              \
			      (f)->iou ? 0 : reg_arg(f, 1), 1)                 \
	     : put_empty(f))
#define fill_TUPLE_ACCEPT(f, t)                                                \
	put_tuple_if(f, (f)->call.ret >= 0, (f)->call.ret, 1, 0)
#define fill_TUPLE_SENDTO(f, t)                                                \
	put_tuple_if(f, (f)->call.ret >= 0, arg_int(f, 0), 0, reg_arg(f, 4))
#define fill_TUPLE_RECVFROM(f, t)                                              \
	put_tuple_if(f, (f)->call.ret >= 0, arg_int(f, 0), 1, reg_arg(f, 4))
#define fill_TUPLE_SENDMSG(f, t)                                               \
	put_tuple_if(f, (f)->call.ret >= 0, arg_int(f, 0), 0, msg_name(f))
#define fill_TUPLE_RECVMSG(f, t)                                               \
	put_tuple_if(f, (f)->call.ret >= 0, arg_int(f, 0), 1, msg_name(f))

struct iov_sum {
	u64 iov;
	u64 total;
	u32 compat; /* 32-bit struct iovec: 8 bytes, the length at 4 */
};

static long iov_add(u64 i, void *ctx)
{
	struct iov_sum *s = ctx;
	u64 len = 0;
	u32 len32 = 0;

	if (s->compat) {
		if (bpf_probe_read_user(&len32, sizeof(len32),
					(void *)(s->iov + i * 8 + 4)))
			return 1;
		s->total += len32;
		return 0;
	}
	if (bpf_probe_read_user(&len, sizeof(len),
				(void *)(s->iov + i * 16 + 8)))
		return 1;
	s->total += len;
	return 0;
}

/* The bytes the iovecs of a user msghdr offer. */
static __always_inline u64 msg_iov_total(const struct msghdr_head *h,
					 int compat)
{
	struct iov_sum s = {};

	s.iov = h->iov;
	s.compat = compat;
	bpf_loop(h->iovlen < IOV_MAX_ ? h->iovlen : IOV_MAX_, iov_add, &s, 0);
	return s.total;
}

/* sendmsg, recvmsg: the bytes the caller's iovecs offer. */
static __noinline void fill_MSG_SIZE(struct fill *f, int t)
{
	struct msghdr_head h = {};

	if (msg_head(f, &h)) {
		put_empty(f);
		return;
	}
	put_num(f, t, msg_iov_total(&h, f->call.compat));
}

/* The listening socket's accept queue, read once per event. */
static __always_inline int accept_queue(struct fill *f)
{
	u64 ino;
	struct sock *sk;

	if (!f->queue_done) {
		f->queue_done = 2;
		sk = file_sock(call_file(f), &ino);
		if (sk) {
			f->queuelen = BPF_CORE_READ(sk, sk_ack_backlog);
			f->queuemax = BPF_CORE_READ(sk, sk_max_ack_backlog);
			f->queue_done = 1;
		}
	}
	return f->queue_done == 1 ? 0 : -1;
}

#define fill_ACCEPT_QUEUELEN(f, t)                                             \
	(accept_queue(f) == 0 ? put_num(f, t, (f)->queuelen) : put_empty(f))
#define fill_ACCEPT_QUEUEMAX(f, t)                                             \
	(accept_queue(f) == 0 ? put_num(f, t, (f)->queuemax) : put_empty(f))
#define fill_ACCEPT_QUEUEPCT(f, t)                                             \
	(accept_queue(f) == 0                                                  \
	     ? put_num(f, t,                                                   \
		       (f)->queuemax                                           \
			   ? (u64)(f)->queuelen * 100 / (f)->queuemax          \
			   : 0)                                                \
	     : put_empty(f))

/* socketpair: the two fds the kernel wrote back, once it succeeded. */
static __always_inline int sockpair_fds(struct fill *f)
{
	if (!f->pair_done)
		f->pair_done =
		    f->call.ret == 0 &&
			    !bpf_probe_read_user(f->pair_fd, sizeof(f->pair_fd),
						 (void *)reg_arg(f, 3))
			? 1
			: 2;
	return f->pair_done == 1 ? 0 : -1;
}

#define fill_SOCKPAIR_FD1(f, t)                                                \
	(sockpair_fds(f) == 0 ? put_num(f, t, (s64)(f)->pair_fd[0])            \
			      : put_empty(f))
#define fill_SOCKPAIR_FD2(f, t)                                                \
	(sockpair_fds(f) == 0 ? put_num(f, t, (s64)(f)->pair_fd[1])            \
			      : put_empty(f))

static __always_inline void fill_SOCKPAIR_SOURCE(struct fill *f, int t)
{
	u64 ino = 0;

	if (sockpair_fds(f) == 0 && fd_sock(f, f->pair_fd[0], &ino))
		put_num(f, t, ino);
	else
		put_empty(f);
}

/* The peer as the kernel linked it (unix sockets). */
static __always_inline void fill_SOCKPAIR_PEER(struct fill *f, int t)
{
	u64 ino = 0;
	struct sock *sk = NULL;

	if (sockpair_fds(f) == 0)
		sk = fd_sock(f, f->pair_fd[0], &ino);
	if (sk && BPF_CORE_READ(sk, __sk_common.skc_family) == LNR_AF_UNIX)
		put_num(f, t,
			sock_ino(BPF_CORE_READ((struct unix_sock *)sk, peer)));
	else
		put_empty(f);
}

/* getsockopt: an int option's value once the kernel wrote it. */
static __always_inline void fill_SOCKOPT_VAL(struct fill *f, int t)
{
	s32 len = 0, v = 0;

	if (f->call.ret != 0 ||
	    bpf_probe_read_user(&len, sizeof(len), (void *)reg_arg(f, 4)) ||
	    len != sizeof(v) ||
	    bpf_probe_read_user(&v, sizeof(v), (void *)reg_arg(f, 3))) {
		put_empty(f);
		return;
	}
	if (arg_int(f, 1) == SOL_SOCKET_ && arg_int(f, 2) == SO_ERROR_)
		put_num(f, t, (u64) - (s64)v);
	else
		put_num(f, t, (u64)(s64)v);
}

static __always_inline void fill_SOCKOPT_LEN(struct fill *f, int t)
{
	u32 len;

	if (bpf_probe_read_user(&len, sizeof(len), (void *)reg_arg(f, 4)))
		put_empty(f);
	else
		put_num(f, t, len);
}

#endif

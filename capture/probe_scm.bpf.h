/*
 * fds passed over a unix socket (SCM_RIGHTS), for recvmsg and its
 * io_uring twin. After the call the control buffer in the caller's
 * memory holds the numbers the kernel installed; the probe finds them
 * there, then describes each from the caller's own fd table in the
 * kernel (struct lnr_rfd, and a name), so the engine can add them as it
 * adds the fds other calls make. A thread of the caller may rewrite the
 * buffer meanwhile, but every number is looked up in the kernel's
 * table: a lie can hide a received fd or name another fd the caller
 * has, not make up a file.
 */
#ifndef LNR_PROBE_SCM_BPF_H
#define LNR_PROBE_SCM_BPF_H

#define SCM_RIGHTS_ 1
/* Control messages looked at: the kernel writes SCM_RIGHTS after the
 * security label, credentials and pidfd ones. */
#define SCM_CMSGS_ 4
#define O_CLOEXEC_ 02000000
#define RFD_NAME_ROOM_ LNR_PROBE_NAME_MAX /* a pseudo file's name */

/* Where the control buffer of a user struct msghdr is, and the bytes
 * of it the kernel used (written back in msg_controllen): the 64-bit
 * UAPI layout, and the 32-bit one of compat callers. */
struct msghdr_ctl {
	struct msghdr_head head;
	u64 control;
	u64 controllen;
};

struct msghdr_ctl32 {
	struct msghdr_head32 head;
	u32 control;
	u32 controllen;
};

/* The head of a control message: struct cmsghdr, 64-bit and compat. */
struct cmsg_head {
	u64 len;
	s32 level, type;
};

struct cmsg_head32 {
	u32 len;
	s32 level, type;
};

struct cmsg_walk {
	struct fill *f;
	u64 buf, len, off; /* the control buffer, its length, where we are */
	u32 compat;
};

static __always_inline int user_msg_ctl(u64 umsg, int compat, u64 *buf,
					u64 *len)
{
	struct msghdr_ctl32 m32;
	struct msghdr_ctl m;

	if (compat) {
		if (bpf_probe_read_user(&m32, sizeof(m32), (void *)umsg))
			return -1;
		*buf = m32.control;
		*len = m32.controllen;
		return 0;
	}
	if (bpf_probe_read_user(&m, sizeof(m), (void *)umsg))
		return -1;
	*buf = m.control;
	*len = m.controllen;
	return 0;
}

/*
 * recvmsg matters to the state only for the fds it received: when no
 * rule wants it, a successful 64-bit call whose control buffer the
 * kernel left empty is not recorded (a socketcall's arguments are not
 * looked at here: it is recorded).
 */
static __always_inline int scm_wanted(u16 type, const struct sys_call *c)
{
	u32 key = type;
	u16 *only;
	u64 buf, len;

	if (type != LNR_EVT_RECVMSG)
		return 1;
	only = bpf_map_lookup_elem(&evt_state_only, &key);
	if (!only || !*only || c->compat)
		return 1;
	if (c->ret < 0)
		return 0; /* a failed call installs no fd */
	return user_msg_ctl(call_arg(c, 1), 0, &buf, &len) || len > 0;
}

/* Up to n fd numbers at uptr, those that name an open file kept. */
static __always_inline void cmsg_fds(struct fill *f, u64 uptr, u64 n)
{
	struct rfd_list *l = &f->s->rfds;
	s32 fd;

	for (u32 j = 0; j < LNR_RFDS_MAX; j++) {
		if (j >= n || l->n >= LNR_RFDS_MAX)
			break;
		if (bpf_probe_read_user(&fd, sizeof(fd),
					(void *)(uptr + 4 * j)))
			break;
		if (fd_file(f, fd))
			l->fd[l->n++ & (LNR_RFDS_MAX - 1)] = fd;
	}
}

/* One control message: its head, then its fds when it is SCM_RIGHTS. */
static long cmsg_step(u64 i, void *ctx)
{
	struct cmsg_walk *w = ctx;
	u64 hlen =
	    w->compat ? sizeof(struct cmsg_head32) : sizeof(struct cmsg_head);
	u64 at = w->buf + w->off, clen;
	struct cmsg_head32 h32 = {};
	struct cmsg_head h = {};

	if (w->off + hlen > w->len)
		return 1;
	if (w->compat) {
		if (bpf_probe_read_user(&h32, sizeof(h32), (void *)at))
			return 1;
		h.len = h32.len;
		h.level = h32.level;
		h.type = h32.type;
	} else if (bpf_probe_read_user(&h, sizeof(h), (void *)at)) {
		return 1;
	}
	clen = h.len;
	if (clen < hlen || clen > w->len - w->off)
		return 1;
	if (h.level == SOL_SOCKET_ && h.type == SCM_RIGHTS_)
		cmsg_fds(w->f, at + hlen, (clen - hlen) / 4);
	/* CMSG_NXTHDR: lengths are aligned to a long of the caller's. */
	w->off += w->compat ? (clen + 3) & ~3ull : (clen + 7) & ~7ull;
	return 0;
}

/* The fds the call received into f->s->rfds; 0 when none. */
static __always_inline u32 rfds_find(struct fill *f, u64 umsg, int compat)
{
	struct cmsg_walk w = {.f = f, .compat = compat};

	f->s->rfds.n = 0;
	if (!umsg || f->call.ret < 0 ||
	    user_msg_ctl(umsg, compat, &w.buf, &w.len))
		return 0;
	if (!w.buf || !w.len)
		return 0;
	bpf_loop(SCM_CMSGS_, cmsg_step, &w, 0);
	return f->s->rfds.n;
}

/* Whether fd is close-on-exec in the caller's table. */
static __always_inline u32 fd_cloexec(struct fill *f, s32 fd)
{
	struct fdtable *fdt = fd_table(ftask(f), fd);
	unsigned long word = 0;

	if (!fdt)
		return 0;
	bpf_core_read(&word, sizeof(word),
		      &fdt->close_on_exec[((u32)fd >> 6) & (FD_MASK >> 6)]);
	return (word >> (fd & 63)) & 1;
}

/* A socket's family and, for AF_INET and AF_INET6, protocol, ends and
 * whether it is a server's end. */
static __always_inline void rfd_sock(struct lnr_rfd *e, struct file *file)
{
	struct tuple_ends t = {};
	u64 ino;
	struct sock *sk = file_sock(file, &ino);

	if (!sk)
		return;
	e->family = (u8)BPF_CORE_READ(sk, __sk_common.skc_family);
	if (e->family != LNR_AF_INET && e->family != LNR_AF_INET6)
		return;
	e->proto = (u8)BPF_CORE_READ(sk, sk_protocol);
	/* listen sets a backlog, and an accepted socket is a copy of its
	 * listener: a connecting socket has none. */
	e->listened = BPF_CORE_READ(sk, sk_max_ack_backlog) != 0;
	inet_ends(sk, e->family == LNR_AF_INET6, 0, 0, &t);
	__builtin_memcpy(e->laddr, t.local, sizeof(e->laddr));
	__builtin_memcpy(e->raddr, t.remote, sizeof(e->raddr));
	e->lport = t.lport;
	e->rport = t.rport;
}

/* Entry i of the fds parameter, written in place. */
static long rfd_entry(u64 i, void *ctx)
{
	struct fill *f = ctx;
	s32 fd = f->s->rfds.fd[i & (LNR_RFDS_MAX - 1)];
	u32 p = (f->pos + (u32)i * sizeof(struct lnr_rfd)) & REC_MASK;
	struct lnr_rfd *e = (struct lnr_rfd *)&f->rec[p];
	struct file *file = fd_file(f, fd);
	struct inode *ino = BPF_CORE_READ(file, f_inode);

	__builtin_memset(e, 0, sizeof(*e));
	e->fd = fd;
	if (!ino)
		return 0;
	e->mode = BPF_CORE_READ(ino, i_mode);
	e->flags = BPF_CORE_READ(file, f_flags) & ~O_CLOEXEC_;
	if (fd_cloexec(f, fd))
		e->flags |= O_CLOEXEC_;
	e->dev = inode_dev(ino);
	e->ino = BPF_CORE_READ(ino, i_ino);
	e->fsmagic = (u32)BPF_CORE_READ(ino, i_sb, s_magic);
	if ((e->mode & S_IFMT_) == S_IFSOCK_)
		rfd_sock(e, file);
	return 0;
}

/* fds: an entry for each fd the call received, or empty. */
static __always_inline void put_rfds(struct fill *f, u64 umsg, int compat)
{
	u32 n = rfds_find(f, umsg, compat);

	if (!n || f->pos + LNR_RFDS_MAX * sizeof(struct lnr_rfd) >
		      LNR_PROBE_REC_MAX) {
		f->s->rfds.n = 0;
		put_empty(f);
		return;
	}
	bpf_loop(n, rfd_entry, f, 0);
	put_len(f, n * sizeof(struct lnr_rfd));
}

/* A unix socket's address, its own or else its peer's, at f->pos. */
static __always_inline u32 rfd_unix_name(struct fill *f, struct sock *sk)
{
	struct unix_address *a = BPF_CORE_READ((struct unix_sock *)sk, addr);
	struct sock *peer;
	u32 n;

	if (!a) {
		peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
		a = peer ? BPF_CORE_READ((struct unix_sock *)peer, addr) : NULL;
	}
	n = a ? (u32)BPF_CORE_READ(a, len) : 0;
	if (n <= 2)
		return 0;
	return put_unix_path(f, f->pos, (const char *)a->name[0].sun_path,
			     n - 2, 0);
}

/* Whether a file has no place in any directory tree: a pseudo file
 * (an anonymous inode, a pipe, a memfd) is its own parent without
 * being its mount's root. */
static __always_inline int pseudo_file(struct file *file)
{
	struct dentry *d = BPF_CORE_READ(file, f_path.dentry);

	return d == BPF_CORE_READ(d, d_parent) &&
	       d != BPF_CORE_READ(file, f_path.mnt, mnt_root);
}

/* The name of received fd i, written at f->pos; its length, 0 when it
 * has none. A socket is named by its unix address, a pseudo file by
 * the name it was made with ("[eventfd]", "memfd:NAME", "" for a
 * pipe), anything else by its path. */
static __noinline u32 rfd_name_write(struct fill *f, s32 fd)
{
	struct file *file = fd_file(f, fd);
	struct inode *ino = BPF_CORE_READ(file, f_inode);
	u64 sino = 0;
	struct sock *sk;
	long r;

	if (!ino || f->pos + RFD_NAME_ROOM_ + 1 > LNR_PROBE_REC_MAX)
		return 0;
	if ((BPF_CORE_READ(ino, i_mode) & S_IFMT_) == S_IFSOCK_) {
		sk = file_sock(file, &sino);
		if (!sk ||
		    BPF_CORE_READ(sk, __sk_common.skc_family) != LNR_AF_UNIX)
			return 0;
		return rfd_unix_name(f, sk);
	}
	if (pseudo_file(file)) {
		r = bpf_probe_read_kernel_str(
		    &f->rec[f->pos & REC_MASK], RFD_NAME_ROOM_,
		    BPF_CORE_READ(file, f_path.dentry, d_name.name));
		return r > 1 ? (u32)r : 0;
	}
	return path_write(f->s, f->pos, &file->f_path);
}

/* One string of fdnames; an empty one for an fd with no name. Stops
 * the walk when the record has no room left. */
static long rfd_name(u64 i, void *ctx)
{
	struct fill *f = ctx;
	u32 len = rfd_name_write(f, f->s->rfds.fd[i & (LNR_RFDS_MAX - 1)]);

	if (!len) {
		if (f->pos + 1 > LNR_PROBE_REC_MAX)
			return 1;
		f->rec[f->pos & REC_MASK] = 0;
		len = 1;
	}
	f->pos += len;
	return 0;
}

/* fdnames: a string for each entry of fds, in its order. */
static __always_inline void put_rfd_names(struct fill *f)
{
	u32 start = f->pos, n = f->s->rfds.n;

	if (!n) {
		put_empty(f);
		return;
	}
	bpf_loop(n & (2 * LNR_RFDS_MAX - 1), rfd_name, f, 0);
	n = f->pos - start;
	f->pos = start;
	put_len(f, n);
}

#define fill_RECV_FDS(f, t) put_rfds(f, reg_arg(f, 1), (f)->call.compat)
#define fill_RECV_FDNAMES(f, t) put_rfd_names(f)

#endif

/*
 * io_uring operations never pass the syscall hooks, and rootkits use
 * that to hide. A selected opcode is read when it is submitted, from the
 * copies the kernel made while preparing it (later changes to user
 * memory cannot lie about it), kept until its completion posts the
 * result, and emitted then as an event named after the opcode's syscall,
 * with that syscall's parameters. The submitting thread is the one the
 * event names, whichever kernel thread completes the work. The socket
 * operations' arguments are read in probe_iouring_net.bpf.h, those of
 * reads, writes, sends and receives in probe_iouring_io.bpf.h.
 */
#ifndef LNR_PROBE_IOURING_BPF_H
#define LNR_PROBE_IOURING_BPF_H

struct iou_req {
	u64 pid_tgid;  /* the submitter */
	u64 user_data; /* with opcode, tells the request from a stale entry */
	u64 mm;	       /* the submitter's address space */
	u64 mode;
	u64 resolve;
	u64 uaddr;  /* recvmsg, sendmsg: the caller's msg_name (user) */
	u64 umsg;   /* recvmsg, sendmsg: the caller's struct msghdr (user) */
	s64 length; /* ftruncate */
	u16 type;   /* enum lnr_evt_type */
	u8 opcode;  /* the kernel's io_uring opcode */
	u8 compat;  /* a 32-bit process's ring: 32-bit iovec and msghdr */
	s32 dfd, dfd2;
	s32 fd;
	u32 flags;
	s32 domain, stype, proto; /* socket: family, type, protocol */
	s32 backlog;		  /* listen */
	s32 how;		  /* shutdown */
	u32 size;  /* bytes asked for; readv and writev: iovecs */
	u32 salen; /* connect, bind, send: an address and its length */
	u8 sa[128];
};

/* The names a request carries (open, link, rename, ...), kept apart so
 * that the busy operations keep only the small struct iou_req. */
struct iou_names {
	char path[LNR_PROBE_STR_MAX];
	char path2[LNR_PROBE_STR_MAX];
};

/* Requests in flight, by the kernel's request pointer. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, LNR_PROBE_IOU_INFLIGHT);
	__type(key, u64);
	__type(value, struct iou_req);
} iou_pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, LNR_PROBE_IOU_NAMED);
	__type(key, u64);
	__type(value, struct iou_names);
} iou_names SEC(".maps");

/* Opcode -> event type, 0 for opcodes nobody wants. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_PROBE_IOU_OPS);
	__type(key, u32);
	__type(value, u16);
} iou_op_evt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u32);
} iou_progs SEC(".maps");

/*
 * A multishot request (accept, receive) posts its results but the last
 * as completions of no request: the ring and the user_data lead back to
 * it, for the operations that can be multishot.
 */
struct iou_shot {
	u64 ring;
	u64 user_data;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, LNR_PROBE_IOU_INFLIGHT);
	__type(key, struct iou_shot);
	__type(value, u64); /* the request */
} iou_shots SEC(".maps");

static __always_inline int iou_may_multishot(u16 type)
{
	return type == LNR_EVT_IOU_ACCEPT || type == LNR_EVT_IOU_RECV ||
	       type == LNR_EVT_IOU_RECVMSG;
}

/* The request a completion belongs to: its own, or for one posted on
 * behalf of a multishot request, that request. */
static __always_inline u64 iou_key(u64 *ctx)
{
	struct io_uring_cqe *cqe = (void *)ctx[2];
	struct iou_shot shot = {.ring = ctx[0]};
	u64 *req;

	if (ctx[1])
		return ctx[1];
	shot.user_data = BPF_CORE_READ(cqe, user_data);
	req = bpf_map_lookup_elem(&iou_shots, &shot);
	return req ? *req : 0;
}

/* The same events, emitted at submission (a tail call must stay on the
 * hook it came from): for requests whose success posts no completion. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u32);
} iou_skip_progs SEC(".maps");

static __always_inline void iou_name(char *dst, struct filename *fn)
{
	const char *s = BPF_CORE_READ(fn, name);

	if (!s || bpf_probe_read_kernel_str(dst, LNR_PROBE_STR_MAX, s) < 0)
		dst[0] = 0;
}

/* The request's own command data, as io_kiocb_to_cmd() sees it. */
#define IOU_CMD(req, type) ((struct type *)(req))

/* REQ_F_ bits that mirror the IOSQE_ flags, so never move. */
#define IOU_FIXED_FILE_ (1 << 0)    /* fd indexes registered files */
#define IOU_BUFFER_SELECT_ (1 << 5) /* the kernel picks the buffer */
#define IOU_CQE_SKIP_ (1 << 6)	    /* a success posts no completion */
#define EINPROGRESS_ 115
#define IOU_CQE_F_MORE_ (1 << 1) /* more completions of the request follow */

/* The descriptor the request acts on, -1 for a registered (fixed) file. */
static __always_inline s32 iou_req_fd(struct io_kiocb *req)
{
	return BPF_CORE_READ(req, flags) & IOU_FIXED_FILE_
		   ? -1
		   : BPF_CORE_READ(req, cqe.fd);
}

/* Whether requests of event type carry names (struct iou_names). */
static __always_inline int iou_has_names(u16 type)
{
	switch (type) {
	case LNR_EVT_IOU_OPENAT:
	case LNR_EVT_IOU_OPENAT2:
	case LNR_EVT_IOU_UNLINKAT:
	case LNR_EVT_IOU_RENAMEAT:
	case LNR_EVT_IOU_MKDIRAT:
	case LNR_EVT_IOU_SYMLINKAT:
	case LNR_EVT_IOU_LINKAT:
		return 1;
	}
	return 0;
}

static __always_inline void iou_read_names(struct iou_names *n,
					   struct io_kiocb *req, u16 type)
{
	n->path[0] = n->path2[0] = 0;
	switch (type) {
	case LNR_EVT_IOU_OPENAT:
	case LNR_EVT_IOU_OPENAT2:
		iou_name(n->path,
			 BPF_CORE_READ(IOU_CMD(req, io_open), filename));
		break;
	case LNR_EVT_IOU_UNLINKAT:
		iou_name(n->path,
			 BPF_CORE_READ(IOU_CMD(req, io_unlink), filename));
		break;
	case LNR_EVT_IOU_MKDIRAT:
		iou_name(n->path,
			 BPF_CORE_READ(IOU_CMD(req, io_mkdir), filename));
		break;
	case LNR_EVT_IOU_RENAMEAT:
		iou_name(n->path,
			 BPF_CORE_READ(IOU_CMD(req, io_rename), oldpath));
		iou_name(n->path2,
			 BPF_CORE_READ(IOU_CMD(req, io_rename), newpath));
		break;
	case LNR_EVT_IOU_SYMLINKAT:
	case LNR_EVT_IOU_LINKAT:
		iou_name(n->path,
			 BPF_CORE_READ(IOU_CMD(req, io_link), oldpath));
		iou_name(n->path2,
			 BPF_CORE_READ(IOU_CMD(req, io_link), newpath));
		break;
	}
}

static __always_inline void iou_read_open(struct iou_req *r,
					  struct io_kiocb *req)
{
	struct io_open *o = IOU_CMD(req, io_open);

	r->dfd = BPF_CORE_READ(o, dfd);
	r->flags = (u32)BPF_CORE_READ(o, how.flags);
	r->mode = BPF_CORE_READ(o, how.mode);
	r->resolve = BPF_CORE_READ(o, how.resolve);
}

/* linkat, symlinkat and renameat share the shape of struct io_link. */
static __always_inline void iou_read_link(struct iou_req *r,
					  struct io_kiocb *req)
{
	struct io_link *l = IOU_CMD(req, io_link);

	r->dfd = BPF_CORE_READ(l, old_dfd);
	r->dfd2 = BPF_CORE_READ(l, new_dfd);
	r->flags = (u32)BPF_CORE_READ(l, flags);
}

static __always_inline void iou_read_rename(struct iou_req *r,
					    struct io_kiocb *req)
{
	struct io_rename *l = IOU_CMD(req, io_rename);

	r->dfd = BPF_CORE_READ(l, old_dfd);
	r->dfd2 = BPF_CORE_READ(l, new_dfd);
	r->flags = (u32)BPF_CORE_READ(l, flags);
}

/* ftruncate's length: the kernel has the operation since 6.9. */
struct io_ftrunc___lnr {
	loff_t len;
} __attribute__((preserve_access_index));

#include "probe_iouring_net.bpf.h"
#include "probe_iouring_io.bpf.h"

/* The arguments of a request for event `type`, the one its opcode maps
 * to (the loader took the opcode numbers from the running kernel). */
static __always_inline void iou_read_args(struct iou_req *r,
					  struct io_kiocb *req, u16 type)
{
	switch (type) {
	case LNR_EVT_IOU_READ:
	case LNR_EVT_IOU_WRITE:
	case LNR_EVT_IOU_READV:
	case LNR_EVT_IOU_WRITEV:
	case LNR_EVT_IOU_SEND:
	case LNR_EVT_IOU_SENDMSG:
	case LNR_EVT_IOU_RECV:
	case LNR_EVT_IOU_RECVMSG:
		iou_read_io(r, req, type);
		break;
	case LNR_EVT_IOU_SOCKET:
	case LNR_EVT_IOU_CONNECT:
	case LNR_EVT_IOU_ACCEPT:
	case LNR_EVT_IOU_BIND:
	case LNR_EVT_IOU_LISTEN:
	case LNR_EVT_IOU_SHUTDOWN:
		iou_read_sock(r, req, type);
		break;
	case LNR_EVT_IOU_OPENAT:
	case LNR_EVT_IOU_OPENAT2:
		iou_read_open(r, req);
		break;
	case LNR_EVT_IOU_CLOSE:
		r->fd = BPF_CORE_READ(IOU_CMD(req, io_close), fd);
		break;
	case LNR_EVT_IOU_FTRUNCATE:
		r->fd = iou_req_fd(req);
		if (bpf_core_type_exists(struct io_ftrunc___lnr))
			r->length =
			    BPF_CORE_READ(IOU_CMD(req, io_ftrunc___lnr), len);
		break;
	case LNR_EVT_IOU_UNLINKAT:
		r->dfd = BPF_CORE_READ(IOU_CMD(req, io_unlink), dfd);
		r->flags = (u32)BPF_CORE_READ(IOU_CMD(req, io_unlink), flags);
		break;
	case LNR_EVT_IOU_MKDIRAT:
		r->dfd = BPF_CORE_READ(IOU_CMD(req, io_mkdir), dfd);
		r->mode = BPF_CORE_READ(IOU_CMD(req, io_mkdir), mode);
		break;
	case LNR_EVT_IOU_RENAMEAT:
		iou_read_rename(r, req);
		break;
	case LNR_EVT_IOU_SYMLINKAT:
	case LNR_EVT_IOU_LINKAT:
		iou_read_link(r, req);
		break;
	}
}

/* A request's names, built in a scratch area and copied into their
 * map. 0, or -1 with the loss counted. */
static __always_inline int iou_keep_names(struct io_kiocb *req, u16 type,
					  u64 key)
{
	struct scratch *s = scratch_take(type);
	struct iou_names *n;
	int err;

	if (!s)
		return -1;
	n = (struct iou_names *)s->rec;
	iou_read_names(n, req, type);
	err = bpf_map_update_elem(&iou_names, &key, n, BPF_ANY);
	s->busy = 0;
	if (err)
		count_drop(PROBE_DROP_IOURING, type);
	return err ? -1 : 0;
}

SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(lnr_iou_submit, struct io_kiocb *req)
{
	u32 op = BPF_CORE_READ(req, opcode);
	u16 *type = bpf_map_lookup_elem(&iou_op_evt, &op);
	u64 key = (u64)req;
	struct iou_req r;

	if (!type || !*type)
		return 0;
	if (iou_has_names(*type) && iou_keep_names(req, *type, key))
		return 0;
	__builtin_memset(&r, 0, sizeof(r));
	r.pid_tgid = bpf_get_current_pid_tgid();
	r.user_data = BPF_CORE_READ(req, cqe.user_data);
	r.mm = (u64)bpf_get_current_task_btf()->mm;
	r.type = *type;
	r.opcode = (u8)op;
	r.dfd = r.dfd2 = r.fd = -1;
	iou_read_args(&r, req, r.type);
	/* A close unmarks its fd before anything can fail (if the close
	 * does, its record is only kept). */
	if (r.type == LNR_EVT_IOU_CLOSE)
		unseen_take(bpf_get_current_task_btf(), r.fd);
	if (iou_may_multishot(r.type)) {
		struct iou_shot shot = {.ring = (u64)BPF_CORE_READ(req, ctx),
					.user_data = r.user_data};

		bpf_map_update_elem(&iou_shots, &shot, &key, BPF_ANY);
	}
	if (bpf_map_update_elem(&iou_pending, &key, &r, BPF_ANY))
		count_drop(PROBE_DROP_IOURING, r.type);
	/* IOSQE_CQE_SKIP_SUCCESS: no completion will say it succeeded, so
	 * the event goes now, as the success it will be unless it fails. */
	else if (BPF_CORE_READ(req, flags) & IOU_CQE_SKIP_)
		bpf_tail_call(ctx, &iou_skip_progs, r.type);
	return 0;
}

/*
 * A request whose success posts no completion (IOSQE_CQE_SKIP_SUCCESS)
 * was emitted at submission and its entry dropped; one whose entry was
 * left behind anyway is told from a later request at the same address by
 * its opcode and user_data, and the stale entry goes.
 */
SEC("tp_btf/io_uring_complete")
int BPF_PROG(lnr_iou_complete, void *ring, void *req, struct io_uring_cqe *cqe)
{
	u64 key = iou_key(ctx);
	struct io_kiocb *kreq = (struct io_kiocb *)key;
	struct iou_req *r = bpf_map_lookup_elem(&iou_pending, &key);

	if (!r)
		return 0;
	if (r->opcode != BPF_CORE_READ(kreq, opcode) ||
	    r->user_data != BPF_CORE_READ(kreq, cqe.user_data)) {
		bpf_map_delete_elem(&iou_pending, &key);
		return 0;
	}
	bpf_tail_call(ctx, &iou_progs, r->type);
	return 0;
}

/* The start of an event program for request key: what was kept of it
 * at submission. User memory is read only where it is the submitter's:
 * completion runs in the submitting thread, or in an io_uring thread of
 * its process. */
static __always_inline int iou_begin(struct fill *f, u64 *ctx, u16 type,
				     u16 nparams, u64 key)
{
	struct iou_req *r = bpf_map_lookup_elem(&iou_pending, &key);

	if (!r || fill_begin(f, NULL, type, nparams))
		return -1;
	f->iou = r;
	f->iou_kreq = key;
	f->iou_user = r->mm == (u64)bpf_get_current_task_btf()->mm;
	if (iou_has_names(type))
		f->iou_names = bpf_map_lookup_elem(&iou_names, &key);
	f->pid_tgid = r->pid_tgid;
	return 0;
}

/* What was kept of request key goes. */
static __always_inline void iou_forget(u64 key, u16 type)
{
	bpf_map_delete_elem(&iou_pending, &key);
	if (iou_has_names(type))
		bpf_map_delete_elem(&iou_names, &key);
}

/* At completion: the result is the completion's. */
static __always_inline int iou_fill_begin(struct fill *f, u64 *ctx, u16 type,
					  u16 nparams)
{
	struct io_uring_cqe *cqe = (void *)ctx[2];

	if (iou_begin(f, ctx, type, nparams, iou_key(ctx)))
		return -1;
	f->call.ret = BPF_CORE_READ(cqe, res);
	return 0;
}

static __always_inline void iou_fill_end(struct fill *f, u64 *ctx, u16 type)
{
	struct io_uring_cqe *cqe = (void *)ctx[2];
	u64 key = iou_key(ctx);
	struct iou_shot shot = {.ring = ctx[0],
				.user_data = BPF_CORE_READ(cqe, user_data)};

	fill_end(f);
	/* A multishot request (accept, receive) posts a completion per
	 * result; the entry stays for the next until the last. */
	if (BPF_CORE_READ(cqe, flags) & IOU_CQE_F_MORE_)
		return;
	if (iou_may_multishot(type))
		bpf_map_delete_elem(&iou_shots, &shot);
	iou_forget(key, type);
}

/* Whether the operation's result is a new descriptor. */
static __always_inline int iou_makes_fd(u16 type)
{
	return type == LNR_EVT_IOU_OPENAT || type == LNR_EVT_IOU_OPENAT2 ||
	       type == LNR_EVT_IOU_ACCEPT || type == LNR_EVT_IOU_SOCKET;
}

/*
 * At submission, for a request whose success posts no completion: its
 * result is taken to be that success, 0, except for the calls that make
 * a descriptor, whose number is not known yet: -EINPROGRESS. Its entry
 * goes, so a failure's completion (which is posted) finds none: the
 * event stands for the attempt.
 */
static __always_inline int iou_skip_begin(struct fill *f, u64 *ctx, u16 type,
					  u16 nparams)
{
	if (iou_begin(f, ctx, type, nparams, ctx[0]))
		return -1;
	f->call.ret = iou_makes_fd(type) ? -EINPROGRESS_ : 0;
	return 0;
}

static __always_inline void iou_skip_end(struct fill *f, u64 *ctx, u16 type)
{
	fill_end(f);
	iou_forget(ctx[0], type);
}

static __always_inline void put_iou_str(struct fill *f, const char *s)
{
	put_kernel_str(f, s, LNR_PROBE_STR_MAX - 1);
}

#define IOU_(f) ((struct iou_req *)(f)->iou)
#define fill_IOU_DFD(f, t) put_num(f, t, (u64)(s64)IOU_(f)->dfd)
#define fill_IOU_DFD2(f, t) put_num(f, t, (u64)(s64)IOU_(f)->dfd2)
#define fill_IOU_DFD_PATH(f, t) put_dirfd_path(f, IOU_(f)->dfd)
#define fill_IOU_DFD2_PATH(f, t) put_dirfd_path(f, IOU_(f)->dfd2)
#define fill_IOU_FD(f, t) put_num(f, t, (u64)(s64)IOU_(f)->fd)
#define fill_IOU_FLAGS(f, t) put_num(f, t, IOU_(f)->flags)
#define fill_IOU_MODE(f, t) put_num(f, t, IOU_(f)->mode)
#define fill_IOU_RESOLVE(f, t) put_num(f, t, IOU_(f)->resolve)
#define IOU_NAMES_(f) ((struct iou_names *)(f)->iou_names)
#define fill_IOU_PATH(f, t)                                                    \
	put_iou_str(f, IOU_NAMES_(f) ? IOU_NAMES_(f)->path : NULL)
#define fill_IOU_PATH2(f, t)                                                   \
	put_iou_str(f, IOU_NAMES_(f) ? IOU_NAMES_(f)->path2 : NULL)
#define fill_IOU_DOMAIN(f, t) put_num(f, t, (u32)IOU_(f)->domain)
#define fill_IOU_TYPE(f, t) put_num(f, t, (u32)IOU_(f)->stype)
#define fill_IOU_PROTO(f, t) put_num(f, t, (u32)IOU_(f)->proto)
#define fill_IOU_SOCKADDR(f, t)                                                \
	put_sockaddr(f, (u64)IOU_(f)->sa, IOU_(f)->salen, 0)
#define fill_IOU_BACKLOG(f, t) put_num(f, t, (u64)(s64)IOU_(f)->backlog)
#define fill_IOU_HOW(f, t) put_num(f, t, (u32)IOU_(f)->how)
#define fill_IOU_LENGTH(f, t) put_num(f, t, (u64)IOU_(f)->length)

#endif

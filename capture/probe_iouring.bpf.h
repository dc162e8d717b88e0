/*
 * io_uring operations never pass the syscall hooks, and rootkits use
 * that to hide. A selected opcode is read when it is submitted, from the
 * copies the kernel made while preparing it (later changes to user
 * memory cannot lie about it), kept until its completion posts the
 * result, and emitted then as an event named after the opcode's syscall,
 * with that syscall's parameters. The submitting thread is the one the
 * event names, whichever kernel thread completes the work. The socket
 * operations' arguments are read in probe_iouring_net.bpf.h.
 */
#ifndef LNR_PROBE_IOURING_BPF_H
#define LNR_PROBE_IOURING_BPF_H

struct iou_req {
	u64 pid_tgid; /* the submitter */
	u16 type;     /* enum lnr_evt_type */
	s32 dfd, dfd2;
	s32 fd;
	u32 flags;
	u64 mode;
	u64 resolve;
	s32 domain, stype, proto; /* socket: family, type, protocol */
	s32 backlog;		  /* listen */
	s32 how;		  /* shutdown */
	s64 length;		  /* ftruncate */
	u32 salen; /* connect, bind: the address and its length */
	u8 sa[128];
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

static __always_inline void iou_name(char *dst, struct filename *fn)
{
	const char *s = BPF_CORE_READ(fn, name);

	if (!s || bpf_probe_read_kernel_str(dst, LNR_PROBE_STR_MAX, s) < 0)
		dst[0] = 0;
}

/* The request's own command data, as io_kiocb_to_cmd() sees it. */
#define IOU_CMD(req, type) ((struct type *)(req))

#define IOU_FIXED_FILE_ 1 /* REQ_F_FIXED_FILE: fd indexes registered files */

/* The descriptor the request acts on, -1 for a registered (fixed) file. */
static __always_inline s32 iou_req_fd(struct io_kiocb *req)
{
	return BPF_CORE_READ(req, flags) & IOU_FIXED_FILE_
		   ? -1
		   : BPF_CORE_READ(req, cqe.fd);
}

static __always_inline void iou_read_open(struct iou_req *r,
					  struct io_kiocb *req)
{
	struct io_open *o = IOU_CMD(req, io_open);

	r->dfd = BPF_CORE_READ(o, dfd);
	r->flags = (u32)BPF_CORE_READ(o, how.flags);
	r->mode = BPF_CORE_READ(o, how.mode);
	r->resolve = BPF_CORE_READ(o, how.resolve);
	iou_name(r->path, BPF_CORE_READ(o, filename));
}

/* linkat, symlinkat and renameat share the shape of struct io_link. */
static __always_inline void iou_read_link(struct iou_req *r,
					  struct io_kiocb *req)
{
	struct io_link *l = IOU_CMD(req, io_link);

	r->dfd = BPF_CORE_READ(l, old_dfd);
	r->dfd2 = BPF_CORE_READ(l, new_dfd);
	r->flags = (u32)BPF_CORE_READ(l, flags);
	iou_name(r->path, BPF_CORE_READ(l, oldpath));
	iou_name(r->path2, BPF_CORE_READ(l, newpath));
}

static __always_inline void iou_read_rename(struct iou_req *r,
					    struct io_kiocb *req)
{
	struct io_rename *l = IOU_CMD(req, io_rename);

	r->dfd = BPF_CORE_READ(l, old_dfd);
	r->dfd2 = BPF_CORE_READ(l, new_dfd);
	r->flags = (u32)BPF_CORE_READ(l, flags);
	iou_name(r->path, BPF_CORE_READ(l, oldpath));
	iou_name(r->path2, BPF_CORE_READ(l, newpath));
}

/* ftruncate's length: the kernel has the operation since 6.9. */
struct io_ftrunc___lnr {
	loff_t len;
} __attribute__((preserve_access_index));

#include "probe_iouring_net.bpf.h"

/* The arguments of a request for event `type`, the one its opcode maps
 * to (the loader took the opcode numbers from the running kernel). */
static __always_inline void iou_read_args(struct iou_req *r,
					  struct io_kiocb *req, u16 type)
{
	switch (type) {
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
		iou_name(r->path,
			 BPF_CORE_READ(IOU_CMD(req, io_unlink), filename));
		break;
	case LNR_EVT_IOU_MKDIRAT:
		r->dfd = BPF_CORE_READ(IOU_CMD(req, io_mkdir), dfd);
		r->mode = BPF_CORE_READ(IOU_CMD(req, io_mkdir), mode);
		iou_name(r->path,
			 BPF_CORE_READ(IOU_CMD(req, io_mkdir), filename));
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

SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(lnr_iou_submit, struct io_kiocb *req)
{
	u32 op = BPF_CORE_READ(req, opcode);
	u16 *type = bpf_map_lookup_elem(&iou_op_evt, &op);
	u64 key = (u64)req;
	struct scratch *s;
	struct iou_req *r;

	if (!type || !*type)
		return 0;
	/* Built in a scratch area, then copied into the map. */
	s = scratch_take(*type);
	if (!s)
		return 0;
	r = (struct iou_req *)s->rec;
	r->pid_tgid = bpf_get_current_pid_tgid();
	r->type = *type;
	r->dfd = r->dfd2 = r->fd = -1;
	r->flags = r->salen = 0;
	r->backlog = r->how = 0;
	r->mode = r->resolve = 0;
	r->length = 0;
	r->path[0] = r->path2[0] = 0;
	iou_read_args(r, req, *type);
	if (bpf_map_update_elem(&iou_pending, &key, r, BPF_ANY))
		count_drop(PROBE_DROP_IOURING, r->type);
	s->busy = 0;
	return 0;
}

SEC("tp_btf/io_uring_complete")
int BPF_PROG(lnr_iou_complete, void *ring, void *req, struct io_uring_cqe *cqe)
{
	u64 key = (u64)req;
	struct iou_req *r = bpf_map_lookup_elem(&iou_pending, &key);

	if (r)
		bpf_tail_call(ctx, &iou_progs, r->type);
	return 0;
}

/* The start of an event program: the request and its result. */
static __always_inline int iou_fill_begin(struct fill *f, u64 *ctx, u16 type,
					  u16 nparams)
{
	u64 key = ctx[1];
	struct iou_req *r = bpf_map_lookup_elem(&iou_pending, &key);
	struct io_uring_cqe *cqe = (void *)ctx[2];

	if (!r || fill_begin(f, ctx, type, nparams, 0))
		return -1;
	f->iou = r;
	f->iou_fd = r->fd;
	f->pid_tgid = r->pid_tgid;
	f->ret = BPF_CORE_READ(cqe, res);
	return 0;
}

static __always_inline void iou_fill_end(struct fill *f, u64 *ctx)
{
	u64 key = ctx[1];

	fill_end(f);
	bpf_map_delete_elem(&iou_pending, &key);
}

static __always_inline void put_iou_str(struct fill *f, const char *s)
{
	put_kernel_str(f, s, LNR_PROBE_STR_MAX - 1);
}

#define IOU_(f) ((struct iou_req *)(f)->iou)
#define fill_IOU_DFD(f, t) put_num(f, t, (u64)(s64)IOU_(f)->dfd)
#define fill_IOU_DFD2(f, t) put_num(f, t, (u64)(s64)IOU_(f)->dfd2)
#define fill_IOU_FD(f, t) put_num(f, t, (u64)(s64)IOU_(f)->fd)
#define fill_IOU_FLAGS(f, t) put_num(f, t, IOU_(f)->flags)
#define fill_IOU_MODE(f, t) put_num(f, t, IOU_(f)->mode)
#define fill_IOU_RESOLVE(f, t) put_num(f, t, IOU_(f)->resolve)
#define fill_IOU_PATH(f, t) put_iou_str(f, IOU_(f)->path)
#define fill_IOU_PATH2(f, t) put_iou_str(f, IOU_(f)->path2)
#define fill_IOU_DOMAIN(f, t) put_num(f, t, (u32)IOU_(f)->domain)
#define fill_IOU_TYPE(f, t) put_num(f, t, (u32)IOU_(f)->stype)
#define fill_IOU_PROTO(f, t) put_num(f, t, (u32)IOU_(f)->proto)
#define fill_IOU_SOCKADDR(f, t)                                                \
	put_sockaddr(f, (u64)IOU_(f)->sa, IOU_(f)->salen, 0)
#define fill_IOU_BACKLOG(f, t) put_num(f, t, (u64)(s64)IOU_(f)->backlog)
#define fill_IOU_HOW(f, t) put_num(f, t, (u32)IOU_(f)->how)
#define fill_IOU_LENGTH(f, t) put_num(f, t, (u64)IOU_(f)->length)

#endif

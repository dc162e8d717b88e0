/*
 * The data operations of io_uring (read, write, readv, writev and their
 * registered-buffer forms; send, recv, sendmsg, recvmsg and the
 * zero-copy sends) for probe_iouring.bpf.h: sizes and addresses read at
 * submission, data and socket ends at completion, as the syscall twins
 * read theirs at exit.
 *
 * Write data is read at completion too, not at submission: the kernel
 * copies it only when it issues the request, which for a request handed
 * to a worker is after submission, so completion is the first moment
 * the bytes reported are the ones the kernel has taken (a thread may
 * still rewrite the buffer after that, as it may after a write(2)); and
 * no payload waits in the map of requests in flight.
 */
#ifndef LNR_PROBE_IOURING_IO_BPF_H
#define LNR_PROBE_IOURING_IO_BPF_H

/* Whether the ring is a 32-bit process's (iovec, msghdr layouts). */
static __always_inline u8 iou_compat(struct io_kiocb *req)
{
	struct io_ring_ctx *ctx = BPF_CORE_READ(req, ctx);

	return ctx ? (u8)BPF_CORE_READ_BITFIELD_PROBED(ctx, compat) : 0;
}

/*
 * The destination a send or sendmsg names, from the copy the prep step
 * made into the request's io_async_msghdr (6.10 on); 0 where there is
 * none. The copy counts only where the message's msg_name points at it,
 * which also tells this layout from any other.
 */
static __always_inline u32 iou_send_addr(struct iou_req *r,
					 struct io_kiocb *req)
{
	struct io_async_msghdr___lnr *m = BPF_CORE_READ(req, async_data);
	u64 copy, name;
	int len;

	if (!m || !bpf_core_field_exists(struct io_async_msghdr___lnr, msg))
		return 0;
	copy =
	    (u64)m + bpf_core_field_offset(struct io_async_msghdr___lnr, addr);
	name = (u64)BPF_CORE_READ(m, msg.msg_name);
	len = BPF_CORE_READ(m, msg.msg_namelen);
	if (name != copy || len <= 0 ||
	    bpf_probe_read_kernel(r->sa, sizeof(r->sa), (void *)copy))
		return 0;
	return (u32)len < sizeof(r->sa) ? (u32)len : sizeof(r->sa);
}

/* sendmsg, recvmsg: the caller's msghdr, read in the submitter's
 * memory: the bytes its iovecs offer, and where its name is. */
static __always_inline void iou_read_msg(struct iou_req *r,
					 struct io_kiocb *req)
{
	u64 umsg = (u64)BPF_CORE_READ(IOU_CMD(req, io_sr_msg), umsg);
	struct msghdr_head h = {};

	if (user_msg_head(umsg, r->compat, &h))
		return;
	r->size = (u32)msg_iov_total(&h, r->compat);
	r->uaddr = h.name;
	r->umsg = umsg;
}

static __always_inline void iou_read_io(struct iou_req *r, struct io_kiocb *req,
					u16 type)
{
	r->fd = iou_req_fd(req);
	r->compat = iou_compat(req);
	switch (type) {
	case LNR_EVT_IOU_READV:
		/* With a kernel-picked buffer, len is that buffer's size
		 * already; the caller gave one iovec. */
		if (BPF_CORE_READ(req, flags) & IOU_BUFFER_SELECT_) {
			r->size = 1;
			break;
		}
		/* fall through */
	case LNR_EVT_IOU_READ:
	case LNR_EVT_IOU_WRITE:
	case LNR_EVT_IOU_WRITEV:
		r->size = BPF_CORE_READ(IOU_CMD(req, io_rw), len);
		break;
	case LNR_EVT_IOU_SEND:
		r->salen = iou_send_addr(r, req);
		/* fall through */
	case LNR_EVT_IOU_RECV:
		r->size = (u32)BPF_CORE_READ(IOU_CMD(req, io_sr_msg), len);
		break;
	case LNR_EVT_IOU_SENDMSG:
		r->salen = iou_send_addr(r, req);
		/* fall through */
	case LNR_EVT_IOU_RECVMSG:
		iou_read_msg(r, req);
		break;
	}
}

/* The buffer of a read or write, once done: a kernel-picked one is known
 * only then. 0 where the submitter's memory is not at hand. */
static __always_inline u64 iou_rw_addr(struct fill *f)
{
	struct io_kiocb *req = (struct io_kiocb *)f->iou_kreq;

	return f->iou_user ? BPF_CORE_READ(IOU_CMD(req, io_rw), addr) : 0;
}

/* readv, writev: the first buffer, or the one the kernel picked. */
static __always_inline void iou_put_vec(struct fill *f, s64 n)
{
	struct io_kiocb *req = (struct io_kiocb *)f->iou_kreq;
	struct iou_req *r = f->iou;

	if (BPF_CORE_READ(req, flags) & IOU_BUFFER_SELECT_)
		put_user_data(f, iou_rw_addr(f), n);
	else
		put_first_iov(f, iou_rw_addr(f), n, r->compat);
}

/* Both ends of the request's socket once it succeeded; for a socket
 * with no remote end, the address the send named (the kernel's copy) or
 * the caller's msg_name (where recvmsg wrote the sender). */
static __always_inline void iou_put_tuple(struct fill *f, int remote_first)
{
	struct io_kiocb *req = (struct io_kiocb *)f->iou_kreq;
	struct iou_req *r = f->iou;
	struct file *file;

	if (f->call.ret < 0) {
		put_empty(f);
		return;
	}
	file = BPF_CORE_READ(req, file);
	if (r->salen)
		put_tuple_file(f, file, remote_first, (u64)r->sa, 0);
	else
		put_tuple_file(f, file, remote_first,
			       f->iou_user ? r->uaddr : 0, 1);
}

/* The file the request worked on, which it holds until it is freed. */
static __always_inline void fill_IOU_FILE_PATH(struct fill *f, int t)
{
	struct io_kiocb *req = (struct io_kiocb *)f->iou_kreq;

	put_file_path(f, BPF_CORE_READ(req, file));
}

#define fill_IOU_SIZE(f, t) put_num(f, t, ((struct iou_req *)(f)->iou)->size)
#define fill_IOU_DATA_READ(f, t) put_user_data(f, iou_rw_addr(f), (f)->call.ret)
#define fill_IOU_DATA_WRITE(f, t)                                              \
	put_user_data(f, iou_rw_addr(f), ((struct iou_req *)(f)->iou)->size)
#define fill_IOU_DATA_READV(f, t) iou_put_vec(f, (f)->call.ret)
#define fill_IOU_DATA_WRITEV(f, t) iou_put_vec(f, LNR_PROBE_SNAPLEN)
#define fill_IOU_TUPLE_SEND(f, t) iou_put_tuple(f, 0)
#define fill_IOU_TUPLE_RECV(f, t) iou_put_tuple(f, 1)
/* recvmsg's fds, from the submitter's control buffer: in its memory
 * only, and from the table of the task that completes the request, an
 * io_uring thread of the submitter's process sharing its table. */
#define fill_IOU_RECV_FDS(f, t)                                                \
	put_rfds(f, (f)->iou_user ? ((struct iou_req *)(f)->iou)->umsg : 0,    \
		 ((struct iou_req *)(f)->iou)->compat)
#define fill_IOU_RECV_FDNAMES(f, t) put_rfd_names(f)

#endif

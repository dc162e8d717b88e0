/*
 * The socket operations of io_uring (socket, connect, accept, bind,
 * listen, shutdown): their arguments, read at submission from the
 * request the kernel prepared, for probe_iouring.bpf.h. Addresses come
 * from the copy the prep step made, where the kernel lets the probe tell
 * where that copy is.
 */
#ifndef LNR_PROBE_IOURING_NET_BPF_H
#define LNR_PROBE_IOURING_NET_BPF_H

/*
 * The kernel's types for operations newer than some kernels the probe
 * loads on, matched by name at load: each access is guarded by a check
 * that the running kernel has the type, and vmlinux.h need not have it.
 */
struct io_bind___lnr { /* 6.11 */
	int addr_len;
} __attribute__((preserve_access_index));

struct io_listen___lnr { /* 6.11 */
	int backlog;
} __attribute__((preserve_access_index));

struct io_shutdown___lnr {
	int how;
} __attribute__((preserve_access_index));

struct io_async_msghdr___lnr {
	struct msghdr msg;
	struct __kernel_sockaddr_storage addr;
} __attribute__((preserve_access_index));

/* The slab an object was allocated from (6.13); NULL when absent. */
extern struct kmem_cache *bpf_get_kmem_cache(u64 addr) __ksym __weak;

/*
 * The kernel's copy of a connect or bind address, made by the prep step
 * into the request's async data, or NULL when the probe cannot tell
 * where it is. Since 6.10 that data was a struct io_async_msghdr with
 * the copy in its addr; the fix that gave connect and bind a bare
 * struct sockaddr_storage instead (upstream 3979840cd858) went to the
 * stable series too (6.12.95 and 7.1.2 among them; 6.18.44 has it), so
 * the kernel version does not tell them apart. The size of the allocation does:
 * a sockaddr_storage is smaller than any io_async_msghdr. Only
 * bpf_get_kmem_cache can tell the size; without it, NULL.
 */
static __always_inline const void *iou_addr_copy(struct io_kiocb *req)
{
	void *data = BPF_CORE_READ(req, async_data);
	struct kmem_cache *cache;

	if (!data || !bpf_get_kmem_cache ||
	    !bpf_core_type_exists(struct io_async_msghdr___lnr))
		return NULL;
	cache = bpf_get_kmem_cache((u64)data);
	if (!cache)
		return NULL;
	if (BPF_CORE_READ(cache, object_size) <
	    bpf_core_type_size(struct io_async_msghdr___lnr))
		return data;
	return (const u8 *)data +
	       bpf_core_field_offset(struct io_async_msghdr___lnr, addr);
}

/* addr_len bytes of the kernel's copy (all of it is readable: both
 * places hold a whole sockaddr_storage); 0 when the copy is unknown. */
static __always_inline u32 iou_copy_addr(struct iou_req *r,
					 struct io_kiocb *req, int addr_len)
{
	const void *copy = iou_addr_copy(req);

	if (!copy || addr_len < 0 ||
	    bpf_probe_read_kernel(r->sa, sizeof(r->sa), copy))
		return 0;
	return (u32)addr_len < sizeof(r->sa) ? (u32)addr_len : sizeof(r->sa);
}

/* Where the kernel does not say where its copy is, the caller's memory
 * right after the kernel copied it (submission runs in the submitter's
 * address space); a thread of the caller may have changed it since. */
static __always_inline void iou_read_connect(struct iou_req *r,
					     struct io_kiocb *req)
{
	struct io_connect *c = IOU_CMD(req, io_connect);
	int len = BPF_CORE_READ(c, addr_len);
	u32 n;

	r->salen = iou_copy_addr(r, req, len);
	if (r->salen || len <= 0)
		return;
	n = (u32)len < sizeof(r->sa) ? (u32)len : sizeof(r->sa);
	if (!bpf_probe_read_user(r->sa, n, BPF_CORE_READ(c, addr)))
		r->salen = n;
}

static __always_inline void iou_read_sock(struct iou_req *r,
					  struct io_kiocb *req, u16 type)
{
	r->fd = iou_req_fd(req);
	switch (type) {
	case LNR_EVT_IOU_SOCKET:
		r->domain = BPF_CORE_READ(IOU_CMD(req, io_socket), domain);
		r->stype = BPF_CORE_READ(IOU_CMD(req, io_socket), type);
		r->proto = BPF_CORE_READ(IOU_CMD(req, io_socket), protocol);
		r->flags = (u32)BPF_CORE_READ(IOU_CMD(req, io_socket), flags);
		break;
	case LNR_EVT_IOU_ACCEPT:
		r->flags = (u32)BPF_CORE_READ(IOU_CMD(req, io_accept), flags);
		break;
	case LNR_EVT_IOU_CONNECT:
		iou_read_connect(r, req);
		break;
	case LNR_EVT_IOU_BIND:
		if (bpf_core_type_exists(struct io_bind___lnr))
			r->salen = iou_copy_addr(
			    r, req,
			    BPF_CORE_READ(IOU_CMD(req, io_bind___lnr),
					  addr_len));
		break;
	case LNR_EVT_IOU_LISTEN:
		if (bpf_core_type_exists(struct io_listen___lnr))
			r->backlog = BPF_CORE_READ(
			    IOU_CMD(req, io_listen___lnr), backlog);
		break;
	case LNR_EVT_IOU_SHUTDOWN:
		if (bpf_core_type_exists(struct io_shutdown___lnr))
			r->how =
			    BPF_CORE_READ(IOU_CMD(req, io_shutdown___lnr), how);
		break;
	}
}

#endif

/*
 * Reads and writes. They are the busiest syscalls, so no state needs
 * them and the kernel filter emits them only when a loaded rule names
 * them. Their data is copied up to LNR_PROBE_SNAPLEN bytes: what was
 * read (after the call, as many bytes as it returned) or what was asked
 * to be written; for readv and writev, from the first buffer.
 */
#ifndef LNR_PROBE_IO_BPF_H
#define LNR_PROBE_IO_BPF_H

/* n bytes of the caller's memory at uptr, cut at LNR_PROBE_SNAPLEN. */
static __always_inline void put_user_data(struct fill *f, u64 uptr, s64 n)
{
	u32 p = f->pos & REC_MASK;
	u32 len;

	if (n <= 0 || !uptr || f->pos + LNR_PROBE_SNAPLEN > LNR_PROBE_REC_MAX) {
		put_empty(f);
		return;
	}
	len = n > LNR_PROBE_SNAPLEN ? LNR_PROBE_SNAPLEN : (u32)n;
	len &= 0xff; /* a bound the verifier keeps */
	if (len == 0 || bpf_probe_read_user(&f->rec[p], len, (void *)uptr)) {
		put_empty(f);
		return;
	}
	put_len(f, len);
}

/* The first struct iovec of the array at uptr: base and length, of a
 * 64-bit or (compat) a 32-bit caller. */
static __always_inline void put_first_iov(struct fill *f, u64 uptr, s64 n,
					  int compat)
{
	struct {
		u64 base, len;
	} iov = {};
	struct {
		u32 base, len;
	} iov32 = {};

	if (compat &&
	    !bpf_probe_read_user(&iov32, sizeof(iov32), (void *)uptr)) {
		iov.base = iov32.base;
		iov.len = iov32.len;
	} else if (compat ||
		   bpf_probe_read_user(&iov, sizeof(iov), (void *)uptr)) {
		put_empty(f);
		return;
	}
	put_user_data(f, iov.base, n < (s64)iov.len ? n : (s64)iov.len);
}

/* Bytes a read filled (its result) or a write offered (its size). */
#define fill_DATA_READ(f, t) put_user_data(f, reg_arg(f, 1), (f)->call.ret)
#define fill_DATA_WRITE(f, t)                                                  \
	put_user_data(f, reg_arg(f, 1), (s64)reg_arg(f, 2))
#define fill_DATA_READV(f, t)                                                  \
	put_first_iov(f, reg_arg(f, 1), (f)->call.ret, (f)->call.compat)
#define fill_DATA_WRITEV(f, t)                                                 \
	put_first_iov(f, reg_arg(f, 1), LNR_PROBE_SNAPLEN, (f)->call.compat)

#endif

/*
 * Which opens and closes deserve a record. The engine derives an open
 * filter from the rules (common/openfilter.h); capture writes it into
 * open_cfg and open_paths. An open is recorded when the filter says all,
 * when it writes and write_any is set, when its path is one the probe
 * cannot judge (openfilter_always_n), or when the longest entry of
 * open_paths matching its path, or its last component, takes it. The
 * path map is looked up only for a path whose first three bytes after
 * its '/' have their bit in the filter's top set (a hash of those of
 * every entry that would take the open; reads and writes have a set
 * each): a path below /proc or /tmp costs no lookup, nor a read below
 * /usr when only writes there are recorded.
 *
 * An fd whose open was left out is marked (probe_unseen.bpf.h), and its
 * close is left out too (unless a rule matches closes): the engine never
 * knew the fd. Whatever else frees or replaces a marked fd number in the
 * process (dup2 and dup3 onto it, close_range, an exec, an io_uring
 * close) unmarks it; a copy of a marked fd (dup, fcntl F_DUPFD) is
 * marked too, and left out when only the state wants it; a recorded open
 * or copy unmarks its number. Another process sharing the fd table
 * (clone(CLONE_FILES)) can leave a mark stale: a close then goes
 * unrecorded, and an open through the fd is judged by its kernel path.
 *
 * Directories. A directory the filter does not take is left out too
 * when its path in the kernel is the path the engine would have given
 * it; the calls that resolve a path against a directory fd carry that
 * path (common/event_table.def), so the engine needs no open. An open
 * relative to such a directory, of one plain component with O_NOFOLLOW
 * (so neither can hide a symlink, and the kernel's path is the engine's),
 * is judged by the kernel's path of what it opened: a tree walk (find,
 * fts) under a directory no rule names never leaves the kernel. That
 * path is written out only when an entry may start as it does or name
 * its last component (walk_may_match). Any other relative open is
 * recorded. The kernel's path is walked at each such open, never
 * remembered: a directory renamed or moved with its mount is judged
 * where it is now, as the engine names it.
 */
#ifndef LNR_PROBE_OPEN_BPF_H
#define LNR_PROBE_OPEN_BPF_H

#define O_WRONLY_ 01
#define O_RDWR_ 02
#define O_CREAT_ 0100
#define O_TRUNC_ 01000
#define O_NOFOLLOW_ 0400000
#define S_IFDIR_ 0040000
#define S_IFREG_ 0100000

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct lnr_open_cfg);
} open_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, OPENFILTER_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lnr_open_key);
	__type(value, u32);
} open_paths SEC(".maps");

#include "probe_unseen.bpf.h"

static __always_inline int closes_kept(void)
{
	u32 zero = 0;
	struct lnr_open_cfg *cfg = bpf_map_lookup_elem(&open_cfg, &zero);

	return !cfg || cfg->keep_closes;
}

/*
 * A copy of a marked fd is marked, and the call left out when only the
 * state wants its type and the engine knows neither fd; a dup2 or dup3
 * onto a number not marked, which the engine may know, is recorded, so
 * that it forgets what was there. A copy of an fd not marked unmarks the
 * copy's number. fcntl copies with F_DUPFD only.
 */
static __always_inline int dup_seen(u16 type, const struct sys_call *c)
{
	long oldfd = (s32)call_arg(c, 0);
	u32 cmd = (u32)call_arg(c, 1), key = type;
	struct lnr_unseen *u;
	u16 *only;

	if (type == LNR_EVT_FCNTL && cmd != F_DUPFD_ && cmd != F_DUPFD_CLOEXEC_)
		return 1;
	if (c->ret < 0)
		return 1;
	/* One lookup of the marks: a copy is made where they exist. */
	u = unseen_get(c->task, 0);
	if (!unseen_in(u, oldfd)) {
		unseen_clear(u, c->ret); /* a number the engine knows */
		return 1;
	}
	if ((type == LNR_EVT_DUP2 || type == LNR_EVT_DUP3) && c->ret != oldfd &&
	    !unseen_in(u, c->ret)) {
		unseen_set(u, c->ret);
		return 1;
	}
	unseen_set(u, c->ret);
	only = bpf_map_lookup_elem(&evt_state_only, &key);
	return !only || !*only;
}

/*
 * Before any record: a close of a marked fd is left out (unless a rule
 * matches closes); the calls that
 * free or replace fd numbers without a close unmark them.
 */
static __always_inline int fds_seen(u16 type, const struct sys_call *c)
{
	switch (type) {
	case LNR_EVT_CLOSE:
		return !unseen_take(c->task, (s32)call_arg(c, 0)) ||
		       closes_kept();
	case LNR_EVT_DUP:
	case LNR_EVT_DUP2:
	case LNR_EVT_DUP3:
	case LNR_EVT_FCNTL:
		return dup_seen(type, c);
	case LNR_EVT_CLOSE_RANGE:
	case LNR_EVT_EXECVE:
	case LNR_EVT_EXECVEAT:
		unseen_forget_all(c->task);
		return 1;
	default:
		return 1;
	}
}

/* An open being judged: its call, type and scratch slot. */
struct open_call {
	const struct sys_call *sc;
	struct scratch *s;
	u16 type;
};

static __always_inline u64 open_arg(const struct open_call *c, int i)
{
	return call_arg(c->sc, i);
}

/* The open's flags, as the kernel got them. */
static __always_inline u32 open_flags(const struct open_call *c)
{
	u64 flags;

	switch (c->type) {
	case LNR_EVT_OPEN:
		return (u32)open_arg(c, 1);
	case LNR_EVT_OPENAT:
		return (u32)open_arg(c, 2);
	case LNR_EVT_OPENAT2: /* struct open_how starts with the flags */
		if (bpf_probe_read_user(&flags, sizeof(flags),
					(void *)open_arg(c, 2)))
			return O_RDWR_;
		return (u32)flags;
	default: /* creat */
		return O_CREAT_ | O_WRONLY_ | O_TRUNC_;
	}
}

/* Whether file is a directory. Cast to its BTF type, the file is read
 * with direct loads (about 40 ns less than two more reads, on an open of
 * every file no rule names). */
static __always_inline int file_is_dir(struct file *file)
{
	if (!file)
		return 0;
	if (!bpf_rdonly_cast)
		return (BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT_) ==
		       S_IFDIR_;
	file = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
	return (file->f_inode->i_mode & S_IFMT_) == S_IFDIR_;
}

/*
 * Where the last component of the key's path starts (0 when it holds no
 * '/'), or -1 when the path is one the kernel cannot judge: "//", "/.",
 * "..", a '/' right before the end, or no end within the key. lead: the
 * key's bytes are judged as if a '/' preceded them. Eight bytes at a
 * time, the state in registers.
 */
static __always_inline int path_scan_body(const struct lnr_open_key *k,
					  int lead)
{
	u64 bad = 0, ps = lead ? 0x80 : 0, pd = 0, lastw = 0, lastm = 0, z = 0;
	const u32 *w;

	if (!k)
		return -1;
	w = (const u32 *)k->data; /* 4-aligned, after prefixlen */
	for (u32 i = 0; i < OPENFILTER_KEY_MAX / 8; i++) {
		u64 x = w[2 * i] | (u64)w[2 * i + 1] << 32;
		u64 valid, s, d, m;

		z = bytes_eq(x, 0);
		valid = ((z & -z) - 1) & 0x8080808080808080ull;
		s = bytes_eq(x, '/') & valid;
		d = bytes_eq(x, '.') & valid;
		bad |= (d & ((s << 8) | ps | (d << 8) | pd)) |
		       (s & ((s << 8) | ps)) | (s & (z >> 8)) | (z & ps);
		ps = s >> 56;
		pd = d >> 56;
		/* the word of the last '/', and its marks */
		m = -nonzero(s);
		lastw = (lastw & ~m) | (i & m);
		lastm = (lastm & ~m) | (s & m);
		if (z)
			break;
	}
	if (bad || !z)
		return -1;
	if (!lastm)
		return 0;
	/* The last '/': the highest marked byte of its word. */
	return (int)(lastw * 8 + 1 + nonzero(lastm >> 8) +
		     nonzero(lastm >> 16) + nonzero(lastm >> 24) +
		     nonzero(lastm >> 32) + nonzero(lastm >> 40) +
		     nonzero(lastm >> 48) + nonzero(lastm >> 56));
}

/* The scan as a global function: the verifier checks its loop once, not
 * once more for each way out of it in every caller. */
__noinline int path_scan(const struct lnr_open_key *k, int lead)
{
	return path_scan_body(k, lead);
}

/*
 * Whether the path in the key is one the kernel can judge: absolute,
 * plain (path_scan), not cut short; *base is where its last component
 * starts. inline_scan: the scan runs inline, not as a call (about 12 ns
 * less an open, and 110000 more instructions for the verifier: openat's
 * program alone, the call C libraries make for open()). Its result then
 * goes through memory, where the verifier forgets its range: what
 * follows is checked once for every result, as after the call.
 */
static __always_inline int path_plain(struct scratch *sl, long len, u32 *base,
				      int inline_scan)
{
	int b;

	if (len <= 1 || len >= OPENFILTER_KEY_MAX - 1 || sl->key.data[0] != '/')
		return 0;
	if (inline_scan) {
		sl->key.prefixlen = (u32)path_scan_body(&sl->key, 0);
		b = (int)*(volatile u32 *)&sl->key.prefixlen;
	} else
		b = path_scan(&sl->key, 0);
	if (b < 0)
		return 0;
	*base = (u32)b;
	return 1;
}

static __always_inline int entry_takes(struct lnr_open_key *k, u32 len,
				       int write)
{
	u32 *mode;

	k->prefixlen = len * 8;
	mode = bpf_map_lookup_elem(&open_paths, k);
	return mode && (*mode & (write ? (OPENFILTER_ANY | OPENFILTER_WRITE)
				       : OPENFILTER_ANY));
}

static __always_inline int top_on(const struct lnr_open_pre *pre, u32 h)
{
	return (pre->top[h >> 6 & (LNR_OPEN_TOP_BITS / 64 - 1)] >> (h & 63)) &
	       1;
}

/* Whether the path in the key (len bytes with its NUL) may start like a
 * path entry of pre: its first three bytes after the '/' have their bit
 * in pre->top. Shorter paths are looked up. */
static __always_inline int top_listed(const struct lnr_open_pre *pre,
				      const struct lnr_open_key *k, long len)
{
	if (pre->top_any || len < 5)
		return 1;
	return top_on(pre, lnr_open_top(k));
}

/* Whether bit i of a 256-bit set is on. */
static __always_inline int bit_on(const __u64 *set, u32 i)
{
	return (set[(i >> 6) & 3] >> (i & 63)) & 1;
}

/*
 * Whether a basename entry takes the last component of the path in the
 * key (len bytes, its NUL included), base bytes in. name is where that
 * component can be read again: the caller's memory (user) or the
 * scratch record. The key is overwritten.
 */
static __always_inline int base_takes(struct scratch *s,
				      const struct lnr_open_pre *pre, int write,
				      long len, u32 base, const char *name,
				      int user)
{
	struct lnr_open_key *k = &s->key;
	u32 at = base;

	if (!pre->basenames || base >= OPENFILTER_KEY_MAX - 2)
		return 0;
	/* The mask stays: the bound above may be on another copy. */
	barrier_var(at);
	/* No basename entry of this first byte or length: no lookup. */
	if (!bit_on(pre->base_first,
		    (u8)k->data[at & (OPENFILTER_KEY_MAX - 1)]) ||
	    !bit_on(pre->base_len, (u32)len - 1 - base))
		return 0;
	/* The last component behind a marker byte: "\1name". */
	k->data[0] = 1;
	if (user)
		len = bpf_probe_read_user_str(&k->data[1], sizeof(k->data) - 1,
					      name);
	else
		len = bpf_probe_read_kernel_str(&k->data[1],
						sizeof(k->data) - 1, name);
	return len <= 0 || entry_takes(k, (u32)len + 1, write);
}

/*
 * Whether the path in the key (len bytes, its NUL included) is one an
 * entry of open_paths takes, whole or by its last component, or one the
 * probe cannot judge. src is where the path can be read again: the
 * caller's memory (user) or the scratch record. inline_scan: as path_plain.
 */
static __always_inline int key_wanted(struct scratch *s,
				      const struct lnr_open_cfg *cfg, int write,
				      long len, const char *src, int user,
				      int inline_scan)
{
	const struct lnr_open_pre *pre = &cfg->pre[write != 0];
	u32 base = 0;

	if (!path_plain(s, len, &base, inline_scan))
		return 1;
	if (top_listed(pre, &s->key, len) &&
	    entry_takes(&s->key, (u32)len, write))
		return 1;
	return base_takes(s, pre, write, len, base, src + base, user);
}

/* Whether the key's first len bytes differ from the record's, four at a
 * time (the key's bytes are 4-aligned). Global, as path_scan. */
__noinline int path_differs(const struct scratch *s, u32 len)
{
	const u32 *a, *b;

	if (!s)
		return 1;
	a = (const u32 *)s->key.data;
	b = (const u32 *)s->rec;
	for (u32 i = 0; i < OPENFILTER_KEY_MAX / 4; i++) {
		u32 left = len - i * 4, x = a[i] ^ b[i];

		if (i * 4 >= len)
			break;
		if (left < 4)
			x &= (1u << (left * 8)) - 1;
		if (x)
			return 1;
	}
	return 0;
}

/* Whether the key's len bytes are the len bytes the walk wrote (wlen). */
static __always_inline int paths_equal(struct scratch *s, long len, u32 wlen)
{
	return len > 0 && (u32)len == wlen && wlen <= OPENFILTER_KEY_MAX &&
	       !path_differs(s, wlen);
}

/* Copies the record's first len bytes, len at most OPENFILTER_KEY_MAX,
 * into the key, four at a time. Global, as path_scan. */
__noinline int key_from_rec(struct scratch *s, u32 len)
{
	u32 *a, *b;

	if (!s)
		return 0;
	a = (u32 *)s->key.data;
	b = (u32 *)s->rec;
	for (u32 i = 0; i < OPENFILTER_KEY_MAX / 4; i++) {
		if (i * 4 >= len)
			break;
		a[i] = b[i];
	}
	return 0;
}

/* Whether file is directory dir (parent 0) or was opened in it (1: its
 * dentry's parent is dir's), on the same mount. Direct loads when the
 * kernel can cast. */
static __always_inline int path_is(struct file *file, struct file *dir,
				   int parent)
{
	u64 d;

	if (!bpf_rdonly_cast) {
		d = parent ? (u64)BPF_CORE_READ(file, f_path.dentry, d_parent)
			   : (u64)BPF_CORE_READ(file, f_path.dentry);
		return d == (u64)BPF_CORE_READ(dir, f_path.dentry) &&
		       BPF_CORE_READ(file, f_path.mnt) ==
			   BPF_CORE_READ(dir, f_path.mnt);
	}
	file = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
	dir = bpf_rdonly_cast(dir, bpf_core_type_id_kernel(struct file));
	d = parent ? (u64)file->f_path.dentry->d_parent
		   : (u64)file->f_path.dentry;
	return d == (u64)dir->f_path.dentry &&
	       (u64)file->f_path.mnt == (u64)dir->f_path.mnt;
}

/* The bytes of a kernel name before its NUL, with direct loads. Global,
 * as path_scan. */
__noinline int name_len(u64 name)
{
	const u64 *w = bpf_rdonly_cast((void *)name, 0);

	for (u32 k = 0; k < LNR_PROBE_NAME_MAX / 8; k++) {
		u64 z = bytes_eq(w[k], 0);

		if (z)
			return 8 * k + first_marked(z);
	}
	return LNR_PROBE_NAME_MAX;
}

/*
 * Whether an entry of pre may take the kernel's path the walk collected,
 * judged without writing it out: by the first three bytes of its
 * outermost component and by the first byte and length of its last.
 * 1 when unsure (a short outermost component, no direct loads, or a
 * walk that did not look for dots), and for a path with a component
 * that starts with '.' or holds ".." (found by the walk), which
 * the full judgement records (a directory fd can be renamed, or
 * replaced by another process, after its open was left out): the path
 * is then written and judged in full. A path left out here needs no
 * more: no entry starts as it does or names its last component,
 * whatever its length.
 */
static __always_inline int walk_may_match(struct scratch *s,
					  const struct lnr_open_pre *pre)
{
	struct walk *w = &s->walk;
	const u8 *top, *last;
	u32 n = w->n;

	if (!rdonly_void_cast() || pre->top_any || n == 0 ||
	    n > LNR_PROBE_PATH_DEPTH)
		return 1;
	top = bpf_rdonly_cast((void *)w->comp[(n - 1) & COMP_MASK], 0);
	if (!top[0] || !top[1] || !top[2] ||
	    top_on(pre, lnr_open_top_of(top[0] | top[1] << 8 | top[2] << 16)))
		return 1;
	if (w->dots != WALK_DOTS_NONE)
		return 1;
	if (!pre->basenames)
		return 0;
	/* The last component as the walk named it: at a mount's root, the
	 * mountpoint's name, not the root dentry's. */
	last = bpf_rdonly_cast((void *)w->comp[0], 0);
	return bit_on(pre->base_first, last[0]) &&
	       bit_on(pre->base_len, (u32)name_len(w->comp[0]));
}

/*
 * An open relative to a directory fd the engine does not know (marked),
 * its path (len bytes with the NUL) in the key: judged by the kernel's
 * path of what it opened when that is the path the engine would give
 * it: one plain component with O_NOFOLLOW, opened in that very
 * directory, or ".." that left the directory (never a symlink; the
 * engine folds it textually, and the directory's path holds no
 * symlink). A ".." that stayed (the directory is the process's root, or
 * openat2's RESOLVE_IN_ROOT one) is recorded, as any other open.
 */
static __always_inline int relative_wanted(const struct open_call *c,
					   const struct lnr_open_cfg *cfg,
					   int write, u32 flags, long len)
{
	struct scratch *s = c->s;
	struct lnr_open_key *k = &s->key;
	long dirfd = (s32)open_arg(c, 0);
	struct file *dir, *file;
	u32 wlen;

	if ((c->type != LNR_EVT_OPENAT && c->type != LNR_EVT_OPENAT2) ||
	    !(flags & O_NOFOLLOW_) || c->sc->ret < 0 ||
	    !unseen_has(c->sc->task, dirfd))
		return 1;
	dir = task_fd_file(c->sc->task, dirfd);
	file = task_fd_file(c->sc->task, c->sc->ret);
	if (!dir || !file)
		return 1;
	if (len == 3 && k->data[0] == '.' && k->data[1] == '.') {
		if (path_is(file, dir, 0))
			return 1; /* not the parent the engine names */
	} else if (path_scan(k, 1) != 0 || !path_is(file, dir, 1))
		return 1; /* not one plain component */
	/* A path deeper than a walk goes is not judged. */
	if (!path_walk(s, &file->f_path, 1) || !s->walk.root)
		return 1;
	if (!walk_may_match(s, &cfg->pre[write != 0]))
		return 0;
	/* Nor is one too long to compare. */
	wlen = comps_write(s, 0, "", 0);
	if (!wlen || wlen >= OPENFILTER_KEY_MAX - 1)
		return 1;
	key_from_rec(s, wlen);
	return key_wanted(s, cfg, write, wlen, (const char *)s->rec, 0, 0);
}

static __always_inline int open_path_wanted(const struct open_call *c,
					    const struct lnr_open_cfg *cfg,
					    int write, u32 flags)
{
	struct scratch *s = c->s;
	const char *upath = (const char *)open_arg(
	    c, c->type == LNR_EVT_OPEN || c->type == LNR_EVT_CREAT ? 0 : 1);
	long len =
	    bpf_probe_read_user_str(s->key.data, sizeof(s->key.data), upath);
	struct file *file;

	if (len <= 1 || s->key.data[0] != '/')
		return relative_wanted(c, cfg, write, flags, len);
	if (key_wanted(s, cfg, write, len, upath, 1, c->type == LNR_EVT_OPENAT))
		return 1;
	file = task_fd_file(c->sc->task, c->sc->ret);
	if (!file_is_dir(file))
		return 0;
	/* A directory is left out only when the kernel's path of it is this
	 * path: what is opened through it is then judged by kernel paths. */
	len = bpf_probe_read_user_str(s->key.data, sizeof(s->key.data), upath);
	return !paths_equal(s, len, path_write(s, 0, &file->f_path)) ||
	       !s->walk.root;
}

static __always_inline int open_judge(struct open_call *c,
				      const struct lnr_open_cfg *cfg)
{
	u32 flags = open_flags(c);
	int write = (flags & (O_WRONLY_ | O_RDWR_ | O_CREAT_ | O_TRUNC_)) != 0;

	if (write && cfg->write_any)
		return 1;
	c->s = scratch_open();
	return !c->s || open_path_wanted(c, cfg, write, flags);
}

/*
 * Whether an open deserves a record, judged before one is begun; marks
 * the fd of one that does not.
 */
static __always_inline int open_wanted(u16 type, const struct sys_call *sc)
{
	struct open_call c = {.sc = sc, .type = type};
	struct lnr_open_cfg *cfg;
	u32 zero = 0;

	if (type != LNR_EVT_OPEN && type != LNR_EVT_OPENAT &&
	    type != LNR_EVT_OPENAT2 && type != LNR_EVT_CREAT)
		return 1;
	cfg = bpf_map_lookup_elem(&open_cfg, &zero);
	if (!cfg || cfg->all || open_judge(&c, cfg)) {
		/* The engine will know the fd: no mark left on its number
		 * by a close the probe missed stays. */
		unseen_take(sc->task, sc->ret);
		return 1;
	}
	unseen_mark(sc->task, sc->ret);
	return 0;
}

#endif

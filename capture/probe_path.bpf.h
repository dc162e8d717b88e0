/*
 * Paths the probe rebuilds from kernel objects: a dentry walk up through
 * the mounts (cwd, executable) and a kernfs walk (the cgroup). Both
 * collect component names leaf first into scratch, then write them root
 * first; deeper paths keep their innermost LNR_PROBE_PATH_DEPTH parts.
 * The loops run under bpf_loop with their state in the scratch area
 * (struct walk), so the verifier checks each body once; they write into
 * the scratch area's record buffer, from a given position, so the open
 * filter can walk a path before any record is begun. The dentry walk
 * takes its first WALK_INLINE_STEPS steps in a plain loop instead,
 * without a callback call each (about 10 ns a step, on a tree walk's
 * every open), for a verifier that checks the step once per inline
 * step; deeper walks go on under bpf_loop.
 */
#ifndef LNR_PROBE_PATH_BPF_H
#define LNR_PROBE_PATH_BPF_H

#define COMP_MASK (LNR_PROBE_PATH_DEPTH - 1)
#define WALK_INLINE_STEPS 10 /* most paths: /usr/share/doc/x is 5 */

/* Kernels before 6.15 call the kernfs parent link `parent`. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* The high bit of each byte of x that equals c, exactly. */
static __always_inline u64 bytes_eq(u64 x, u8 c)
{
	u64 t = x ^ (0x0101010101010101ull * c);

	return ~(((t & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | t |
		 0x7f7f7f7f7f7f7f7full);
}

/* 1 when x is not 0, without a branch. */
static __always_inline u64 nonzero(u64 x)
{
	return (x | -x) >> 63;
}

/* The index of the lowest byte z marks (bytes_eq), without a branch. */
static __always_inline u32 first_marked(u64 z)
{
	u64 below = (z & -z) - 1; /* the bits under the byte's high bit */
	u32 n = 0;

	for (u32 k = 0; k < 7; k++)
		n += (u32)nonzero(below >> (8 * k + 7));
	return n;
}

/* Copies the kernel string name, NUL included, to the record at pos
 * with direct loads, eight bytes at a time (a load that faults reads
 * 0). Dentry and cgroup names start 8-aligned (inline in the dentry,
 * or allocated), so no word reaches past the page of its NUL; a constant
 * kernfs name lies in the kernel's image, mapped throughout. The bytes
 * after the NUL in its last word are written too, and overwritten by
 * whatever follows. Returns the bytes up to the NUL, with it; a name
 * without one in LNR_PROBE_NAME_MAX bytes is cut, as
 * bpf_probe_read_kernel_str cuts it. */
static __always_inline u32 name_copy(struct scratch *s, u32 pos,
				     const char *name)
{
	const u64 *w = bpf_rdonly_cast(name, 0);

	for (u32 k = 0; k < LNR_PROBE_NAME_MAX / 8; k++) {
		u64 x = w[k], z = bytes_eq(x, 0);

		*(u64 *)&s->rec[(pos + 8 * k) & REC_MASK] = x;
		if (z)
			return 8 * k + first_marked(z) + 1;
	}
	s->rec[(pos + LNR_PROBE_NAME_MAX - 1) & REC_MASK] = 0;
	return LNR_PROBE_NAME_MAX;
}

/* The '.' bytes of word x of a name, before its NUL (z: x's NUL bytes,
 * as bytes_eq marks them). */
static __always_inline u64 word_dots(u64 x, u64 z)
{
	return bytes_eq(x, '.') & ((z & -z) - 1) & 0x8080808080808080ull;
}

/* Whether a kernel name starts with '.' or holds "..": its path is one
 * the engine counts on being recorded (openfilter_always_n). Eight bytes
 * at a time, with direct loads. Global: the verifier checks its loop
 * once. */
__noinline int name_dotted(u64 name)
{
	const u64 *w = bpf_rdonly_cast((void *)name, 0);
	u64 pd = 0x80; /* the name follows a '/' */

	for (u32 k = 0; k < LNR_PROBE_NAME_MAX / 8; k++) {
		u64 x = w[k], z = bytes_eq(x, 0), d = word_dots(x, z);

		if (d & ((d << 8) | pd))
			return 1;
		if (z)
			return 0;
		pd = d >> 56;
	}
	return 0;
}

/* name_dotted, with a name of up to seven bytes judged here, without the
 * call (most names of a tree walk). */
static __always_inline int name_dotted_fast(u64 name)
{
	const u64 *w = bpf_rdonly_cast((void *)name, 0);
	u64 x = w[0], z = bytes_eq(x, 0), d = word_dots(x, z);

	if (!z)
		return name_dotted(name);
	return (d & ((d << 8) | 0x80)) != 0;
}

static long comp_write_one(u64 i, void *ctx)
{
	struct scratch *s = *(struct scratch **)ctx;
	struct walk *w = &s->walk;
	u32 j = w->n - 1 - (u32)i;
	u32 pos = w->pos;
	const char *name = (const char *)w->comp[j & COMP_MASK];
	long r;

	if (pos + LNR_PROBE_NAME_MAX + 2 > LNR_PROBE_REC_MAX)
		return 1;
	s->rec[pos & REC_MASK] = '/';
	if (rdonly_void_cast()) {
		w->pos = pos + name_copy(s, pos + 1, name);
		return 0;
	}
	r = bpf_probe_read_kernel_str(&s->rec[(pos + 1) & REC_MASK],
				      LNR_PROBE_NAME_MAX, name);
	w->pos = pos + (r > 0 ? (u32)r : 1);
	return 0;
}

/* Writes prefix, then "/name" for each collected component, then NUL,
 * into s's record buffer at start; returns the bytes written, 0 when
 * there is no room. bpf_loop passes its callbacks a stack pointer only:
 * they get &s. */
static __noinline u32 comps_write(struct scratch *s, u32 start,
				  const char *prefix, u32 plen)
{
	struct walk *w = &s->walk;

	if (start + plen + 2 > LNR_PROBE_REC_MAX || plen > 7)
		return 0;
	for (u32 i = 0; i < plen; i++)
		s->rec[(start + i) & REC_MASK] = prefix[i];
	w->pos = start + plen;
	if (w->n == 0)
		s->rec[w->pos++ & REC_MASK] = '/';
	else
		bpf_loop(w->n, comp_write_one, &s, 0);
	s->rec[w->pos & REC_MASK] = 0;
	return w->pos + 1 - start;
}

static __always_inline void put_comps(struct fill *f, const char *prefix,
				      u32 plen)
{
	u32 len = comps_write(f->s, f->pos, prefix, plen);

	if (len)
		put_len(f, len);
	else
		put_empty(f);
}

/* The links of one step up, read with direct loads when the kernel can
 * cast to BTF types (four helper calls fewer a step), else with reads. */
struct dentry_up {
	struct dentry *parent, *mnt_root, *mountpoint;
	struct mount *mnt_parent;
	const unsigned char *name;
};

static __always_inline void dentry_links(struct walk *w, struct dentry_up *u)
{
	struct dentry *d;
	struct mount *m;

	if (!bpf_rdonly_cast) {
		u->parent = BPF_CORE_READ(w->d, d_parent);
		u->mnt_root = BPF_CORE_READ(w->vm, mnt_root);
		u->mnt_parent = BPF_CORE_READ(w->m, mnt_parent);
		u->mountpoint = BPF_CORE_READ(w->m, mnt_mountpoint);
		u->name = BPF_CORE_READ(w->d, d_name.name);
		return;
	}
	d = bpf_rdonly_cast(w->d, bpf_core_type_id_kernel(struct dentry));
	m = bpf_rdonly_cast(w->m, bpf_core_type_id_kernel(struct mount));
	u->parent = d->d_parent;
	u->mnt_root = m->mnt.mnt_root;
	u->mnt_parent = m->mnt_parent;
	u->mountpoint = m->mnt_mountpoint;
	u->name = d->d_name.name;
}

/* One step up the walk; 1 when it is over. */
static __always_inline long dentry_up_one(struct walk *w)
{
	struct dentry_up u;
	u32 n = w->n;

	dentry_links(w, &u);
	if (w->d == u.mnt_root || w->d == u.parent) {
		if (u.mnt_parent == w->m || !u.mnt_parent) {
			w->root = 1;
			return 1;
		}
		w->d = u.mountpoint;
		w->m = u.mnt_parent;
		w->vm = &u.mnt_parent->mnt;
		return 0;
	}
	if (n >= LNR_PROBE_PATH_DEPTH)
		return 1;
	w->comp[n & COMP_MASK] = (u64)u.name;
	w->n = n + 1;
	w->d = u.parent;
	/* Loaded back from the scratch area: a scalar, as the global
	 * function takes, not the pointer just stored. */
	if (rdonly_void_cast() && w->dots == WALK_DOTS_NONE &&
	    name_dotted_fast(*(volatile u64 *)&w->comp[n & COMP_MASK]))
		w->dots = WALK_DOTS_FOUND;
	return 0;
}

static long dentry_step(u64 i, void *ctx)
{
	return dentry_up_one(&(*(struct scratch **)ctx)->walk);
}

/* Collects the components of a struct path, across mount points, into
 * the walk; 0 when the path is unknown. dots: look for dotted names too
 * (where the kernel can cast to void), in the same pass. */
static __noinline int path_walk(struct scratch *s, const struct path *path,
				int dots)
{
	struct walk *w = &s->walk;

	w->n = 0;
	w->root = 0;
	w->dots =
	    dots && rdonly_void_cast() ? WALK_DOTS_NONE : WALK_DOTS_UNKNOWN;
	if (bpf_rdonly_cast) {
		path =
		    bpf_rdonly_cast(path, bpf_core_type_id_kernel(struct path));
		w->d = path->dentry;
		w->vm = path->mnt;
	} else {
		w->d = BPF_CORE_READ(path, dentry);
		w->vm = BPF_CORE_READ(path, mnt);
	}
	w->m = container_of(w->vm, struct mount, mnt);
	if (!w->d || !w->vm)
		return 0;
	for (u32 i = 0; i < WALK_INLINE_STEPS; i++)
		if (dentry_up_one(w))
			return 1;
	bpf_loop(LNR_PROBE_PATH_DEPTH + 16 - WALK_INLINE_STEPS, dentry_step, &s,
		 0);
	return 1;
}

/* The absolute path of a struct path written at start as comps_write
 * does; returns its length, 0 when unknown. */
static __always_inline u32 path_write(struct scratch *s, u32 start,
				      const struct path *path)
{
	return path_walk(s, path, 0) ? comps_write(s, start, "", 0) : 0;
}

static __always_inline void put_path(struct fill *f, const struct path *path)
{
	u32 len = path_write(f->s, f->pos, path);

	if (len)
		put_len(f, len);
	else
		put_empty(f);
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	struct kernfs_node___old *old = (void *)kn;

	if (bpf_core_field_exists(old->parent))
		return BPF_CORE_READ(old, parent);
	return BPF_CORE_READ(kn, __parent);
}

static long kernfs_step(u64 i, void *ctx)
{
	struct scratch *s = *(struct scratch **)ctx;
	struct walk *w = &s->walk;
	struct kernfs_node *kn = w->kn, *parent;
	u32 n = w->n;

	if (!kn || n >= LNR_PROBE_PATH_DEPTH)
		return 1;
	parent = kn_parent(kn);
	if (!parent)
		return 1; /* the root's own name is not part of the path */
	w->comp[n & COMP_MASK] = (u64)BPF_CORE_READ(kn, name);
	w->n = n + 1;
	w->kn = parent;
	return 0;
}

/* The task's cgroup v2 path as /proc/PID/cgroup writes it: "0::/path". */
static __noinline void put_cgroup(struct fill *f)
{
	struct scratch *s = f->s;
	struct walk *w = &s->walk;
	struct cgroup *cg = BPF_CORE_READ(ftask(f), cgroups, dfl_cgrp);

	if (!cg) {
		put_empty(f);
		return;
	}
	w->n = 0;
	w->kn = BPF_CORE_READ(cg, kn);
	bpf_loop(LNR_PROBE_PATH_DEPTH, kernfs_step, &s, 0);
	put_comps(f, "0::", 3);
}

#endif

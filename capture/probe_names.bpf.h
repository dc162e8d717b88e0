/*
 * The process filter (common/procfilter.h). Each process's leader keeps
 * the mask of every name the engine may give the process: the engine
 * takes proc.name from the comm of each exec, clone and prctl record, so
 * every such record adds its comm's bit, and a successful exec, after
 * which the engine knows one name only, starts the mask again. A name
 * too many only keeps records; so does a process without a mask, or
 * whose mask began before capture's /proc snapshot ended (the snapshot
 * gave the engine names no record carried), until its next record with
 * a name.
 */
#ifndef LNR_PROBE_NAMES_BPF_H
#define LNR_PROBE_NAMES_BPF_H

struct names_mark {
	u64 bits[PROCFILTER_WORDS];
	u64 since; /* the record that began the mask, boot-time ns */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct names_mark);
} proc_names SEC(".maps");

/* The names the rules want, and since when masks are complete. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct lnr_names_cfg);
} names_cfg SEC(".maps");

/* Event types recorded only for processes the names may match: 1. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_EVT_COUNT);
	__type(key, u32);
	__type(value, u8);
} evt_by_name SEC(".maps");

/* After fill_PROC_COMM wrote len bytes at at: the name's bit. */
static __always_inline void names_hash(struct fill *f, u32 at, u32 len)
{
	u32 h = PROCFILTER_HASH_INIT;

	for (u32 i = 0; i < PROCFILTER_NAME_MAX; i++) {
		u8 c = f->rec[(at + i) & REC_MASK];

		if (i + 1 >= len || !c)
			break;
		h = PROCFILTER_HASH_STEP(h, c);
	}
	f->comm_bit = PROCFILTER_BIT(h);
	f->comm_seen = 1;
}

static __always_inline struct names_mark *names_get(struct fill *f)
{
	return bpf_task_storage_get(&proc_names, ftask(f)->group_leader, 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/* Before the record goes out: its name joins the mask, so that whatever
 * follows the record in the ring is judged with it. The mask, NULL for
 * none, goes to names_commit. */
static __always_inline struct names_mark *names_add(struct fill *f)
{
	struct names_mark *m;

	if (!f->comm_seen || !(m = names_get(f)))
		return NULL;
	__sync_fetch_and_or(
	    &m->bits[(f->comm_bit >> 6) & (PROCFILTER_WORDS - 1)],
	    1ull << (f->comm_bit & 63));
	return m;
}

/*
 * Once the record is out, and only then, as the engine then names the
 * process by it, whatever a snapshot said before: a mask not yet
 * trusted begins here, and a successful exec's starts again with its
 * one name (the exec left one thread, this one).
 */
static __always_inline void names_commit(struct fill *f, struct names_mark *m,
					 u64 ts)
{
	u32 zero = 0;
	struct lnr_names_cfg *cfg;

	if (!m)
		return;
	if (f->exec_ok) {
		for (u32 i = 0; i < PROCFILTER_WORDS; i++)
			m->bits[i] = (u64)((f->comm_bit >> 6) == i)
				     << (f->comm_bit & 63);
		m->since = ts;
		return;
	}
	cfg = bpf_map_lookup_elem(&names_cfg, &zero);
	if (cfg && m->since <= cfg->trusted_after)
		m->since = ts;
}

/* Whether the calling process may bear a name the rules for type want. */
static __always_inline int names_wanted(u16 type, const struct sys_call *c)
{
	u32 key = type, zero = 0;
	u8 *by = bpf_map_lookup_elem(&evt_by_name, &key);
	struct lnr_names_cfg *cfg;
	struct names_mark *m;
	u64 hit = 0;

	if (!by || !*by)
		return 1;
	cfg = bpf_map_lookup_elem(&names_cfg, &zero);
	if (!cfg || !cfg->trusted_after)
		return 1;
	m = bpf_task_storage_get(&proc_names, c->task->group_leader, 0, 0);
	if (!m || m->since <= cfg->trusted_after)
		return 1;
	for (u32 i = 0; i < PROCFILTER_WORDS; i++)
		hit |= m->bits[i] & cfg->mask[i];
	return hit != 0;
}

#endif

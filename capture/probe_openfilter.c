/*
 * Writing the open filter (common/openfilter.h) into the probe's maps
 * (capture/probe_open.bpf.h). While the paths change the probe records
 * every open, so a reload never hides one; and the files then open are
 * reported, so that rules on later calls with those the old filter left
 * out see them.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "openfilter.h"
#include "probe.h"
#include "probe.skel.h"
#include "probe_load.h"

static int cfg_set(struct probe_ctx *p, const struct lnr_open_cfg *cfg)
{
	uint32_t zero = 0;

	if (bpf_map_update_elem(p->fd.open_cfg, &zero, cfg, BPF_ANY))
		return -errno;
	return 0;
}

static int paths_clear(int fd)
{
	struct lnr_open_key key;

	while (bpf_map_get_next_key(fd, NULL, &key) == 0)
		if (bpf_map_delete_elem(fd, &key))
			return -errno;
	return errno == ENOENT ? 0 : -errno;
}

/* The map key of an entry: a basename behind a marker byte, an exact
 * path with its NUL. */
static void entry_key(const struct openfilter_entry *e, struct lnr_open_key *k)
{
	size_t at = e->kind == OPENFILTER_BASENAME;

	memset(k, 0, sizeof(*k));
	k->data[0] = 1;
	memcpy(k->data + at, e->s, e->len);
	k->prefixlen =
	    (uint32_t)(at + e->len + (e->kind != OPENFILTER_PREFIX)) * 8;
}

/* An entry in a set of lookups not to skip: a basename's first byte and
 * length, a path entry's bit in top (from its key k), or top_any when the
 * key ends before three bytes after its '/' (an exact path's NUL counts). */
static void pre_add(struct lnr_open_pre *pre, const struct openfilter_entry *e,
		    const struct lnr_open_key *k)
{
	uint32_t h;

	if (e->kind == OPENFILTER_BASENAME) {
		uint8_t c = (uint8_t)e->s[0];
		size_t n = e->len;

		pre->basenames = 1;
		pre->base_first[c >> 6] |= 1ull << (c & 63);
		pre->base_len[(n >> 6) & 3] |= 1ull << (n & 63);
		return;
	}
	if (k->prefixlen < 4 * 8) {
		pre->top_any = 1;
		return;
	}
	h = lnr_open_top(k);
	pre->top[h / 64] |= 1ull << (h % 64);
}

/* The filter's entries, each in the lookup sets of the opens it takes:
 * that of reads when its mode in the map takes every open. */
static int entries_add(int fd, const struct openfilter *f,
		       struct lnr_open_cfg *cfg)
{
	struct lnr_open_key key;

	for (size_t i = 0; i < f->n; i++) {
		const struct openfilter_entry *e = &f->e[i];
		uint32_t v = openfilter_map_mode(f, i);

		entry_key(e, &key);
		if (v & OPENFILTER_ANY)
			pre_add(&cfg->pre[0], e, &key);
		pre_add(&cfg->pre[1], e, &key);
		if (bpf_map_update_elem(fd, &key, &v, BPF_ANY))
			return -errno;
	}
	return 0;
}

/* Writes cfg, with every open and close recorded when all is set; kept
 * as the settings in force. */
static int cfg_step(struct probe_ctx *p, const struct lnr_open_cfg *cfg,
		    int all)
{
	struct lnr_open_cfg c = *cfg;
	int err;

	if (all) {
		c.all = 1;
		c.keep_closes = 1;
	}
	err = cfg_set(p, &c);
	if (!err)
		p->open_cfg = c;
	return err;
}

/* FD_SNAPSHOT records, as lnr_fd_dump writes them (one after another,
 * unaligned), to the probe's callback, each copied to an aligned place
 * as the ring's are; what is left of the last (cut by the read) moves
 * to the front. Returns the bytes left. */
static size_t dump_deliver(struct probe_ctx *p, uint8_t *buf, size_t n)
{
	static uint64_t one[(LNR_PROBE_REC_MAX + 7) / 8];
	struct lnr_evt_hdr h;
	size_t at = 0;

	while (n - at >= sizeof(h)) {
		memcpy(&h, buf + at, sizeof(h));
		if (h.len < sizeof(h) || h.len > sizeof(one) || h.len > n - at)
			break;
		memcpy(one, buf + at, h.len);
		p->fn(p->arg, one, h.len);
		at += h.len;
	}
	memmove(buf, buf + at, n - at);
	return n - at;
}

/*
 * One run of lnr_fd_dump over every task's fds: each open file and
 * directory becomes an FD_SNAPSHOT record, and loses its mark. An fd
 * left out while the run passes its process stays unknown.
 */
static int fd_dump(struct probe_ctx *p)
{
	struct bpf_link *l = p->skel ? p->skel->links.lnr_fd_dump : NULL;
	static uint8_t buf[64 * 1024];
	size_t have = 0;
	ssize_t n;
	int fd, err = 0;

	_Static_assert(sizeof(buf) >= 2 * (size_t)LNR_PROBE_REC_MAX,
		       "a record cut by a read fits with the next");
	if (!l || !p->fn)
		return -ENOENT;
	fd = bpf_iter_create(bpf_link__fd(l));
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + have, sizeof(buf) - have)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		have = dump_deliver(p, buf, have + (size_t)n);
	}
	close(fd);
	return err;
}

/*
 * A program reads the settings in place, field by field, so each write
 * changes only what it can mix safely: first all (and keep_closes), and
 * the other settings only while all is set in both the old and the new.
 * Every open and close is recorded while the paths change, and programs
 * that read the old settings are waited for before they do. (x86 keeps
 * loads in order: a program that sees all cleared sees the rest.)
 * Without membarrier's global command (nohz_full, no CONFIG_MEMBARRIER)
 * the filter cannot be set and every open stays recorded.
 */
int probe_openfilter_set(struct probe_ctx *p, const struct openfilter *f)
{
	struct lnr_open_cfg cfg = {0};
	int fd = p->fd.open_paths;
	int err = cfg_step(p, &p->open_cfg, 1), dump;

	_Static_assert(sizeof(((struct lnr_open_key *)0)->data) ==
			   OPENFILTER_KEY_MAX,
		       "the probe compares OPENFILTER_KEY_MAX bytes");
	if (!err)
		err = probe_programs_drain();
	if (!err)
		err = paths_clear(fd);
	if (!err && !f->all)
		err = entries_add(fd, f, &cfg);
	if (err)
		return err; /* every open stays recorded */
	cfg.all = f->all;
	cfg.write_any = f->write_any;
	cfg.keep_closes = f->keep_closes;
	err = cfg_step(p, &cfg, 1);
	if (!err)
		err = cfg_step(p, &cfg, 0);
	if (!err && (dump = fd_dump(p)) < 0)
		log_warn("the files open before the open filter changed are "
			 "not reported: %s",
			 strerror(-dump));
	return err;
}

int probe_openfilter_init(struct probe_ctx *p)
{
	struct lnr_open_cfg cfg = {0};

	return cfg_step(p, &cfg, 1);
}

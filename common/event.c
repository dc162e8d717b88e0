/*
 * The event table expanded for user space, and the one decoder that every
 * consumer of records (engine, capture-file reader, tests) goes through.
 */
#include <errno.h>
#include <string.h>

#include "event.h"

#define LNR_P(type, name, source, flagset)                                     \
	{LNR_PT_##type, LNR_FLAGS_##flagset, #name},
#define LNR_EVENT(ID, name, kind, params)                                      \
	static const struct lnr_param_info params_##ID[] = {params};
#include "event_table.def"
#undef LNR_EVENT
#undef LNR_P

const struct lnr_event_info lnr_events[LNR_EVT_COUNT] = {
    [LNR_EVT_NONE] = {"none", LNR_KIND_SYNTH, 0, NULL},
#define LNR_EVENT(ID, name, kind, params)                                      \
	[LNR_EVT_##                                                            \
	    ID] = {#name, LNR_KIND_##kind, LNR_NPARAMS_##ID, params_##ID},
#include "event_table.def"
#undef LNR_EVENT
};

#define LNR_EVENT(ID, name, kind, params)                                      \
	_Static_assert(LNR_NPARAMS_##ID <= LNR_MAX_PARAMS,                     \
		       #name " has too many parameters");
#include "event_table.def"
#undef LNR_EVENT

enum lnr_evt_type lnr_event_by_name(const char *name)
{
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		if (lnr_events[t].kind != LNR_KIND_IOURING &&
		    strcmp(lnr_events[t].name, name) == 0)
			return t;
	return LNR_EVT_NONE;
}

/*
 * The SYSCALL event an IOURING event stands for: the one of the same
 * name. Found once, on first use; test_event checks that every IOURING
 * event has a twin with the same parameters.
 */
enum lnr_evt_type lnr_evt_twin(enum lnr_evt_type type)
{
	static uint16_t twin[LNR_EVT_COUNT];
	static int ready;

	if (!ready) {
		for (int t = 1; t < LNR_EVT_COUNT; t++) {
			twin[t] = (uint16_t)t;
			if (lnr_events[t].kind != LNR_KIND_IOURING)
				continue;
			for (int s = 1; s < LNR_EVT_COUNT; s++)
				if (lnr_events[s].kind == LNR_KIND_SYSCALL &&
				    !strcmp(lnr_events[s].name,
					    lnr_events[t].name))
					twin[t] = (uint16_t)s;
		}
		ready = 1;
	}
	return type > LNR_EVT_NONE && type < LNR_EVT_COUNT ? twin[type] : type;
}

int lnr_evt_decode(const void *buf, size_t len, struct lnr_evt *evt,
		   const char **why)
{
	const uint8_t *p = buf;
	struct lnr_evt_hdr hdr;
	size_t off;

	if (len < sizeof(hdr)) {
		*why = "record shorter than its header";
		return -EINVAL;
	}
	memcpy(&hdr, p, sizeof(hdr));
	if (hdr.len != len) {
		*why = "record length field disagrees with its size";
		return -EINVAL;
	}
	if (hdr.type == LNR_EVT_NONE || hdr.type >= LNR_EVT_COUNT) {
		*why = "unknown event type";
		return -EINVAL;
	}
	evt->hdr = buf;
	evt->info = &lnr_events[hdr.type];
	if (hdr.nparams > evt->info->nparams) {
		*why = "more parameters than the schema has";
		return -EINVAL;
	}
	off = sizeof(hdr) + (size_t)hdr.nparams * sizeof(uint16_t);
	if (off > len) {
		*why = "parameter lengths run past the record";
		return -EINVAL;
	}
	evt->nparams = hdr.nparams;
	for (unsigned i = 0; i < hdr.nparams; i++) {
		enum lnr_param_type t = evt->info->params[i].type;
		uint16_t plen;
		size_t fixed;

		memcpy(&plen, p + sizeof(hdr) + i * sizeof(uint16_t),
		       sizeof(plen));
		if (plen > len - off) {
			*why = "parameter runs past the record";
			return -EINVAL;
		}
		fixed = lnr_param_fixed_size(t);
		/* Empty means "not available"; otherwise sizes are exact. */
		if (plen != 0 && fixed != 0 && plen != fixed) {
			*why = "fixed-size parameter has the wrong size";
			return -EINVAL;
		}
		if (plen != 0 && lnr_param_is_string(t) &&
		    p[off + plen - 1] != '\0') {
			*why = "string parameter is not NUL-terminated";
			return -EINVAL;
		}
		if (plen != 0 &&
		    (t == LNR_PT_SOCKADDR || t == LNR_PT_SOCKTUPLE) &&
		    lnr_netaddr_parse(p + off, plen, t == LNR_PT_SOCKTUPLE,
				      &(struct lnr_netaddr){0}) != 0) {
			*why = "socket address does not match its family";
			return -EINVAL;
		}
		evt->param[i] = p + off;
		evt->plen[i] = plen;
		off += plen;
	}
	if (off != len) {
		*why = "bytes left over after the last parameter";
		return -EINVAL;
	}
	return 0;
}

int lnr_evt_get_u64(const struct lnr_evt *evt, unsigned i, uint64_t *v)
{
	uint32_t u32;
	uint8_t u8;

	if (i >= evt->nparams || evt->plen[i] == 0)
		return -ENOENT;
	switch (evt->plen[i]) {
	case 8:
		memcpy(v, evt->param[i], 8);
		return 0;
	case 4:
		memcpy(&u32, evt->param[i], 4);
		*v = u32;
		return 0;
	case 1:
		memcpy(&u8, evt->param[i], 1);
		*v = u8;
		return 0;
	default:
		return -ENOENT;
	}
}

int lnr_evt_get_s64(const struct lnr_evt *evt, unsigned i, int64_t *v)
{
	uint64_t u;
	int r = lnr_evt_get_u64(evt, i, &u);

	if (r == 0 && evt->info->params[i].type == LNR_PT_INT32)
		*v = (int32_t)(uint32_t)u;
	else if (r == 0)
		*v = (int64_t)u;
	return r;
}

const char *lnr_evt_get_str(const struct lnr_evt *evt, unsigned i)
{
	if (i >= evt->nparams || evt->plen[i] == 0 ||
	    !lnr_param_is_string(evt->info->params[i].type))
		return NULL;
	return (const char *)evt->param[i];
}

/* One end of an AF_INET or AF_INET6 address: alen bytes, then the port. */
static const uint8_t *netaddr_end(const uint8_t *p, size_t alen,
				  struct lnr_sockend *e)
{
	memcpy(e->addr, p, alen);
	memcpy(&e->port, p + alen, sizeof(e->port));
	return p + alen + sizeof(e->port);
}

/* An AF_UNIX path: at least its NUL, which ends the value. */
static int netaddr_path(const uint8_t *p, size_t len, struct lnr_netaddr *out)
{
	if (len == 0 || len > LNR_UNIX_PATH_MAX || p[len - 1] != '\0' ||
	    memchr(p, '\0', len) != p + len - 1)
		return -EINVAL;
	out->path = (const char *)p;
	return 0;
}

int lnr_netaddr_parse(const uint8_t *p, size_t len, int tuple,
		      struct lnr_netaddr *out)
{
	size_t alen, want;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return -EINVAL;
	out->family = p[0];
	if (out->family == LNR_AF_UNIX && !tuple)
		return netaddr_path(p + 1, len - 1, out);
	if (out->family == LNR_AF_UNIX) {
		if (len < LNR_SOCKTUPLE_UN_HEAD)
			return -EINVAL;
		out->nends = 2;
		memcpy(&out->end[0].ino, p + 1, 8);
		memcpy(&out->end[1].ino, p + 9, 8);
		return netaddr_path(p + LNR_SOCKTUPLE_UN_HEAD,
				    len - LNR_SOCKTUPLE_UN_HEAD, out);
	}
	if (out->family != LNR_AF_INET && out->family != LNR_AF_INET6)
		return len == 1 ? 0 : -EINVAL;
	alen = out->family == LNR_AF_INET ? 4 : 16;
	out->nends = tuple ? 2 : 1;
	want = 1 + out->nends * (alen + sizeof(uint16_t));
	if (len != want)
		return -EINVAL;
	p = netaddr_end(p + 1, alen, &out->end[0]);
	if (tuple)
		netaddr_end(p, alen, &out->end[1]);
	return 0;
}

int lnr_evt_get_netaddr(const struct lnr_evt *evt, unsigned i,
			struct lnr_netaddr *out)
{
	enum lnr_param_type t;

	if (i >= evt->nparams || evt->plen[i] == 0)
		return -ENOENT;
	t = evt->info->params[i].type;
	if (t != LNR_PT_SOCKADDR && t != LNR_PT_SOCKTUPLE)
		return -ENOENT;
	return lnr_netaddr_parse(evt->param[i], evt->plen[i],
				 t == LNR_PT_SOCKTUPLE, out);
}

/* Events that describe a process; tests/unit/test_event.c checks every
 * event carrying LNR_PROC_PARAMS is here. */
int lnr_evt_proc_index(enum lnr_evt_type type)
{
	switch (type) {
	case LNR_EVT_EXECVE:
		return LNR_PI_EXECVE_exe;
	case LNR_EVT_EXECVEAT:
		return LNR_PI_EXECVEAT_exe;
	case LNR_EVT_CLONE:
		return LNR_PI_CLONE_exe;
	case LNR_EVT_CLONE3:
		return LNR_PI_CLONE3_exe;
	case LNR_EVT_FORK:
		return LNR_PI_FORK_exe;
	case LNR_EVT_VFORK:
		return LNR_PI_VFORK_exe;
	case LNR_EVT_PROC_SNAPSHOT:
		return LNR_PI_PROC_SNAPSHOT_exe;
	default:
		return -1;
	}
}

int lnr_evt_param_index(enum lnr_evt_type type, const char *name)
{
	const struct lnr_event_info *info;

	if (type <= LNR_EVT_NONE || type >= LNR_EVT_COUNT)
		return -1;
	info = &lnr_events[type];
	for (unsigned i = 0; i < info->nparams; i++)
		if (strcmp(info->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

void lnr_evtb_init(struct lnr_evt_builder *b, void *buf, size_t cap,
		   enum lnr_evt_type type, uint64_t ts, uint32_t tid,
		   uint32_t pid)
{
	struct lnr_evt_hdr hdr = {
	    .ts = ts, .tid = tid, .pid = pid, .type = (uint16_t)type};
	size_t head =
	    sizeof(hdr) + (size_t)lnr_events[type].nparams * sizeof(uint16_t);

	b->buf = buf;
	b->cap = cap;
	b->nparams = 0;
	b->mistyped = 0;
	b->overflow = head > cap;
	b->used = head;
	if (!b->overflow) {
		memcpy(b->buf, &hdr, sizeof(hdr));
		memset(b->buf + sizeof(hdr), 0, head - sizeof(hdr));
	}
}

void lnr_evtb_add(struct lnr_evt_builder *b, const void *data, size_t len)
{
	struct lnr_evt_hdr *hdr = (struct lnr_evt_hdr *)b->buf;
	uint16_t l16 = (uint16_t)len;

	if (b->overflow || len > UINT16_MAX || len > b->cap - b->used ||
	    b->nparams >= lnr_events[hdr->type].nparams) {
		b->overflow = 1;
		return;
	}
	memcpy(b->buf + sizeof(*hdr) + b->nparams * sizeof(uint16_t), &l16,
	       sizeof(l16));
	if (len)
		memcpy(b->buf + b->used, data, len);
	b->used += len;
	b->nparams++;
}

void lnr_evtb_add_u64(struct lnr_evt_builder *b, uint64_t v)
{
	lnr_evtb_add(b, &v, sizeof(v));
}

void lnr_evtb_add_u32(struct lnr_evt_builder *b, uint32_t v)
{
	lnr_evtb_add(b, &v, sizeof(v));
}

void lnr_evtb_add_u8(struct lnr_evt_builder *b, uint8_t v)
{
	lnr_evtb_add(b, &v, sizeof(v));
}

void lnr_evtb_add_str(struct lnr_evt_builder *b, const char *s)
{
	if (s == NULL)
		lnr_evtb_add(b, NULL, 0);
	else
		lnr_evtb_add(b, s, strlen(s) + 1);
}

/* A number at the width of parameter type t. */
static void evtb_add_num(struct lnr_evt_builder *b, enum lnr_param_type t,
			 uint64_t v)
{
	switch (lnr_param_fixed_size(t)) {
	case 8:
		lnr_evtb_add_u64(b, v);
		return;
	case 4:
		lnr_evtb_add_u32(b, (uint32_t)v);
		return;
	case 1:
		lnr_evtb_add_u8(b, (uint8_t)v);
		return;
	default:
		b->mistyped = 1;
		return;
	}
}

static void evtb_add_val(struct lnr_evt_builder *b, const struct lnr_pval *v)
{
	const struct lnr_evt_hdr *hdr = (const struct lnr_evt_hdr *)b->buf;
	const struct lnr_event_info *info;
	enum lnr_param_type t;

	if (b->overflow)
		return;
	info = &lnr_events[hdr->type];
	if (b->nparams >= info->nparams) {
		b->overflow = 1;
		return;
	}
	t = info->params[b->nparams].type;
	if (v->kind == LNR_PV_NUMBER)
		evtb_add_num(b, t, v->num);
	else if (v->kind == LNR_PV_STRING && !lnr_param_is_string(t))
		b->mistyped = 1;
	else if (v->kind == LNR_PV_STRING)
		lnr_evtb_add_str(b, v->data);
	else if (v->kind == LNR_PV_RAW)
		lnr_evtb_add(b, v->data, v->len);
	else
		lnr_evtb_add(b, NULL, 0);
}

void lnr_evtb_add_vals(struct lnr_evt_builder *b, const struct lnr_pval *v,
		       unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		evtb_add_val(b, &v[i]);
}

int lnr_evtb_finish(struct lnr_evt_builder *b)
{
	struct lnr_evt_hdr *hdr = (struct lnr_evt_hdr *)b->buf;
	size_t head;

	if (b->overflow)
		return -ENOSPC;
	if (b->mistyped)
		return -EINVAL;
	/* Drop the length slots of parameters never added. */
	head = sizeof(*hdr) + lnr_events[hdr->type].nparams * sizeof(uint16_t);
	if (b->nparams < lnr_events[hdr->type].nparams) {
		size_t gap = (lnr_events[hdr->type].nparams - b->nparams) *
			     sizeof(uint16_t);
		memmove(b->buf + head - gap, b->buf + head, b->used - head);
		b->used -= gap;
	}
	hdr->nparams = b->nparams;
	hdr->len = (uint32_t)b->used;
	return (int)b->used;
}

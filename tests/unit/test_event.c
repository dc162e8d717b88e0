/*
 * The event schema and its decoder: every table entry is consistent, and
 * records that lie about their lengths are refused with a reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "common/event.h"

static void test_table(void)
{
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		const struct lnr_event_info *e = &lnr_events[t];

		CHECK(e->name != NULL && e->nparams <= LNR_MAX_PARAMS);
		CHECK(lnr_event_by_name(e->name) == lnr_evt_twin(t));
		for (unsigned i = 0; i < e->nparams; i++) {
			CHECK(e->params[i].type > LNR_PT_NONE &&
			      e->params[i].type < LNR_PT_TYPE_COUNT);
			/* parameter names are unique within an event */
			CHECK(lnr_evt_param_index(t, e->params[i].name) ==
			      (int)i);
		}
	}
	CHECK(lnr_event_by_name("no_such_event") == LNR_EVT_NONE);
	CHECK(lnr_events[LNR_EVT_OPENAT].nparams == 8);
	CHECK(lnr_evt_param_index(LNR_EVT_OPENAT, "flags") == 3);
}

/* Every fd a call resolves a relative path against (an FD param next to
 * an FSRELPATH one) has its kernel path in NAMEpath, which the engine
 * falls back on (engine/state/state_path.c). */
static void test_dirfd_paths(void)
{
	for (unsigned t = 1; t < LNR_EVT_COUNT; t++) {
		const struct lnr_event_info *e = &lnr_events[t];

		for (unsigned i = 0; i + 1 < e->nparams; i++) {
			char name[64];
			int pi;

			if (e->params[i].type != LNR_PT_FD ||
			    e->params[i + 1].type != LNR_PT_FSRELPATH)
				continue;
			snprintf(name, sizeof(name), "%spath",
				 e->params[i].name);
			pi = lnr_evt_param_index(t, name);
			CHECK(pi > 0 && e->params[pi].type == LNR_PT_FSPATH);
			if (pi <= 0)
				printf("%s: no %s\n", e->name, name);
		}
	}
}

/* Every generated LNR_PI_ constant is where its parameter is. */
#define PI_CHECK(ID, name)                                                     \
	CHECK(lnr_evt_param_index(LNR_EVT_##ID, #name) == LNR_PI_##ID##_##name);
#define LNR_P(type, name, source, flagset) , name
#define LNR_EVENT(ID, name, kind, params)                                      \
	static void pi_check_##ID(void)                                        \
	{                                                                      \
		LNR_PP_EACH(PI_CHECK, ID params)                               \
	}
#include "common/event_table.def"
#undef LNR_EVENT
#undef LNR_P

/* The sources, which only the probe reads, for the RET rule below. */
#define LNR_P(type, name, source, flagset) #source,
#define LNR_EVENT(ID, name, kind, params)                                      \
	static const char *const src_##ID[] = {params NULL};
#include "common/event_table.def"
#undef LNR_EVENT
#undef LNR_P

static const char *const *const sources[LNR_EVT_COUNT] = {
#define LNR_EVENT(ID, name, kind, params) [LNR_EVT_##ID] = src_##ID,
#include "common/event_table.def"
#undef LNR_EVENT
};

/* A SYSCALL event's return value comes first and nowhere else; a flag
 * set goes with the flag types only; lnr_evt_proc_index knows every
 * event that carries the process block. */
static void test_columns(void)
{
#define LNR_EVENT(ID, name, kind, params) pi_check_##ID();
#include "common/event_table.def"
#undef LNR_EVENT
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		const struct lnr_event_info *e = &lnr_events[t];

		for (unsigned i = 0; i < e->nparams; i++) {
			enum lnr_param_type pt = e->params[i].type;
			int flagtype =
			    pt == LNR_PT_FLAGS32 || pt == LNR_PT_FLAGS64 ||
			    (pt == LNR_PT_MODE &&
			     e->params[i].flagset == LNR_FLAGS_CHMOD_MODE);

			CHECK((strcmp(sources[t][i], "RET") == 0) ==
			      ((e->kind == LNR_KIND_SYSCALL ||
				e->kind == LNR_KIND_IOURING) &&
			       i == LNR_PI_RET));
			CHECK((e->params[i].flagset != LNR_FLAGS_NONE) ==
			      flagtype);
		}
		CHECK(
		    lnr_evt_ret_index(t) ==
		    (e->kind == LNR_KIND_SYSCALL || e->kind == LNR_KIND_IOURING
			 ? LNR_PI_RET
			 : -1));
		CHECK(lnr_evt_proc_index(t) == lnr_evt_param_index(t, "exe"));
	}
	CHECK(lnr_evt_param_index(LNR_EVT_EXECVE, "env") ==
	      LNR_PI_EXECVE_exe + LNR_PROC_PI_env);
	CHECK(LNR_NPARAMS_PROC == LNR_PROC_PI_env + 1);
}

/* The engine handles an io_uring event as its syscall twin, by the
 * twin's parameter indices: both must have the same parameters. */
static void test_twins(void)
{
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		const struct lnr_event_info *e = &lnr_events[t];
		enum lnr_evt_type w = lnr_evt_twin(t);
		const struct lnr_event_info *s = &lnr_events[w];

		if (e->kind != LNR_KIND_IOURING) {
			CHECK(w == (enum lnr_evt_type)t);
			continue;
		}
		CHECK(w != (enum lnr_evt_type)t && s->kind == LNR_KIND_SYSCALL);
		CHECK(!strcmp(s->name, e->name));
		CHECK(s->nparams == e->nparams);
		for (unsigned i = 0; i < e->nparams && i < s->nparams; i++) {
			if (strcmp(e->params[i].name, s->params[i].name) ||
			    e->params[i].type != s->params[i].type ||
			    e->params[i].flagset != s->params[i].flagset)
				fprintf(stderr, "%s: parameter %u differs\n",
					e->name, i);
			CHECK(!strcmp(e->params[i].name, s->params[i].name));
			CHECK(e->params[i].type == s->params[i].type);
			CHECK(e->params[i].flagset == s->params[i].flagset);
		}
	}
}

/* Values placed by index: numbers take the schema's width, and a value
 * of the wrong kind fails the record. */
static void test_vals(void)
{
	struct lnr_pval v[LNR_NPARAMS_CLOSE] = {
	    [LNR_PI_CLOSE_res] = LNR_PV_NUM(0),
	    [LNR_PI_CLOSE_fd] = LNR_PV_NUM(7),
	};
	struct lnr_evt_builder b;
	uint8_t buf[256];
	const char *why;
	struct lnr_evt e;
	int64_t fd;
	int n;

	lnr_evtb_init(&b, buf, sizeof(buf), LNR_EVT_CLOSE, 1, 2, 2);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_CLOSE);
	n = lnr_evtb_finish(&b);
	CHECK(n > 0 && lnr_evt_decode(buf, (size_t)n, &e, &why) == 0);
	CHECK(lnr_evt_get_s64(&e, LNR_PI_CLOSE_fd, &fd) == 0 && fd == 7);
	v[LNR_PI_CLOSE_fd] = LNR_PV_STR("7");
	lnr_evtb_init(&b, buf, sizeof(buf), LNR_EVT_CLOSE, 1, 2, 2);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_CLOSE);
	CHECK(lnr_evtb_finish(&b) == -EINVAL);
	lnr_evtb_init(&b, buf, sizeof(buf), LNR_EVT_OPEN, 1, 2, 2);
	v[0] = LNR_PV_NUM(3);
	v[1] = LNR_PV_NUM(3); /* the name is a string */
	lnr_evtb_add_vals(&b, v, 2);
	CHECK(lnr_evtb_finish(&b) == -EINVAL);
}

static int build_openat(uint8_t *buf, size_t cap, const char *path)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, cap, LNR_EVT_OPENAT, 42, 7, 7);
	lnr_evtb_add_u64(&b, 3);
	lnr_evtb_add_u64(&b, (uint64_t)-100);
	lnr_evtb_add_str(&b, path);
	lnr_evtb_add_u32(&b, 0x80000);
	lnr_evtb_add_u32(&b, 0);
	return lnr_evtb_finish(&b);
}

static void test_roundtrip(void)
{
	uint8_t buf[512];
	struct lnr_evt e;
	const char *why = NULL;
	int64_t fd, dirfd;
	uint64_t flags;
	int n = build_openat(buf, sizeof(buf), "/etc/shadow");

	CHECK(n > 0);
	CHECK(lnr_evt_decode(buf, (size_t)n, &e, &why) == 0);
	CHECK(e.nparams == 5); /* dev and ino left out by an older writer */
	CHECK(lnr_evt_get_s64(&e, 0, &fd) == 0 && fd == 3);
	CHECK(lnr_evt_get_s64(&e, 1, &dirfd) == 0 && dirfd == -100);
	CHECK(strcmp(lnr_evt_get_str(&e, 2), "/etc/shadow") == 0);
	CHECK(lnr_evt_get_u64(&e, 3, &flags) == 0 && flags == 0x80000);
	CHECK(lnr_evt_get_u64(&e, 6, &flags) == -ENOENT);
	CHECK(lnr_evt_get_str(&e, 0) == NULL); /* not a string */
	CHECK(build_openat(buf, 40, "/etc/shadow") == -ENOSPC);
}

static void expect_bad(const uint8_t *buf, size_t len, const char *reason)
{
	struct lnr_evt e;
	const char *why = NULL;

	CHECK(lnr_evt_decode(buf, len, &e, &why) == -EINVAL);
	CHECK(why != NULL && strstr(why, reason) != NULL);
	if (why && !strstr(why, reason))
		fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", why, reason);
}

static void test_corrupt(void)
{
	uint8_t good[512], bad[512];
	struct lnr_evt_hdr h;
	int n = build_openat(good, sizeof(good), "/tmp/x");
	uint16_t l;

	expect_bad(good, 10, "shorter than its header");
	expect_bad(good, (size_t)n - 1, "disagrees");
	memcpy(bad, good, (size_t)n);
	memcpy(&h, bad, sizeof(h));
	h.type = 999;
	memcpy(bad, &h, sizeof(h));
	expect_bad(bad, (size_t)n, "unknown event type");
	memcpy(bad, good, (size_t)n);
	h.type = LNR_EVT_OPENAT;
	h.nparams = 30;
	memcpy(bad, &h, sizeof(h));
	expect_bad(bad, (size_t)n, "more parameters");
	/* the fd parameter claims 4 bytes instead of 8 */
	memcpy(bad, good, (size_t)n);
	l = 4;
	memcpy(bad + sizeof(h), &l, 2);
	expect_bad(bad, (size_t)n, "wrong size");
	/* the path loses its NUL */
	memcpy(bad, good, (size_t)n);
	bad[sizeof(h) + 5 * 2 + 16 + 6] = 'x';
	expect_bad(bad, (size_t)n, "NUL");
	/* a length running past the end */
	memcpy(bad, good, (size_t)n);
	l = 60000;
	memcpy(bad + sizeof(h) + 2 * 2, &l, 2);
	expect_bad(bad, (size_t)n, "runs past");
}

/* A bind record whose addr is the n bytes at a; its decode result. */
static int bind_with(const uint8_t *a, size_t n, uint8_t *buf, size_t cap)
{
	const struct lnr_pval v[LNR_NPARAMS_BIND] = {
	    [LNR_PI_BIND_res] = LNR_PV_NUM(0),
	    [LNR_PI_BIND_addr] = LNR_PV_BYTES(a, n),
	    [LNR_PI_BIND_fd] = LNR_PV_NUM(3),
	};
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, buf, cap, LNR_EVT_BIND, 1, 2, 2);
	lnr_evtb_add_vals(&b, v, LNR_NPARAMS_BIND);
	return lnr_evtb_finish(&b);
}

/* Socket addresses: each family's exact layout is taken apart, anything
 * else is refused by the decoder. */
static void test_netaddr(void)
{
	static const uint8_t in4[] = {LNR_AF_INET, 127, 0, 0, 1, 0x50, 0};
	static const uint8_t un[] = {LNR_AF_UNIX, '/', 's', 0};
	static const uint8_t bad[][8] = {
	    {LNR_AF_INET, 127, 0, 0, 1, 0x50}, /* a byte short */
	    {LNR_AF_UNIX, '/', 's'},	       /* no NUL */
	    {LNR_AF_UNIX, '/', 0, 's', 0},     /* a NUL inside */
	    {16, 1},			       /* other families: no more */
	};
	static const size_t badlen[] = {6, 3, 5, 2};
	static const uint8_t tun[LNR_SOCKTUPLE_UN_HEAD + 1] = {
	    LNR_AF_UNIX, 7, [9] = 9, [LNR_SOCKTUPLE_UN_HEAD] = 0};
	uint8_t buf[256];
	struct lnr_netaddr na;
	struct lnr_evt e;
	const char *why;
	int n = bind_with(in4, sizeof(in4), buf, sizeof(buf));

	CHECK(n > 0 && lnr_evt_decode(buf, (size_t)n, &e, &why) == 0);
	CHECK(lnr_evt_get_netaddr(&e, LNR_PI_BIND_addr, &na) == 0);
	CHECK(na.family == LNR_AF_INET && na.nends == 1);
	CHECK(na.end[0].port == 0x50 && na.end[0].addr[0] == 127);
	CHECK(lnr_evt_get_netaddr(&e, LNR_PI_BIND_fd, &na) == -ENOENT);
	n = bind_with(un, sizeof(un), buf, sizeof(buf));
	CHECK(n > 0 && lnr_evt_decode(buf, (size_t)n, &e, &why) == 0);
	CHECK(lnr_evt_get_netaddr(&e, LNR_PI_BIND_addr, &na) == 0);
	CHECK(na.path && strcmp(na.path, "/s") == 0);
	for (size_t i = 0; i < sizeof(badlen) / sizeof(badlen[0]); i++) {
		n = bind_with(bad[i], badlen[i], buf, sizeof(buf));
		CHECK(n > 0);
		expect_bad(buf, (size_t)n, "socket address");
	}
	CHECK(lnr_netaddr_parse(tun, sizeof(tun), 1, &na) == 0);
	CHECK(na.nends == 2 && na.end[0].ino == 7 && na.end[1].ino == 9);
	CHECK(na.path && na.path[0] == '\0');
	CHECK(lnr_netaddr_parse(tun, sizeof(tun) - 1, 1, &na) == -EINVAL);
	CHECK(lnr_netaddr_parse(in4, sizeof(in4), 1, &na) == -EINVAL);
}

int main(void)
{
	test_netaddr();
	test_columns();
	test_twins();
	test_vals();
	test_table();
	test_dirfd_paths();
	test_roundtrip();
	test_corrupt();
	return check_done();
}

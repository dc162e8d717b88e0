/*
 * A test field class ("t.*") over a small fake event, so the rule tests
 * check conditions, transformers and outputs without the engine's state.
 */
#ifndef LNR_TEST_RULE_FIXTURE_H
#define LNR_TEST_RULE_FIXTURE_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/fields/fields.h"
#include "engine/rules/ruleset.h"

struct tctx {
	const char *str, *path, *b64;
	int64_t num;
	uint64_t unum;
	bool flag;
	const char *ip;
	uint16_t port;
	const char *multi[4];
};

static struct tctx T_DEFAULT = {
    .str = "hello World",
    .path = "/usr/bin/bash",
    .b64 = "aGVsbG8=",
    .num = -5,
    .unum = 42,
    .flag = true,
    .ip = "10.1.2.3",
    .port = 8080,
    .multi = {"bash", "sshd", "systemd", NULL},
};

#define TC(ctx) ((struct tctx *)(void *)(ctx))

static int t_strv(struct fval *o, const char *s, enum ftype t)
{
	if (!s)
		return 0;
	o->type = t;
	o->s.p = s;
	o->s.len = strlen(s);
	return 1;
}

static int x_str(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		 int max)
{
	return t_strv(o, TC(c)->str, FT_STRING);
}

static int x_path(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		  int max)
{
	return t_strv(o, TC(c)->path, FT_FSPATH);
}

static int x_b64(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		 int max)
{
	return t_strv(o, TC(c)->b64, FT_STRING);
}

static int x_num(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		 int max)
{
	o->type = FT_INT64;
	o->i = TC(c)->num;
	return 1;
}

static int x_unum(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		  int max)
{
	o->type = FT_UINT64;
	o->u = TC(c)->unum;
	return 1;
}

static int x_flag(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		  int max)
{
	o->type = FT_BOOL;
	o->b = TC(c)->flag;
	return 1;
}

static int x_ip(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		int max)
{
	memset(o, 0, sizeof(*o));
	o->type = FT_IPADDR;
	if (inet_pton(AF_INET, TC(c)->ip, o->ip.addr) == 1) {
		o->ip.family = AF_INET;
		o->ip.prefix = 32;
		return 1;
	}
	if (inet_pton(AF_INET6, TC(c)->ip, o->ip.addr) == 1) {
		o->ip.family = AF_INET6;
		o->ip.prefix = 128;
		return 1;
	}
	return 0;
}

static int x_port(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		  int max)
{
	o->type = FT_PORT;
	o->u = TC(c)->port;
	return 1;
}

static int x_multi(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		   int max)
{
	int n = 0;

	if (a->present)
		return a->index >= 1 && a->index <= 3
			   ? t_strv(o, TC(c)->multi[a->index - 1], FT_STRING)
			   : 0;
	while (n < 4 && n < max && TC(c)->multi[n]) {
		t_strv(&o[n], TC(c)->multi[n], FT_STRING);
		n++;
	}
	return n;
}

static int x_key(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		 int max)
{
	static char buf[160];

	snprintf(buf, sizeof(buf), "key=%s", a->key);
	return t_strv(o, buf, FT_STRING);
}

static int x_none(struct evt_ctx *c, const struct field_arg *a, struct fval *o,
		  int max)
{
	return 0;
}

static const struct field_def t_fields[] = {
    {"t.str", FT_STRING, 0, 0, "a string", x_str},
    {"t.path", FT_FSPATH, 0, 0, "a path", x_path},
    {"t.b64", FT_STRING, 0, 0, "base64 text", x_b64},
    {"t.num", FT_INT64, 0, 0, "a signed number", x_num},
    {"t.unum", FT_UINT64, 0, 0, "an unsigned number", x_unum},
    {"t.flag", FT_BOOL, 0, 0, "a boolean", x_flag},
    {"t.ip", FT_IPADDR, 0, 0, "an address", x_ip},
    {"t.port", FT_PORT, 0, 0, "a port", x_port},
    {"t.multi", FT_STRING, FARG_INDEX, FIELD_MULTI, "several", x_multi},
    {"t.key", FT_STRING, FARG_KEY, 0, "keyed", x_key},
    {"t.arg", FT_STRING, FARG_DOTTED | FARG_REQUIRED, 0, "dotted", x_key},
    {"t.none", FT_STRING, 0, 0, "never has a value", x_none},
    {"t.outonly", FT_STRING, 0, FIELD_NOT_FILTERABLE, "output", x_str},
};

static const struct field_class t_class = {
    "t", "syscall", "test fields", t_fields,
    sizeof(t_fields) / sizeof(t_fields[0])};

static void t_setup(void)
{
	static bool done;

	if (!done)
		fields_register_test_class(&t_class);
	done = true;
}

static struct ruleset *t_load(const char *yaml)
{
	struct ruleset *rs = ruleset_new();

	ruleset_add_file(rs, "t.yaml", yaml, strlen(yaml));
	return rs;
}

static void t_hit(void *arg, const struct rule *r, struct evt_ctx *ctx)
{
	(*(int *)arg)++;
}

/* Matches of a ruleset on one event of `type`. */
static int t_matches(struct ruleset *rs, struct tctx *t, unsigned type)
{
	int n = 0;

	ruleset_eval(rs, "syscall", type, (struct evt_ctx *)(void *)t, t_hit,
		     &n);
	return n;
}

#endif

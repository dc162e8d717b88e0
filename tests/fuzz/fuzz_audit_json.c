/*
 * Fuzzes the path of a Kubernetes audit request body: the webhook's
 * parser (k8saudit/audit_json.c) splits it into events, the batch codec
 * carries them, and the engine parses each again and extracts every
 * ka.* and jevt.* field from it, as rules and outputs would. Nothing may
 * crash, an event the webhook accepted must parse in the engine, and
 * every byte a string value claims must be readable.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/k8sbatch.h"
#include "evt_ctx.h"
#include "fields.h"
#include "k8saudit/audit_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Field names with the arguments that take one. */
static const char *const exprs[] = {
    "ka.uri.param[command]",
    "ka.req.binding.subject.has_name[mallory]",
    "ka.req.volume.hostpath[/etc*]",
    "jevt.value[/requestObject/spec/containers/0/image]",
    "jevt.value[/user/groups]",
    "ka.req.pod.containers.image[1]",
    "ka.req.role.rules.verbs[0]",
};

/* Where the bytes read go, so the reads are kept. */
static volatile unsigned sink;

/* Every byte of every string value is read, for the sanitizers. */
static void check(const struct fval *v, int n)
{
	if (n < 0 || n > FIELD_VALUES_MAX)
		abort();
	for (int i = 0; i < n; i++)
		if (v[i].type == FT_STRING)
			for (size_t j = 0; j < v[i].s.len; j++)
				sink += (unsigned char)v[i].s.p[j];
}

static void extract(struct evt_ctx *ctx, const char *text)
{
	static struct fval v[FIELD_VALUES_MAX];
	struct field_arg arg;
	const struct field_def *f;
	char err[128];
	size_t used;

	memset(&arg, 0, sizeof(arg));
	f = fields_lookup("k8s_audit", text, &used, &arg, err, sizeof(err));
	if (f)
		check(v, f->extract(ctx, &arg, v, FIELD_VALUES_MAX));
}

static void each_field(const struct field_class *c, void *arg)
{
	if (!c->source || strcmp(c->source, "k8s_audit") != 0)
		return;
	for (size_t i = 0; i < c->nfields; i++)
		if (!(c->fields[i].argkinds & FARG_REQUIRED))
			extract(arg, c->fields[i].name);
}

static int one_event(void *arg, const char *json, size_t len)
{
	static _Alignas(8) uint8_t rec[128];
	static struct evt_ctx ctx;
	struct json_object *ev = json_tokener_parse(json);
	struct lnr_evt_builder b;
	const char *why;
	int n;

	(void)arg, (void)len;
	if (!ev)
		abort(); /* the webhook passed what the engine cannot read */
	lnr_evtb_init(&b, rec, sizeof(rec), LNR_EVT_K8S_AUDIT, 1, 0, 0);
	lnr_evtb_add_str(&b, "k8saudit");
	n = lnr_evtb_finish(&b);
	if (n < 0 || lnr_evt_decode(rec, (size_t)n, &ctx.evt, &why) < 0)
		abort();
	ctx.source_data = ev;
	ctx.scratch_used = 0;
	fields_foreach_class(each_field, &ctx);
	for (size_t i = 0; i < sizeof(exprs) / sizeof(*exprs); i++)
		extract(&ctx, exprs[i]);
	json_object_put(ev);
	return 0;
}

/* The batch as the engine reads it: each event back, in order. */
static int add_event(void *arg, const char *json, size_t len)
{
	return k8sbatch_add(arg, json, len) == 0 ? 0 : -ENOSPC;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[K8SBATCH_MAX];
	struct k8sbatch batch = {.buf = buf};
	const uint8_t *p = buf;
	const char *json;
	size_t left, n;
	char why[256];
	int r;

	if (audit_json_parse((const char *)data, size, add_event, &batch, why,
			     sizeof(why)) < 0)
		return 0;
	left = batch.len;
	while ((r = k8sbatch_next(&p, &left, &json, &n)) == 1) {
		char *copy = strndup(json, n);

		if (!copy)
			abort();
		one_event(NULL, copy, n);
		free(copy);
	}
	if (r < 0)
		abort();
	return 0;
}

/*
 * The second event source: Kubernetes audit events, which lanner-k8saudit
 * checked and the broker relayed (MSG_K8S_EVENTS). Each is parsed again
 * here, since the engine trusts no other process, made into a PLUGIN
 * record (its time, evt.num, evt.source) with the parsed JSON beside it
 * for the ka.* and jevt.* fields, and evaluated against the k8s_audit
 * rules only. The state tables never see these events.
 */
#include <errno.h>
#include <json-c/json.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "k8sbatch.h"
#include "log.h"
#include "rfc3339.h"
#include "ruleset.h"
#include "state.h"

#define K8S_MAX_DEPTH 64
#define K8S_BAD_LOG_EVERY 1000

static uint64_t event_time(struct json_object *ev)
{
	static const char *const keys[] = {"stageTimestamp",
					   "requestReceivedTimestamp"};
	struct json_object *v;
	struct timespec now;
	uint64_t t;

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (json_object_object_get_ex(ev, keys[i], &v) &&
		    (t = rfc3339_parse_ns(json_object_get_string(v))))
			return t;
	clock_gettime(CLOCK_REALTIME, &now);
	return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

static struct json_object *parse(struct engine *e, const char *json, size_t len)
{
	struct json_object *ev;

	json_tokener_reset(e->k8s_tok);
	ev = json_tokener_parse_ex(e->k8s_tok, json, (int)len);
	if (ev && json_tokener_get_error(e->k8s_tok) == json_tokener_success &&
	    json_object_is_type(ev, json_type_object))
		return ev;
	json_object_put(ev);
	return NULL;
}

static void bad(struct engine *e, const char *why)
{
	if (e->k8s_bad++ % K8S_BAD_LOG_EVERY == 0)
		log_warn("bad audit event (%llu so far): %s",
			 (unsigned long long)e->k8s_bad, why);
}

static void one_event(struct engine *e, const char *json, size_t len)
{
	static _Alignas(8) uint8_t rec[128];
	struct json_object *ev = parse(e, json, len);
	struct evt_ctx *ctx = e->ctx;
	struct lnr_evt_builder b;
	const char *why = "";
	int n;

	if (!ev) {
		bad(e, "not a JSON object");
		return;
	}
	lnr_evtb_init(&b, rec, sizeof(rec), LNR_EVT_K8S_AUDIT, event_time(ev),
		      0, 0);
	lnr_evtb_add_str(&b, "k8saudit");
	n = lnr_evtb_finish(&b);
	if (n < 0 || evt_ctx_begin(ctx, e->st, rec, (size_t)n, &why) < 0) {
		bad(e, why);
	} else {
		e->k8s_events++;
		ctx->hostname = e->hostname;
		ctx->source_data = ev;
		ctx->source_len = len;
		ruleset_eval(e->rs, "k8s_audit", LNR_EVT_K8S_AUDIT, ctx,
			     engine_on_match, e);
		ctx->source_data = NULL;
	}
	json_object_put(ev);
}

int k8s_event_setup(struct engine *e)
{
	struct json_object *o;

	e->k8s_tok = json_tokener_new_ex(K8S_MAX_DEPTH);
	if (!e->k8s_tok)
		return -ENOMEM;
	/* json-c seeds its hash tables on first use, with getrandom or
	 * /dev/urandom, which the sandbox refuses: seed it now. */
	o = json_tokener_parse("{\"seed\": 1}");
	json_object_put(o);
	return o ? 0 : -ENOMEM;
}

int k8s_event_batch(struct engine *e, const void *batch, size_t len)
{
	const uint8_t *p = batch;
	const char *json;
	size_t n;
	int r;

	while ((r = k8sbatch_next(&p, &len, &json, &n)) == 1)
		if (e->rs)
			one_event(e, json, n);
	/* The webhook wrote the batch and the broker did not read it: a
	 * malformed one costs its remaining events, not the engine. */
	if (r < 0)
		bad(e, "a batch whose lengths do not add up");
	/* A batch can raise as many alerts as it has events, and the broker
	 * may have queued several batches: send them before the next one. */
	publish_flush(&e->pub);
	return 0;
}

/*
 * ka.* and jevt.* fields on an audit event, through conditions as rules
 * write them: plain values, lists with in (all), intersects and contains
 * (any), booleans, arguments, <NA> for what the event lacks, and the
 * source split (a k8s_audit rule never sees a syscall event).
 */
#include <json-c/json.h>
#include <string.h>

#include "check.h"
#include "engine/fields/fields.h"
#include "engine/rules/ruleset.h"
#include "engine/state/evt_ctx.h"

static const char event_json[] =
    "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
    "\"auditID\":\"id-1\",\"stage\":\"ResponseComplete\",\"verb\":\"create\","
    "\"requestURI\":\"/api/v1/namespaces/ns/pods/p/exec?command=ls&command="
    "-l&container=a%20b\","
    "\"user\":{\"username\":\"alice\",\"groups\":[\"dev\",\"ops\"]},"
    "\"impersonatedUser\":{\"username\":\"bob\"},"
    "\"sourceIPs\":[\"10.0.0.1\",\"10.0.0.2\"],\"userAgent\":\"kubectl\","
    "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\",\"name\":"
    "\"p\",\"subresource\":\"exec\"},"
    "\"responseStatus\":{\"code\":201,\"reason\":\"Created\"},"
    "\"responseObject\":{\"metadata\":{\"name\":\"p-resp\"}},"
    "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\","
    "\"authorization.k8s.io/reason\":\"rbac\"},"
    "\"requestObject\":{\"roleRef\":{\"name\":\"admin\"},"
    "\"subjects\":[{\"kind\":\"User\",\"name\":\"mallory\"}],"
    "\"rules\":[{\"verbs\":[\"get\",\"list\"],\"resources\":[\"pods\"]},"
    "{\"verbs\":[\"*\"],\"resources\":[\"secrets\"],\"apiGroups\":[\"\"]}],"
    "\"data\":{\"k\":\"password=1\"},"
    "\"spec\":{\"hostNetwork\":true,\"hostPID\":false,\"type\":\"NodePort\","
    "\"securityContext\":{\"runAsUser\":1000},"
    "\"ports\":[{\"port\":80}],"
    "\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/etc/kubernetes\"}},"
    "{\"name\":\"w\",\"emptyDir\":{}}],"
    "\"containers\":[{\"image\":\"nginx:1.25\",\"securityContext\":"
    "{\"privileged\":false}},"
    "{\"image\":\"reg:5000/team/tool@sha256:ab\",\"securityContext\":"
    "{\"privileged\":true,\"runAsUser\":0,\"capabilities\":{\"add\":"
    "[\"NET_ADMIN\",\"SYS_TIME\"]}},\"ports\":[{\"containerPort\":8080},"
    "{\"containerPort\":9090,\"hostPort\":19090}]}]}}}";

struct kcase {
	const char *cond;
	bool match;
};

static const struct kcase cases[] = {
    {"ka.auditid = id-1", true},
    {"ka.stage = ResponseComplete", true},
    {"ka.verb = create", true},
    {"ka.user.name = alice", true},
    {"ka.impuser.name = bob", true},
    {"ka.auth.decision = allow and ka.auth.reason = rbac", true},
    {"ka.target.resource = pods and ka.target.subresource = exec", true},
    {"ka.target.name = p and ka.target.namespace = ns", true},
    {"ka.resp.name = p-resp", true},
    {"ka.response.code = 201 and ka.response.code startswith 2", true},
    {"ka.response.reason = Created", true},
    {"ka.useragent = kubectl", true},
    {"ka.uri.param[command] = ls", true},
    {"ka.uri.param[container] = 'a b'", true},
    {"ka.uri.param[nope] exists", false},
    /* lists: in is all, intersects and contains any */
    {"ka.user.groups in (dev, ops, x)", true},
    {"ka.user.groups in (dev)", false},
    {"ka.user.groups intersects (ops, x)", true},
    {"ka.user.groups intersects (x)", false},
    {"ka.user.groups contains op", true},
    {"ka.user.groups[1] = ops", true},
    {"ka.sourceips intersects (10.0.0.2)", true},
    {"ka.req.pod.containers.image in (nginx:1.25)", false},
    {"ka.req.pod.containers.image intersects (nginx:1.25)", true},
    {"ka.req.pod.containers.image.repository in (nginx, reg:5000/team/tool)",
     true},
    {"ka.req.container.image = nginx:1.25", true},
    {"ka.req.container.image.repository = nginx", true},
    {"ka.req.pod.containers.host_port intersects (8080, 19090)", true},
    {"ka.req.pod.containers.host_port in (8080, 19090)", true},
    {"ka.req.pod.containers.host_port intersects (9090)", false},
    {"ka.req.pod.containers.add_capabilities intersects (SYS_TIME)", true},
    {"ka.req.pod.volumes.hostpath intersects (/etc/kubernetes)", true},
    {"ka.req.pod.volumes.volume_type intersects (emptyDir)", true},
    {"ka.req.volume.hostpath[/etc*] = true", true},
    {"ka.req.volume.hostpath[/etc] = true", false},
    {"ka.req.pod.run_as_user = 1000", true},
    {"ka.req.pod.containers.eff_run_as_user in (1000, 0)", true},
    {"ka.req.pod.containers.eff_run_as_user[0] = 1000", true},
    {"ka.req.role.rules.verbs intersects ('*')", true},
    {"ka.req.role.rules.verbs intersects (create, delete)", false},
    {"ka.req.role.rules.resources contains secr", true},
    {"ka.req.binding.role = admin", true},
    {"ka.req.binding.subject.has_name[mallory] = true", true},
    {"ka.req.binding.subject.has_name[eve] = true", false},
    {"ka.req.configmap.obj contains password", true},
    {"ka.req.service.type = NodePort", true},
    {"ka.req.service.ports contains 80", true},
    /* booleans, one and many */
    {"ka.req.pod.host_network = true", true},
    {"ka.req.pod.host_network intersects (true)", true},
    {"ka.req.pod.host_pid = true", false},
    {"ka.req.pod.host_ipc exists", false},
    {"ka.req.pod.containers.privileged intersects (true)", true},
    {"ka.req.pod.containers.privileged in (true)", false},
    {"ka.req.pod.containers.privileged[0] = false", true},
    {"ka.req.container.privileged = true", true},
    /* jevt */
    {"jevt.value[/user/username] = alice", true},
    {"jevt.value[/requestObject/spec/containers/1/image] endswith ab", true},
    {"jevt.value[/responseStatus/code] = 201", true},
    {"jevt.value[/nope] exists", false},
    {"jevt.obj contains '\"auditID\":\"id-1\"'", true},
    {"jevt.time = '03:04:05.250000000'", true},
    {"jevt.time.iso8601 = '2026-01-02T03:04:05.250000000Z'", true},
    {"jevt.rawtime = 1767323045250000000", true},
};

static char yaml[4096];

static int hits;

static void hit(void *arg, const struct rule *r, struct evt_ctx *ctx)
{
	hits++;
}

static struct ruleset *load(const char *cond)
{
	struct ruleset *rs = ruleset_new();

	snprintf(yaml, sizeof(yaml),
		 "- rule: r\n  desc: d\n  condition: |\n    %s\n"
		 "  output: o\n  priority: INFO\n  source: k8s_audit\n",
		 cond);
	ruleset_add_file(rs, "k.yaml", yaml, strlen(yaml));
	if (ruleset_compile(rs) < 0) {
		ruleset_diag_text(rs, yaml, sizeof(yaml));
		fprintf(stderr, "case '%s':\n%s", cond, yaml);
	}
	return rs;
}

static void event(struct evt_ctx *ctx, struct json_object *ev)
{
	static _Alignas(8) uint8_t rec[128];
	struct lnr_evt_builder b;
	const char *why;
	int n;

	lnr_evtb_init(&b, rec, sizeof(rec), LNR_EVT_K8S_AUDIT,
		      1767323045250000000ull, 0, 0);
	lnr_evtb_add_str(&b, "k8saudit");
	n = lnr_evtb_finish(&b);
	CHECK(n > 0 && lnr_evt_decode(rec, (size_t)n, &ctx->evt, &why) == 0);
	ctx->type = LNR_EVT_K8S_AUDIT;
	ctx->source_data = ev;
	ctx->scratch_used = 0;
}

int main(void)
{
	static struct evt_ctx ctx;
	struct json_object *ev = json_tokener_parse(event_json);
	struct ruleset *rs;

	CHECK(ev != NULL);
	event(&ctx, ev);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		rs = load(cases[i].cond);
		CHECK(ruleset_error_count(rs) == 0);
		hits = 0;
		ctx.scratch_used = 0;
		ruleset_eval(rs, "k8s_audit", LNR_EVT_K8S_AUDIT, &ctx, hit,
			     NULL);
		if ((hits == 1) != cases[i].match)
			fprintf(stderr, "case '%s': %d matches\n",
				cases[i].cond, hits);
		CHECK((hits == 1) == cases[i].match);
		/* the syscall source never runs a k8s_audit rule */
		hits = 0;
		ruleset_eval(rs, "syscall", LNR_EVT_K8S_AUDIT, &ctx, hit, NULL);
		CHECK(hits == 0);
		ruleset_free(rs);
	}
	/* A syscall event has no ka.* value, even with JSON beside it. */
	rs = load("ka.user.name exists");
	ctx.evt.info = &lnr_events[LNR_EVT_EXECVE];
	hits = 0;
	ruleset_eval(rs, "k8s_audit", LNR_EVT_EXECVE, &ctx, hit, NULL);
	CHECK(hits == 0);
	ruleset_free(rs);
	json_object_put(ev);
	return check_done();
}

/*
 * ka.*: fields of Kubernetes audit events (source k8s_audit), read from
 * the event's JSON as Falco's k8saudit plugin defines them. Multi-valued
 * fields yield one value per element (container, volume, rule, ...) and
 * take an optional [N] for element N only.
 */
#include <json-c/json.h>

#include "evt_ctx.h"
#include "fields_json.h"

/* Multi-valued ka.* fields are lists, as in Falco: `in` means all. */
#define KA_LIST (FIELD_MULTI | FIELD_LIST)
#define FJ_SELF ((const char *const[]){NULL})
#define REQ_SPEC "requestObject", "spec"
#define CONTAINERS FJ_PATH(REQ_SPEC, "containers")
#define VOLUMES FJ_PATH(REQ_SPEC, "volumes")
#define ROLE_RULES FJ_PATH("requestObject", "rules")

/* An extractor of the one value at a path. */
#define KA_ONE(fn, t, ...)                                                     \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return fjson_one(ctx, o, t, FJ_PATH(__VA_ARGS__));             \
	}
/* An extractor of the values at sub below each element at path. */
#define KA_EACH(fn, t, path, sub)                                              \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return fjson_each(ctx, a, o, max, t, path, sub);               \
	}

KA_ONE(x_auditid, FT_STRING, "auditID")
KA_ONE(x_stage, FT_STRING, "stage")
KA_ONE(x_decision, FT_STRING, "annotations", "authorization.k8s.io/decision")
KA_ONE(x_reason, FT_STRING, "annotations", "authorization.k8s.io/reason")
KA_ONE(x_user, FT_STRING, "user", "username")
KA_EACH(x_groups, FT_STRING, FJ_PATH("user", "groups"), FJ_SELF)
KA_ONE(x_impuser, FT_STRING, "impersonatedUser", "username")
KA_ONE(x_verb, FT_STRING, "verb")
KA_ONE(x_uri, FT_STRING, "requestURI")
KA_ONE(x_target_name, FT_STRING, "objectRef", "name")
KA_ONE(x_target_ns, FT_STRING, "objectRef", "namespace")
KA_ONE(x_target_res, FT_STRING, "objectRef", "resource")
KA_ONE(x_target_subres, FT_STRING, "objectRef", "subresource")
KA_EACH(x_subjects, FT_STRING, FJ_PATH("requestObject", "subjects"), FJ_SELF)
KA_ONE(x_binding_role, FT_STRING, "requestObject", "roleRef", "name")
KA_ONE(x_configmap_obj, FT_STRING, "requestObject", "data")
KA_EACH(x_images, FT_STRING, CONTAINERS, FJ_PATH("image"))
KA_ONE(x_host_ipc, FT_BOOL, REQ_SPEC, "hostIPC")
KA_ONE(x_host_network, FT_BOOL, REQ_SPEC, "hostNetwork")
KA_ONE(x_host_pid, FT_BOOL, REQ_SPEC, "hostPID")
KA_EACH(x_privileged, FT_BOOL, CONTAINERS,
	FJ_PATH("securityContext", "privileged"))
KA_EACH(x_allow_priv_esc, FT_BOOL, CONTAINERS,
	FJ_PATH("securityContext", "allowPrivilegeEscalation"))
KA_EACH(x_read_only_fs, FT_BOOL, CONTAINERS,
	FJ_PATH("securityContext", "readOnlyRootFilesystem"))
KA_ONE(x_run_as_user, FT_STRING, REQ_SPEC, "securityContext", "runAsUser")
KA_EACH(x_c_run_as_user, FT_STRING, CONTAINERS,
	FJ_PATH("securityContext", "runAsUser"))
KA_ONE(x_run_as_group, FT_STRING, REQ_SPEC, "securityContext", "runAsGroup")
KA_EACH(x_c_run_as_group, FT_STRING, CONTAINERS,
	FJ_PATH("securityContext", "runAsGroup"))
KA_EACH(x_proc_mount, FT_STRING, CONTAINERS,
	FJ_PATH("securityContext", "procMount"))
KA_EACH(x_add_caps, FT_STRING, CONTAINERS,
	FJ_PATH("securityContext", "capabilities", "add"))
KA_EACH(x_hostpaths, FT_STRING, VOLUMES, FJ_PATH("hostPath", "path"))
KA_EACH(x_flexvolume, FT_STRING, VOLUMES, FJ_PATH("flexVolume", "driver"))
KA_EACH(x_role_rules, FT_STRING, ROLE_RULES, FJ_SELF)
KA_EACH(x_rules_groups, FT_STRING, ROLE_RULES, FJ_PATH("apiGroups"))
KA_EACH(x_rules_urls, FT_STRING, ROLE_RULES, FJ_PATH("nonResourceURLs"))
KA_EACH(x_rules_verbs, FT_STRING, ROLE_RULES, FJ_PATH("verbs"))
KA_EACH(x_rules_resources, FT_STRING, ROLE_RULES, FJ_PATH("resources"))
KA_ONE(x_service_type, FT_STRING, REQ_SPEC, "type")
KA_EACH(x_service_ports, FT_STRING, FJ_PATH(REQ_SPEC, "ports"), FJ_SELF)
KA_ONE(x_resp_name, FT_STRING, "responseObject", "metadata", "name")
KA_ONE(x_resp_code, FT_STRING, "responseStatus", "code")
KA_ONE(x_resp_reason, FT_STRING, "responseStatus", "reason")
KA_ONE(x_useragent, FT_STRING, "userAgent")
KA_EACH(x_sourceips, FT_STRING, FJ_PATH("sourceIPs"), FJ_SELF)

/* The first container's image (the older single-container names). */
static int x_first_image(struct evt_ctx *ctx, const struct field_arg *a,
			 struct fval *o, int max)
{
	const struct field_arg first = {.present = true, .index = 0};

	return x_images(ctx, &first, o, max);
}

/* An image reference without its digest and tag: the repository. */
static void strip_tag(struct fval *v)
{
	const char *at = memchr(v->s.p, '@', v->s.len);
	size_t len = at ? (size_t)(at - v->s.p) : v->s.len;

	for (size_t i = len; i-- > 0 && v->s.p[i] != '/';)
		if (v->s.p[i] == ':') {
			len = i;
			break;
		}
	v->s.len = len;
}

static int x_repositories(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	int n = x_images(ctx, a, o, max);

	for (int i = 0; i < n; i++)
		strip_tag(&o[i]);
	return n;
}

static int x_first_repository(struct evt_ctx *ctx, const struct field_arg *a,
			      struct fval *o, int max)
{
	const struct field_arg first = {.present = true, .index = 0};

	return x_repositories(ctx, &first, o, max);
}

/* Each container port's hostPort, or its containerPort when it has none
 * (with hostNetwork, that is the host's port). */
static int x_host_ports(struct evt_ctx *ctx, const struct field_arg *a,
			struct fval *o, int max)
{
	struct json_object *cs = fjson_at(fjson_event(ctx), CONTAINERS), *ps;
	struct json_object *p, *v;
	size_t i, end;
	int n = 0;

	if (!fjson_range(cs, a, &i, &end))
		return 0;
	for (; i < end; i++) {
		ps = fjson_at(json_object_array_get_idx(cs, i),
			      FJ_PATH("ports"));
		if (!json_object_is_type(ps, json_type_array))
			continue;
		for (size_t j = 0; j < json_object_array_length(ps) && n < max;
		     j++) {
			p = json_object_array_get_idx(ps, j);
			v = fjson_at(p, FJ_PATH("hostPort"));
			n += fjson_put(
			    ctx, v ? v : fjson_at(p, FJ_PATH("containerPort")),
			    FT_STRING, o + n);
		}
	}
	return n;
}

/* True when any container is privileged; <NA> without containers. */
static int x_any_privileged(struct evt_ctx *ctx, const struct field_arg *a,
			    struct fval *o, int max)
{
	const struct field_arg all = {.present = false};
	struct fval v[FIELD_VALUES_MAX];
	int n = x_privileged(ctx, &all, v, FIELD_VALUES_MAX);
	bool any = false;

	if (!fjson_at(fjson_event(ctx), CONTAINERS))
		return 0;
	for (int i = 0; i < n; i++)
		any = any || v[i].b;
	return fv_bool(o, any);
}

/* Each container's own securityContext value of key, else the pod's,
 * else "0" (root, the image default lanner cannot know). */
static int effective(struct evt_ctx *ctx, const struct field_arg *a,
		     struct fval *o, int max, const char *key)
{
	struct json_object *ev = fjson_event(ctx);
	struct json_object *cs = fjson_at(ev, CONTAINERS);
	struct json_object *pod =
	    fjson_at(ev, FJ_PATH(REQ_SPEC, "securityContext", key));
	size_t i, end;
	int n = 0;

	if (!fjson_range(cs, a, &i, &end))
		return 0;
	for (; i < end && n < max; i++) {
		struct json_object *v =
		    fjson_at(json_object_array_get_idx(cs, i),
			     FJ_PATH("securityContext", key));

		if (!fjson_put(ctx, v ? v : pod, FT_STRING, o + n))
			fv_str(o + n, "0");
		n++;
	}
	return n;
}

static int x_eff_run_as_user(struct evt_ctx *ctx, const struct field_arg *a,
			     struct fval *o, int max)
{
	return effective(ctx, a, o, max, "runAsUser");
}

static int x_eff_run_as_group(struct evt_ctx *ctx, const struct field_arg *a,
			      struct fval *o, int max)
{
	return effective(ctx, a, o, max, "runAsGroup");
}

/* The kind of each volume: its keys other than name (hostPath, ...). */
static int x_volume_types(struct evt_ctx *ctx, const struct field_arg *a,
			  struct fval *o, int max)
{
	struct json_object *vs = fjson_at(fjson_event(ctx), VOLUMES), *v;
	size_t i, end;
	int n = 0;

	if (!fjson_range(vs, a, &i, &end))
		return 0;
	for (; i < end; i++) {
		v = json_object_array_get_idx(vs, i);
		if (!json_object_is_type(v, json_type_object))
			continue;
		json_object_object_foreach(v, key, val)
		{
			(void)val;
			if (n < max && strcmp(key, "name") != 0)
				n += fv_str(o + n, key);
		}
	}
	return n;
}

/* Whether any value at sub below the elements at path equals arg->key,
 * or starts with it when it ends with '*'; <NA> without the array. */
static int any_equals(struct evt_ctx *ctx, const struct field_arg *arg,
		      struct fval *o, const char *const *path,
		      const char *const *sub)
{
	const struct field_arg all = {.present = false};
	struct fval v[FIELD_VALUES_MAX];
	size_t klen = strlen(arg->key);
	bool prefix = klen && arg->key[klen - 1] == '*', hit = false;
	int n =
	    fjson_each(ctx, &all, v, FIELD_VALUES_MAX, FT_STRING, path, sub);

	if (!fjson_at(fjson_event(ctx), path))
		return 0;
	klen -= prefix;
	for (int i = 0; i < n && !hit; i++)
		hit = prefix ? v[i].s.len >= klen &&
				   !memcmp(v[i].s.p, arg->key, klen)
			     : v[i].s.len == klen &&
				   !memcmp(v[i].s.p, arg->key, klen);
	return fv_bool(o, hit);
}

static int x_has_name(struct evt_ctx *ctx, const struct field_arg *a,
		      struct fval *o, int max)
{
	return any_equals(ctx, a, o, FJ_PATH("requestObject", "subjects"),
			  FJ_PATH("name"));
}

static int x_volume_hostpath(struct evt_ctx *ctx, const struct field_arg *a,
			     struct fval *o, int max)
{
	return any_equals(ctx, a, o, VOLUMES, FJ_PATH("hostPath", "path"));
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* s[0..len) with %XX and + decoded, into the arena. */
static char *url_decode(struct evt_ctx *ctx, const char *s, size_t len,
			size_t *out)
{
	char *d = evt_ctx_alloc(ctx, len + 1);
	size_t n = 0;

	if (!d)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			d[n++] =
			    (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			d[n++] = s[i] == '+' ? ' ' : s[i];
		}
	}
	d[n] = 0;
	*out = n;
	return d;
}

/* The first value of query parameter arg->key in the request URI. */
static int x_uri_param(struct evt_ctx *ctx, const struct field_arg *a,
		       struct fval *o, int max)
{
	struct fval uri;
	const char *p, *end, *amp, *eq, *name, *val;
	size_t nlen, vlen;

	if (!x_uri(ctx, a, &uri, 1) || !(p = memchr(uri.s.p, '?', uri.s.len)))
		return 0;
	end = uri.s.p + uri.s.len;
	for (p++; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (!amp)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		name = url_decode(ctx, p, (size_t)((eq ? eq : amp) - p), &nlen);
		if (!name || strcmp(name, a->key) != 0)
			continue;
		val =
		    eq ? url_decode(ctx, eq + 1, (size_t)(amp - eq - 1), &vlen)
		       : "";
		return val ? fv_strn(o, FT_STRING, val, eq ? vlen : 0) : 0;
	}
	return 0;
}

static const struct field_def ka_fields[] = {
    F("ka.auditid", FT_STRING, 0, 0, "audit event id", x_auditid),
    F("ka.stage", FT_STRING, 0, 0,
      "stage of the request (RequestReceived, ResponseComplete, ...)", x_stage),
    F("ka.auth.decision", FT_STRING, 0, 0,
      "authorization decision (allow or forbid)", x_decision),
    F("ka.auth.reason", FT_STRING, 0, 0, "authorization reason", x_reason),
    NA("ka.auth.openshift.decision", FT_STRING,
       "OpenShift authorization decision"),
    NA("ka.auth.openshift.username", FT_STRING, "OpenShift user name"),
    F("ka.user.name", FT_STRING, 0, 0, "user name making the request", x_user),
    F("ka.user.groups", FT_STRING, FARG_INDEX, KA_LIST,
      "groups of the user making the request", x_groups),
    F("ka.impuser.name", FT_STRING, 0, 0, "impersonated user name", x_impuser),
    F("ka.verb", FT_STRING, 0, 0,
      "action being performed (create, get, delete, ...)", x_verb),
    F("ka.uri", FT_STRING, 0, 0,
      "request URI sent from the client to the server", x_uri),
    F("ka.uri.param", FT_STRING, FARG_KEY | FARG_REQUIRED, 0,
      "one query parameter of the URI: ka.uri.param[NAME]", x_uri_param),
    F("ka.target.name", FT_STRING, 0, 0, "name of the target object",
      x_target_name),
    F("ka.target.namespace", FT_STRING, 0, 0, "namespace of the target object",
      x_target_ns),
    F("ka.target.resource", FT_STRING, 0, 0, "resource of the target object",
      x_target_res),
    F("ka.target.subresource", FT_STRING, 0, 0,
      "subresource of the target object", x_target_subres),
    NA("ka.target.pod.name", FT_STRING, "name of the target pod"),
    F("ka.req.binding.subjects", FT_STRING, FARG_INDEX, KA_LIST,
      "subjects of a role binding request, as JSON", x_subjects),
    F("ka.req.binding.role", FT_STRING, 0, 0, "role of a role binding request",
      x_binding_role),
    F("ka.req.binding.subject.has_name", FT_BOOL, FARG_KEY | FARG_REQUIRED, 0,
      "true if a binding subject has the given name", x_has_name),
    F("ka.req.configmap.name", FT_STRING, 0, 0,
      "name of the configmap in the request", x_target_name),
    F("ka.req.configmap.obj", FT_STRING, 0, 0,
      "data of the configmap in the request, as JSON", x_configmap_obj),
    F("ka.req.pod.containers.image", FT_STRING, FARG_INDEX, KA_LIST,
      "images of the pod's containers", x_images),
    F("ka.req.container.image", FT_STRING, 0, 0,
      "image of the request's first container", x_first_image),
    F("ka.req.pod.containers.image.repository", FT_STRING, FARG_INDEX, KA_LIST,
      "image repositories of the pod's containers", x_repositories),
    F("ka.req.container.image.repository", FT_STRING, 0, 0,
      "image repository of the request's first container", x_first_repository),
    F("ka.req.pod.host_ipc", FT_BOOL, 0, 0, "hostIPC of the pod", x_host_ipc),
    F("ka.req.pod.host_network", FT_BOOL, 0, 0, "hostNetwork of the pod",
      x_host_network),
    F("ka.req.container.host_network", FT_BOOL, 0, 0,
      "hostNetwork of the pod (old name)", x_host_network),
    F("ka.req.pod.host_pid", FT_BOOL, 0, 0, "hostPID of the pod", x_host_pid),
    F("ka.req.pod.containers.host_port", FT_STRING, FARG_INDEX, KA_LIST,
      "host ports of the pod's containers", x_host_ports),
    F("ka.req.pod.containers.privileged", FT_BOOL, FARG_INDEX, KA_LIST,
      "privileged flags of the pod's containers", x_privileged),
    F("ka.req.container.privileged", FT_BOOL, 0, 0,
      "true if any of the request's containers is privileged",
      x_any_privileged),
    F("ka.req.pod.containers.allow_privilege_escalation", FT_BOOL, FARG_INDEX,
      KA_LIST, "allowPrivilegeEscalation of the pod's containers",
      x_allow_priv_esc),
    F("ka.req.pod.containers.read_only_fs", FT_BOOL, FARG_INDEX, KA_LIST,
      "readOnlyRootFilesystem of the pod's containers", x_read_only_fs),
    F("ka.req.pod.run_as_user", FT_STRING, 0, 0,
      "runAsUser of the pod's security context", x_run_as_user),
    F("ka.req.pod.containers.run_as_user", FT_STRING, FARG_INDEX, KA_LIST,
      "runAsUser of the pod's containers", x_c_run_as_user),
    F("ka.req.pod.containers.eff_run_as_user", FT_STRING, FARG_INDEX, KA_LIST,
      "effective runAsUser of the pod's containers", x_eff_run_as_user),
    F("ka.req.pod.run_as_group", FT_STRING, 0, 0,
      "runAsGroup of the pod's security context", x_run_as_group),
    F("ka.req.pod.containers.run_as_group", FT_STRING, FARG_INDEX, KA_LIST,
      "runAsGroup of the pod's containers", x_c_run_as_group),
    F("ka.req.pod.containers.eff_run_as_group", FT_STRING, FARG_INDEX, KA_LIST,
      "effective runAsGroup of the pod's containers", x_eff_run_as_group),
    F("ka.req.pod.containers.proc_mount", FT_STRING, FARG_INDEX, KA_LIST,
      "procMount of the pod's containers", x_proc_mount),
    F("ka.req.pod.containers.add_capabilities", FT_STRING, FARG_INDEX, KA_LIST,
      "capabilities the pod's containers add", x_add_caps),
    F("ka.req.pod.volumes.hostpath", FT_STRING, FARG_INDEX, KA_LIST,
      "hostPath volumes of the pod", x_hostpaths),
    F("ka.req.volume.hostpath", FT_BOOL, FARG_KEY | FARG_REQUIRED, 0,
      "true if the pod mounts the host path (a trailing * matches a "
      "prefix): ka.req.volume.hostpath[/etc*]",
      x_volume_hostpath),
    F("ka.req.pod.volumes.flexvolume_drivers", FT_STRING, FARG_INDEX, KA_LIST,
      "flexVolume drivers of the pod's volumes", x_flexvolume),
    F("ka.req.pod.volumes.volume_type", FT_STRING, FARG_INDEX, KA_LIST,
      "types of the pod's volumes", x_volume_types),
    F("ka.req.role.rules", FT_STRING, FARG_INDEX, KA_LIST,
      "rules of a role request, as JSON", x_role_rules),
    F("ka.req.role.rules.apiGroups", FT_STRING, FARG_INDEX, KA_LIST,
      "apiGroups of a role's rules", x_rules_groups),
    F("ka.req.role.rules.nonResourceURLs", FT_STRING, FARG_INDEX, KA_LIST,
      "nonResourceURLs of a role's rules", x_rules_urls),
    F("ka.req.role.rules.verbs", FT_STRING, FARG_INDEX, KA_LIST,
      "verbs of a role's rules", x_rules_verbs),
    F("ka.req.role.rules.resources", FT_STRING, FARG_INDEX, KA_LIST,
      "resources of a role's rules", x_rules_resources),
    F("ka.req.service.type", FT_STRING, 0, 0, "type of a service request",
      x_service_type),
    F("ka.req.service.ports", FT_STRING, FARG_INDEX, KA_LIST,
      "ports of a service request, as JSON", x_service_ports),
    F("ka.resp.name", FT_STRING, 0, 0, "name of the object in the response",
      x_resp_name),
    F("ka.response.code", FT_STRING, 0, 0, "HTTP response code", x_resp_code),
    F("ka.response.reason", FT_STRING, 0, 0, "reason for the response code",
      x_resp_reason),
    F("ka.useragent", FT_STRING, 0, 0, "user agent of the client", x_useragent),
    F("ka.sourceips", FT_STRING, FARG_INDEX, KA_LIST,
      "source IPs of the request", x_sourceips),
    NA("ka.cluster.name", FT_STRING, "name of the cluster"),
};

FIELD_CLASS(ka, "k8s_audit", "Kubernetes audit events");

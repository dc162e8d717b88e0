/*
 * k8s.*: Kubernetes metadata of the process's pod, from the labels the
 * kubelet puts on its containers (io.kubernetes.pod.name, .namespace,
 * .uid, io.kubernetes.sandbox.id) as the container runtime reports them
 * (state/state_container.c). Pod and namespace labels, and the objects
 * around the pod, would need the API server: those yield no value.
 */
#include "evt_ctx.h"
#include "fields_val.h"
#include "state.h"

/* Label i of the process's container, `len` bytes at most. */
static int label(struct evt_ctx *ctx, struct fval *o, enum ctrinfo_str i,
		 size_t len)
{
	const struct container *c =
	    state_container_of(&ctx->st->containers, ctx->proc);
	const char *s = c && c->has_info ? c->str[i] : NULL;

	if (!s)
		return 0;
	return fv_strn(o, FT_STRING, s, strlen(s) < len ? strlen(s) : len);
}

#define LABEL_FIELD(fn, i, len)                                                \
	static int fn(struct evt_ctx *ctx, const struct field_arg *a,          \
		      struct fval *o, int max)                                 \
	{                                                                      \
		return label(ctx, o, i, len);                                  \
	}
LABEL_FIELD(x_ns, CTRINFO_POD_NS, SIZE_MAX)
LABEL_FIELD(x_pod, CTRINFO_POD_NAME, SIZE_MAX)
LABEL_FIELD(x_pod_uid, CTRINFO_POD_UID, SIZE_MAX)
LABEL_FIELD(x_sandbox, CTRINFO_SANDBOX, CONTAINER_ID_SHORT)
LABEL_FIELD(x_full_sandbox, CTRINFO_SANDBOX, SIZE_MAX)

#define LABEL " (container label, from the runtime)"

static const struct field_def k8s_fields[] = {
    F("k8s.ns.name", FT_STRING, 0, 0, "Kubernetes namespace of the pod" LABEL,
      x_ns),
    F("k8s.pod.name", FT_STRING, 0, 0, "Kubernetes pod name" LABEL, x_pod),
    F("k8s.pod.id", FT_STRING, 0, 0, "Kubernetes pod uid (old name)" LABEL,
      x_pod_uid),
    F("k8s.pod.uid", FT_STRING, 0, 0, "Kubernetes pod uid" LABEL, x_pod_uid),
    F("k8s.pod.sandbox_id", FT_STRING, 0, 0,
      "pod sandbox id, 12 hex digits" LABEL, x_sandbox),
    F("k8s.pod.full_sandbox_id", FT_STRING, 0, 0, "full pod sandbox id" LABEL,
      x_full_sandbox),
    F("k8s.pod.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED,
      FIELD_NA, "one pod label: k8s.pod.label.NAME (needs the API server)",
      fv_none),
    NA("k8s.pod.labels", FT_STRING,
       "pod labels, comma-separated key:value (needs the API server)"),
    NA("k8s.pod.ip", FT_STRING, "pod IP address (needs the API server)"),
    NA("k8s.pod.cni.json", FT_STRING,
       "pod CNI result as JSON (needs a CRI runtime)"),
    NA("k8s.rc.name", FT_STRING,
       "replication controller name (needs the API server)"),
    NA("k8s.rs.name", FT_STRING, "replica set name (needs the API server)"),
    NA("k8s.svc.name", FT_STRING, "service name (needs the API server)"),
    NA("k8s.deployment.name", FT_STRING,
       "deployment name (needs the API server)"),
    F("k8s.ns.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED,
      FIELD_NA, "one namespace label: k8s.ns.label.NAME (needs the API server)",
      fv_none),
};

FIELD_CLASS(k8s, "syscall", "Kubernetes metadata of the process's pod");

/*
 * k8s.*: Kubernetes metadata of the process's pod. lanner has no
 * Kubernetes metadata source yet, so these fields yield no value.
 */
#include "fields_val.h"

#undef NA
#define NA(n, t, k, d)                                                         \
	{                                                                      \
		n, t, k, 0, d, fv_none                                         \
	}
static const struct field_def k8s_fields[] = {
    NA("k8s.ns.name", FT_STRING, 0, "Kubernetes namespace of the pod"),
    NA("k8s.pod.name", FT_STRING, 0, "Kubernetes pod name"),
    NA("k8s.pod.id", FT_STRING, 0, "Kubernetes pod uid (old name)"),
    NA("k8s.pod.uid", FT_STRING, 0, "Kubernetes pod uid"),
    NA("k8s.pod.sandbox_id", FT_STRING, 0, "pod sandbox id"),
    NA("k8s.pod.full_sandbox_id", FT_STRING, 0, "full pod sandbox id"),
    NA("k8s.pod.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED,
       "one pod label: k8s.pod.label.NAME"),
    NA("k8s.pod.labels", FT_STRING, 0, "pod labels, comma-separated key:value"),
    NA("k8s.pod.ip", FT_STRING, 0, "pod IP address"),
    NA("k8s.pod.cni.json", FT_STRING, 0, "pod CNI result as JSON"),
    NA("k8s.rc.name", FT_STRING, 0, "replication controller name"),
    NA("k8s.rs.name", FT_STRING, 0, "replica set name"),
    NA("k8s.svc.name", FT_STRING, 0, "service name"),
    NA("k8s.deployment.name", FT_STRING, 0, "deployment name"),
    NA("k8s.ns.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED,
       "one namespace label: k8s.ns.label.NAME"),
};
#undef NA

const struct field_class fields_k8s = {
    "k8s",
    "syscall",
    "Kubernetes metadata of the process's pod (not fetched yet)",
    k8s_fields,
    sizeof(k8s_fields) / sizeof(k8s_fields[0]),
};

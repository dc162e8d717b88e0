/*
 * k8s.*: Kubernetes metadata of the process's pod. lanner has no
 * Kubernetes metadata source yet, so these fields yield no value.
 */
#include "fields_val.h"

static const struct field_def k8s_fields[] = {
    NA("k8s.ns.name", FT_STRING, "Kubernetes namespace of the pod"),
    NA("k8s.pod.name", FT_STRING, "Kubernetes pod name"),
    NA("k8s.pod.id", FT_STRING, "Kubernetes pod uid (old name)"),
    NA("k8s.pod.uid", FT_STRING, "Kubernetes pod uid"),
    NA("k8s.pod.sandbox_id", FT_STRING, "pod sandbox id"),
    NA("k8s.pod.full_sandbox_id", FT_STRING, "full pod sandbox id"),
    F("k8s.pod.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED, 0,
      "one pod label: k8s.pod.label.NAME", fv_none),
    NA("k8s.pod.labels", FT_STRING, "pod labels, comma-separated key:value"),
    NA("k8s.pod.ip", FT_STRING, "pod IP address"),
    NA("k8s.pod.cni.json", FT_STRING, "pod CNI result as JSON"),
    NA("k8s.rc.name", FT_STRING, "replication controller name"),
    NA("k8s.rs.name", FT_STRING, "replica set name"),
    NA("k8s.svc.name", FT_STRING, "service name"),
    NA("k8s.deployment.name", FT_STRING, "deployment name"),
    F("k8s.ns.label", FT_STRING, FARG_KEY | FARG_DOTTED | FARG_REQUIRED, 0,
      "one namespace label: k8s.ns.label.NAME", fv_none),
};

FIELD_CLASS(k8s, "syscall",
	    "Kubernetes metadata of the process's pod (not fetched yet)");

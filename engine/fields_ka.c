/*
 * ka.*: fields of Kubernetes audit events (source k8s_audit). The audit
 * webhook does not feed the engine yet, so these fields compile and
 * yield no value.
 */
#include "fields_val.h"

#define S(n, d)                                                                \
	{                                                                      \
		n, FT_STRING, 0, 0, d, fv_none                                 \
	}
#define SI(n, d)                                                               \
	{                                                                      \
		n, FT_STRING, FARG_INDEX, FIELD_MULTI, d, fv_none              \
	}
#define SK(n, d)                                                               \
	{                                                                      \
		n, FT_STRING, FARG_KEY, 0, d, fv_none                          \
	}
#define B(n, d)                                                                \
	{                                                                      \
		n, FT_BOOL, 0, 0, d, fv_none                                   \
	}
#define BI(n, d)                                                               \
	{                                                                      \
		n, FT_BOOL, FARG_INDEX, FIELD_MULTI, d, fv_none                \
	}
static const struct field_def ka_fields[] = {
    S("ka.auditid", "audit event id"),
    S("ka.stage",
      "stage of the request (RequestReceived, ResponseComplete, ...)"),
    S("ka.auth.decision", "authorization decision (allow or forbid)"),
    S("ka.auth.reason", "authorization reason"),
    S("ka.auth.openshift.decision", "OpenShift authorization decision"),
    S("ka.auth.openshift.username", "OpenShift user name"),
    S("ka.user.name", "user name making the request"),
    SI("ka.user.groups", "groups of the user making the request"),
    S("ka.impuser.name", "impersonated user name"),
    S("ka.verb", "action being performed (create, get, delete, ...)"),
    S("ka.uri", "request URI sent from the client to the server"),
    SK("ka.uri.param", "one query parameter of the URI: ka.uri.param[NAME]"),
    S("ka.target.name", "name of the target object"),
    S("ka.target.namespace", "namespace of the target object"),
    S("ka.target.resource", "resource of the target object"),
    S("ka.target.subresource", "subresource of the target object"),
    S("ka.target.pod.name", "name of the target pod"),
    S("ka.req.binding.subjects", "subjects of a role binding request"),
    S("ka.req.binding.role", "role of a role binding request"),
    BI("ka.req.binding.subject.has_name",
       "true if a binding subject has the given name"),
    S("ka.req.configmap.name", "name of the configmap in the request"),
    S("ka.req.configmap.obj", "whole configmap object of the request"),
    SI("ka.req.pod.containers.image", "images of the pod's containers"),
    SI("ka.req.container.image", "image of the request's first container"),
    SI("ka.req.pod.containers.image.repository",
       "image repositories of the pod's containers"),
    SI("ka.req.container.image.repository",
       "image repository of the request's first container"),
    B("ka.req.pod.host_ipc", "hostIPC of the pod"),
    B("ka.req.pod.host_network", "hostNetwork of the pod"),
    B("ka.req.container.host_network", "hostNetwork of the pod (old name)"),
    B("ka.req.pod.host_pid", "hostPID of the pod"),
    SI("ka.req.pod.containers.host_port", "host ports of the pod's containers"),
    BI("ka.req.pod.containers.privileged",
       "privileged flags of the pod's containers"),
    BI("ka.req.container.privileged",
       "privileged flag of the request's containers"),
    BI("ka.req.pod.containers.allow_privilege_escalation",
       "allowPrivilegeEscalation of the pod's containers"),
    BI("ka.req.pod.containers.read_only_fs",
       "readOnlyRootFilesystem of the pod's containers"),
    S("ka.req.pod.run_as_user", "runAsUser of the pod's security context"),
    SI("ka.req.pod.containers.run_as_user",
       "runAsUser of the pod's containers"),
    SI("ka.req.pod.containers.eff_run_as_user",
       "effective runAsUser of the pod's containers"),
    S("ka.req.pod.run_as_group", "runAsGroup of the pod's security context"),
    SI("ka.req.pod.containers.run_as_group",
       "runAsGroup of the pod's containers"),
    SI("ka.req.pod.containers.eff_run_as_group",
       "effective runAsGroup of the pod's containers"),
    SI("ka.req.pod.containers.proc_mount", "procMount of the pod's containers"),
    SI("ka.req.pod.containers.add_capabilities",
       "capabilities the pod's containers add"),
    SI("ka.req.pod.volumes.hostpath", "hostPath volumes of the pod"),
    SI("ka.req.volume.hostpath", "hostPath volumes of the pod (old name)"),
    SI("ka.req.pod.volumes.flexvolume_drivers",
       "flexVolume drivers of the pod's volumes"),
    SI("ka.req.pod.volumes.volume_type", "types of the pod's volumes"),
    SI("ka.req.role.rules", "rules of a role request"),
    SI("ka.req.role.rules.apiGroups", "apiGroups of a role's rules"),
    SI("ka.req.role.rules.nonResourceURLs",
       "nonResourceURLs of a role's rules"),
    SI("ka.req.role.rules.verbs", "verbs of a role's rules"),
    SI("ka.req.role.rules.resources", "resources of a role's rules"),
    S("ka.req.service.type", "type of a service request"),
    SI("ka.req.service.ports", "ports of a service request"),
    S("ka.resp.name", "name of the object in the response"),
    S("ka.response.code", "HTTP response code"),
    S("ka.response.reason", "reason for the response code"),
    S("ka.useragent", "user agent of the client"),
    SI("ka.sourceips", "source IPs of the request"),
    S("ka.cluster.name", "name of the cluster"),
};
#undef BI
#undef B
#undef SK
#undef SI
#undef S

const struct field_class fields_ka = {
    "ka",
    "k8s_audit",
    "Kubernetes audit events (not fed to the engine yet)",
    ka_fields,
    sizeof(ka_fields) / sizeof(ka_fields[0]),
};

/*
 * Every process the broker spawns and supervises: capture (or, for
 * lanner -e, lanner-replay in its place), the engine, one output worker
 * per channel of common/channels.def, and the web endpoint, the
 * Kubernetes audit webhook and the container metadata helper when they
 * are enabled, and the name resolver with the probe, once the rules name
 * a domain.
 */
#include "proc.h"

/* lanner-containers runs while a runtime may be asked. */
static const enum conf_key_id container_engines[] = {
    CONF_CONTAINER_DOCKER_ENABLED, CONF_CONTAINER_PODMAN_ENABLED,
    CONF_CONTAINER_CONTAINERD_ENABLED, CONF_CONTAINER_CRI_ENABLED};

const struct proc_def proc_table[] = {
    {.name = "capture",
     .binary = "lanner-capture",
     .builddir = "capture",
     .role = ROLE_CAPTURE,
     .enable_default = 1,
     .needs_ring = 1,
     .when = PROC_LIVE},
    {.name = "replay",
     .binary = "lanner-replay",
     .builddir = "capture",
     .role = ROLE_CAPTURE,
     .enable_default = 1,
     .needs_ring = 1,
     .when = PROC_REPLAY},
    {.name = "engine",
     .binary = "lanner-engine",
     .builddir = "engine",
     .role = ROLE_ENGINE,
     .enable_default = 1,
     .needs_ring = 1},
#define OUTPUT_BINARY_0 "lanner-output"
#define OUTPUT_BINARY_1 "lanner-output-http"
#define OUTPUT_BINARY(curl) OUTPUT_BINARY_##curl
#define CHANNEL(ch, enabled, stdout_owner, sink_kind, curl)                    \
	{.name = "output-" #ch,                                                \
	 .binary = OUTPUT_BINARY(curl),                                        \
	 .builddir = "outputs",                                                \
	 .role = ROLE_OUTPUT,                                                  \
	 .channel = #ch,                                                       \
	 .enable_key = #ch "_output.enabled",                                  \
	 .enable_default = enabled,                                            \
	 .owns_stdout = stdout_owner,                                          \
	 .sink = SINK_##sink_kind},
#include "channels.def"
#undef CHANNEL
    {.name = "web",
     .binary = "lanner-web",
     .builddir = "web",
     .role = ROLE_WEB,
     .enable_key = "webserver.enabled",
     .enable_default = 0},
    {.name = "k8saudit",
     .binary = "lanner-k8saudit",
     .builddir = "k8saudit",
     .role = ROLE_K8SAUDIT,
     .enable_key = "k8saudit.enabled",
     .enable_default = 0},
    {.name = "containers",
     .binary = "lanner-containers",
     .builddir = "containers",
     .role = ROLE_CONTAINERS,
     .enable_any = container_engines,
     .nenable_any = sizeof(container_engines) / sizeof(*container_engines),
     .when = PROC_LIVE,
     .sink = SINK_runtime},
    {.name = "resolve",
     .binary = "lanner-resolve",
     .builddir = "resolve",
     .role = ROLE_RESOLVE,
     .enable_default = 1,
     .when = PROC_LIVE,
     .on_demand = 1},
};
const size_t proc_count = sizeof(proc_table) / sizeof(proc_table[0]);

const char *proc_role_name(enum proc_role role)
{
	static const char *const names[] = {"capture", "engine",   "output",
					    "web",     "k8saudit", "containers",
					    "resolve"};

	_Static_assert(sizeof(names) / sizeof(*names) == ROLE_COUNT,
		       "a name per role");
	return (unsigned)role < ROLE_COUNT ? names[role] : "unknown";
}

int proc_enabled(const struct proc_def *def, const struct conf *c)
{
	for (size_t i = 0; i < def->nenable_any; i++)
		if (conf_bool(c, def->enable_any[i]))
			return 1;
	if (def->nenable_any)
		return 0;
	return !def->enable_key ||
	       conf_get_bool(c, def->enable_key, def->enable_default);
}

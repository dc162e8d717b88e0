/*
 * containerd's answer to /containerd.services.containers.v1.Containers/Get
 * (the broker asks in each configured namespace, one HTTP/2 stream each),
 * read into a struct ctrinfo as Falco's container plugin reads it: the
 * name is the short id, the image reference gives repository, tag and
 * digest, the labels the pod, the OCI runtime spec (JSON in a
 * google.protobuf.Any) the mounts and whether the container is
 * privileged, the creation time its start.
 *
 * Wire facts used: GetContainerResponse
 * { Container container = 1 }; Container { string id = 1;
 * map<string, string> labels = 2; string image = 3; Any spec = 5;
 * Timestamp created_at = 8; string sandbox = 11 }; a map entry { key = 1;
 * value = 2 }; Any { string type_url = 1; bytes value = 2 }; Timestamp
 * { int64 seconds = 1; int32 nanos = 2 }.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "grpc.h"
#include "h2.h"
#include "pb.h"

struct container_msg {
	const uint8_t *id, *image, *spec, *sandbox;
	size_t id_len, image_len, spec_len, sandbox_len;
	uint64_t created_ns;
};

static uint64_t timestamp_ns(const uint8_t *p, size_t len)
{
	struct pb b = pb_of(p, len);
	uint64_t s = 0, ns = 0;
	enum pb_wire w;
	uint32_t f;

	while (pb_next(&b, &f, &w)) {
		if ((f == 1 || f == 2) && w == PB_VARINT)
			*(f == 1 ? &s : &ns) = pb_varint(&b);
		else
			pb_skip(&b, w);
	}
	/* Before the epoch, or past what 64 bits of ns hold: unknown. */
	if (b.err || (int64_t)s <= 0 || s > 18000000000ull || ns >= 1000000000)
		return 0;
	return s * 1000000000ull + ns;
}

/* Reads a Container message; the labels go straight into in. */
static int container_msg(struct inspect *in, const uint8_t *p, size_t len,
			 struct container_msg *c)
{
	struct pb b = pb_of(p, len);
	const uint8_t *v;
	enum pb_wire w;
	uint32_t f;
	size_t n;

	memset(c, 0, sizeof(*c));
	while (pb_next(&b, &f, &w)) {
		if (w != PB_LEN) {
			pb_skip(&b, w);
			continue;
		}
		v = pb_bytes(&b, &n);
		if (!v)
			break;
		if (f == 1)
			c->id = v, c->id_len = n;
		else if (f == 2)
			grpc_k8s_label(in, v, n);
		else if (f == 3)
			c->image = v, c->image_len = n;
		else if (f == 5) /* an Any: its value is the spec's JSON */
			c->spec = grpc_field(v, n, 2, &c->spec_len);
		else if (f == 8)
			c->created_ns = timestamp_ns(v, n);
		else if (f == 11)
			c->sandbox = v, c->sandbox_len = n;
	}
	return b.err ? -1 : 0;
}

/* A mount's option that is opt, or for an opt ending in '=' ("mode=")
 * the value of the one it starts; NULL when there is none. */
static const char *mount_option(struct json_object *mount, const char *opt)
{
	struct json_object *o = inspect_member(mount, "options");
	size_t n = inspect_len(o), len = strlen(opt);
	int prefix = len && opt[len - 1] == '=';

	for (size_t i = 0; i < n; i++) {
		const char *s = inspect_str(json_object_array_get_idx(o, i));

		if (s && (prefix ? !strncmp(s, opt, len) : !strcmp(s, opt)))
			return s + (prefix ? len : 0);
	}
	return NULL;
}

static void mounts(struct inspect *in, struct json_object *spec)
{
	struct json_object *m = inspect_member(spec, "mounts");
	const char *prop = inspect_str(
	    inspect_member(inspect_member(spec, "linux"), "rootfsPropagation"));
	size_t n = inspect_len(m);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(m, i);
		struct ctrinfo_mount *mt;

		if (!json_object_is_type(o, json_type_object))
			continue;
		if (!(mt = inspect_mount(in)))
			continue;
		mt->source = inspect_str(inspect_member(o, "source"));
		mt->dest = inspect_str(inspect_member(o, "destination"));
		mt->mode = mount_option(o, "mode=");
		mt->propagation = prop;
		mt->rw = !mount_option(o, "ro");
	}
}

/* Set, and not JSON null. */
static int present(struct json_object *o, const char *key)
{
	struct json_object *v = inspect_member(o, key);

	return v && !json_object_is_type(v, json_type_null);
}

/* As Falco's container plugin judges it: no confinement at all (masked
 * or read-only paths, an SELinux label, an AppArmor profile, seccomp)
 * and sysfs and cgroup mounted writable. */
static int privileged(struct json_object *spec)
{
	struct json_object *linux_ = inspect_member(spec, "linux");
	struct json_object *proc = inspect_member(spec, "process");
	struct json_object *m = inspect_member(spec, "mounts");
	const char *aa = inspect_str(inspect_member(proc, "apparmorProfile"));
	size_t n = inspect_len(m);

	if (!linux_ || !proc || present(linux_, "maskedPaths") ||
	    present(linux_, "readonlyPaths") || present(linux_, "seccomp") ||
	    present(proc, "selinuxLabel") ||
	    (present(proc, "apparmorProfile") &&
	     (!aa || (*aa && strcmp(aa, "unconfined") != 0))))
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(m, i);
		const char *type = inspect_str(inspect_member(o, "type"));

		if (type &&
		    (!strcmp(type, "sysfs") || !strcmp(type, "cgroup")) &&
		    mount_option(o, "ro"))
			return 0;
	}
	return 1;
}

static void image(struct inspect *in, const struct container_msg *c)
{
	const char *ref;

	if (!c->image || !c->image_len)
		return; /* proto3 leaves an empty string out */
	ref = inspect_keep(in, c->image, c->image_len);
	in->info.str[CTRINFO_IMAGE] = ref;
	if (!ref)
		return;
	inspect_split_image(ref, in->derived[INSPECT_REPO],
			    in->derived[INSPECT_TAG],
			    in->derived[INSPECT_DIGEST]);
	in->info.str[CTRINFO_REPO] = in->derived[INSPECT_REPO];
	in->info.str[CTRINFO_TAG] = in->derived[INSPECT_TAG];
	in->info.str[CTRINFO_DIGEST] = in->derived[INSPECT_DIGEST];
}

/* The container in one stream's gRPC message. */
static enum ctrinfo_status found(struct inspect *in, const uint8_t *msg,
				 size_t len)
{
	struct container_msg c;
	size_t n;
	const uint8_t *v = grpc_field(msg, len, 1, &n);

	if (!v || container_msg(in, v, n, &c) < 0)
		return inspect_fail(in, "a malformed Container message");
	if (!c.id || c.id_len != strlen(in->info.id) ||
	    memcmp(c.id, in->info.id, c.id_len) != 0)
		return inspect_fail(in,
				    "the answer is about another container");
	in->info.str[CTRINFO_RUNTIME] = "containerd";
	in->info.str[CTRINFO_NAME] =
	    inspect_keep(in, c.id, c.id_len < 12 ? c.id_len : 12);
	image(in, &c);
	if (c.sandbox_len)
		in->info.str[CTRINFO_SANDBOX] =
		    inspect_keep(in, c.sandbox, c.sandbox_len);
	in->info.start_ns = c.created_ns;
	if (c.spec) {
		in->root = inspect_json(in, (const char *)c.spec, c.spec_len);
		if (!in->root)
			return CTRINFO_FAILED;
		mounts(in, in->root);
		in->info.privileged = privileged(in->root);
		if (!in->info.str[CTRINFO_SANDBOX])
			in->info.str[CTRINFO_SANDBOX] =
			    inspect_str(inspect_member(
				inspect_member(in->root, "annotations"),
				"io.kubernetes.cri.sandbox-id"));
	}
	return in->info.status = CTRINFO_FOUND;
}

enum ctrinfo_status containerd_parse(struct inspect *in, const char *id,
				     const uint8_t *reply, size_t len,
				     unsigned streams)
{
	const uint8_t *msg;
	size_t mlen;
	int r;

	inspect_begin(in, id);
	r = grpc_reply(in, reply, len, streams, &msg, &mlen);
	if (r < 0)
		return CTRINFO_FAILED;
	if (r == 0)
		return in->info.status = CTRINFO_NO_SUCH;
	return found(in, msg, mlen);
}

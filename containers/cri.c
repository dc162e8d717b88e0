/*
 * cri-o's answer to the CRI call /runtime.v1.RuntimeService/ContainerStatus
 * with verbose set, read into a struct ctrinfo as Falco's container
 * plugin reads it: the name from the container's metadata, the image
 * from its spec and image_ref (a digest there wins, the runtime's
 * annotations name an image given by id), the pod from the labels, the
 * mounts from the status, whether it is privileged from the verbose info
 * (JSON), the creation time as its start.
 *
 * Wire facts used: ContainerStatusResponse { ContainerStatus status = 1;
 * map<string, string> info = 2 }; ContainerStatus { string id = 1;
 * ContainerMetadata metadata = 2; int64 created_at = 4; ImageSpec
 * image = 8; string image_ref = 9; map<string, string> labels = 12;
 * repeated Mount mounts = 14 }; ContainerMetadata { string name = 1 };
 * ImageSpec { string image = 1 }; Mount { string container_path = 1;
 * string host_path = 2; bool readonly = 3; MountPropagation
 * propagation = 5 (private, host to container, bidirectional) }.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "grpc.h"
#include "pb.h"

struct status_msg {
	const uint8_t *id, *image, *ref;
	size_t id_len, image_len, ref_len;
};

static void mount(struct inspect *in, const uint8_t *p, size_t len)
{
	static const char *const propagation[] = {"private", "rslave",
						  "rshared"};
	struct pb b = pb_of(p, len);
	struct ctrinfo_mount *mt;
	const uint8_t *v;
	enum pb_wire w;
	uint64_t prop = 0;
	uint32_t f;
	size_t n;

	if (!(mt = inspect_mount(in)))
		return;
	mt->rw = true;
	while (pb_next(&b, &f, &w)) {
		if ((f == 1 || f == 2) && w == PB_LEN) {
			v = pb_bytes(&b, &n);
			*(f == 1 ? &mt->dest : &mt->source) =
			    v ? inspect_keep(in, v, n) : NULL;
		} else if (f == 3 && w == PB_VARINT) {
			mt->rw = pb_varint(&b) == 0;
		} else if (f == 5 && w == PB_VARINT) {
			prop = pb_varint(&b);
		} else {
			pb_skip(&b, w);
		}
	}
	if (b.err) {
		in->info.nmounts--; /* a malformed mount is left out */
		return;
	}
	mt->propagation = prop < 3 ? propagation[prop] : "unknown";
}

static int status_msg(struct inspect *in, const uint8_t *p, size_t len,
		      struct status_msg *st)
{
	struct pb b = pb_of(p, len);
	const uint8_t *v;
	enum pb_wire w;
	uint32_t f;
	size_t n;

	memset(st, 0, sizeof(*st));
	while (pb_next(&b, &f, &w)) {
		if (f == 4 && w == PB_VARINT) {
			int64_t ns = (int64_t)pb_varint(&b);

			in->info.start_ns = ns > 0 ? (uint64_t)ns : 0;
			continue;
		}
		if (w != PB_LEN) {
			pb_skip(&b, w);
			continue;
		}
		v = pb_bytes(&b, &n);
		if (!v)
			break;
		if (f == 1)
			st->id = v, st->id_len = n;
		else if (f == 2 && (v = grpc_field(v, n, 1, &n)))
			in->info.str[CTRINFO_NAME] = inspect_keep(in, v, n);
		else if (f == 8 && (v = grpc_field(v, n, 1, &n)))
			st->image = v, st->image_len = n;
		else if (f == 9)
			st->ref = v, st->ref_len = n;
		else if (f == 12)
			grpc_k8s_label(in, v, n);
		else if (f == 14)
			mount(in, v, n);
	}
	return b.err ? -1 : 0;
}

/* The verbose info's "info" entry, as JSON, into in->root. */
static void info_json(struct inspect *in, const uint8_t *msg, size_t len)
{
	struct pb b = pb_of(msg, len);
	const uint8_t *e, *k, *v;
	size_t n, kn, vn;
	enum pb_wire w;
	uint32_t f;

	while (!in->root && pb_next(&b, &f, &w)) {
		if (f != 2 || w != PB_LEN) {
			pb_skip(&b, w);
			continue;
		}
		e = pb_bytes(&b, &n);
		k = e ? grpc_field(e, n, 1, &kn) : NULL;
		v = e ? grpc_field(e, n, 2, &vn) : NULL;
		if (k && v && kn == 4 && memcmp(k, "info", 4) == 0)
			in->root = inspect_json(in, (const char *)v, vn);
	}
}

/* A boolean at a path of members, or -1 when it is not there. */
static int bool_at(struct json_object *o, const char *const *path)
{
	for (; o && *path; path++)
		o = inspect_member(o, *path);
	return o && json_object_is_type(o, json_type_boolean)
		   ? json_object_get_boolean(o)
		   : -1;
}

/* As Falco's plugin reads it: the runtime spec's security context, the
 * config's, then cri-o's own flag. */
static bool privileged(struct json_object *info)
{
	static const char *const spec[] = {
	    "runtimeSpec", "linux", "security_context", "privileged", NULL};
	static const char *const config[] = {
	    "config", "linux", "security_context", "privileged", NULL};
	static const char *const own[] = {"privileged", NULL};
	int v = bool_at(info, spec);

	if (v < 0)
		v = bool_at(info, config);
	if (v < 0)
		v = bool_at(info, own);
	return v == 1;
}

/* The image reference: image_ref's digest when it names one, else the
 * spec's image, else (an image given by id) the runtime's annotation. */
static void image(struct inspect *in, const struct status_msg *st)
{
	static const char *const annotations[] = {
	    "io.kubernetes.cri.image-name", "io.kubernetes.cri-o.Image",
	    "io.kubernetes.cri-o.ImageName"};
	const char *ref =
	    st->ref ? inspect_keep(in, st->ref, st->ref_len) : NULL;
	const char *name =
	    st->image ? inspect_keep(in, st->image, st->image_len) : NULL;
	const char *sha = ref ? strstr(ref, "sha256:") : NULL;
	char *d = in->derived[INSPECT_DIGEST];

	if (sha == ref && sha)
		snprintf(d, CTRINFO_STR_MAX + 1, "%s", ref);
	/* An image given by id: image_ref's repository, or the runtime's
	 * annotations. */
	if ((!name || !*name || !strncmp(name, "sha256", 6)) && sha &&
	    sha > ref && sha[-1] == '@')
		name = inspect_keep(in, ref, (size_t)(sha - 1 - ref));
	for (size_t i = 0;
	     i < 3 && (!name || !*name || !strncmp(name, "sha256", 6)); i++)
		name = inspect_str(inspect_member(
		    inspect_member(inspect_member(in->root, "runtimeSpec"),
				   "annotations"),
		    annotations[i]));
	in->info.str[CTRINFO_IMAGE] = name;
	if (name && *name) {
		char digest[CTRINFO_STR_MAX + 1];

		inspect_split_image(name, in->derived[INSPECT_REPO],
				    in->derived[INSPECT_TAG], digest);
		in->info.str[CTRINFO_REPO] = in->derived[INSPECT_REPO];
		in->info.str[CTRINFO_TAG] = in->derived[INSPECT_TAG];
		if (!*d)
			snprintf(d, CTRINFO_STR_MAX + 1, "%s", digest);
	}
	/* "repo@sha256:..." in image_ref: the digest of the image run. */
	if (sha && sha > ref && sha[-1] == '@')
		snprintf(d, CTRINFO_STR_MAX + 1, "%s", sha);
	in->info.str[CTRINFO_DIGEST] = *d ? d : NULL;
}

enum ctrinfo_status cri_parse(struct inspect *in, const char *id,
			      const uint8_t *reply, size_t len)
{
	struct status_msg st;
	const uint8_t *msg, *v;
	size_t mlen, n;
	int r;

	inspect_begin(in, id);
	r = grpc_reply(in, reply, len, 1, &msg, &mlen);
	if (r <= 0)
		return r < 0 ? CTRINFO_FAILED
			     : (in->info.status = CTRINFO_NO_SUCH);
	v = grpc_field(msg, mlen, 1, &n);
	if (!v || status_msg(in, v, n, &st) < 0)
		return inspect_fail(in, "a malformed ContainerStatus message");
	if (!st.id || st.id_len != strlen(id) ||
	    memcmp(st.id, id, st.id_len) != 0)
		return inspect_fail(in,
				    "the answer is about another container");
	info_json(in, msg, mlen);
	in->info.str[CTRINFO_RUNTIME] = "cri-o";
	image(in, &st);
	in->info.privileged = in->root && privileged(in->root);
	return in->info.status = CTRINFO_FOUND;
}

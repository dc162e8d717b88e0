/*
 * A runtime's reply to GET /containers/ID/json, see inspect.h. The HTTP
 * framing is read by hand (status line, Content-Length, whether Podman
 * answered); the body with json-c, Debian's libjson-c that the broker,
 * the webhook and the engine already use: its tokener takes a depth
 * limit and an explicit length. Which members mean what follows
 * libsinsp's Docker client, so the fields read as Falco's do.
 */
#include <arpa/inet.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inspect.h"
#include "rfc3339.h"

enum ctrinfo_status inspect_fail(struct inspect *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->why, sizeof(in->why), fmt, ap);
	va_end(ap);
	in->info.status = CTRINFO_FAILED;
	return CTRINFO_FAILED;
}

/* Whether header line [p, end) is `name: ...`; its value then. */
static const char *header_value(const char *p, const char *end,
				const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(end - p) <= n || strncasecmp(p, name, n) != 0 ||
	    p[n] != ':')
		return NULL;
	for (p += n + 1; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p;
}

/* A decimal length in [p, end), at most INSPECT_REPLY_MAX; -1 if not. */
static long length_value(const char *p, const char *end)
{
	long v = 0;

	if (p == end)
		return -1;
	for (; p < end && *p != ' ' && *p != '\t'; p++) {
		if (*p < '0' || *p > '9' || v > (long)INSPECT_REPLY_MAX)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= (long)INSPECT_REPLY_MAX ? v : -1;
}

/* One header line [p, eol): what the reply's framing needs from it. 0,
 * or -1 with in->why. */
static int read_header(struct inspect *in, const char *p, const char *eol,
		       long *clen, int *podman)
{
	const char *v = header_value(p, eol, "Content-Length");

	if (v) {
		*clen = length_value(v, eol);
		if (*clen < 0) {
			inspect_fail(in, "a bad Content-Length");
			return -1;
		}
	}
	v = header_value(p, eol, "Transfer-Encoding");
	if (v &&
	    ((size_t)(eol - v) != 8 || strncasecmp(v, "identity", 8) != 0)) {
		inspect_fail(in, "a Transfer-Encoding lanner does not read");
		return -1;
	}
	if (header_value(p, eol, "Libpod-Api-Version"))
		*podman = 1;
	return 0;
}

/* The status code of the status line at r (hend - r bytes to the blank
 * line), or -1 when it is not HTTP/1. */
static int status_code(const char *r, const char *hend)
{
	if (hend - r < 12 || memcmp(r, "HTTP/1.", 7) != 0 || r[8] != ' ' ||
	    r[9] < '1' || r[9] > '5' || r[10] < '0' || r[10] > '9' ||
	    r[11] < '0' || r[11] > '9')
		return -1;
	return (r[9] - '0') * 100 + (r[10] - '0') * 10 + r[11] - '0';
}

/* Splits the reply into status and body. 0, or -1 with in->why. */
static int http_split(struct inspect *in, const char *r, size_t len,
		      const char **body, size_t *blen, int *podman)
{
	size_t look = len < INSPECT_HEADERS_MAX ? len : INSPECT_HEADERS_MAX;
	const char *hend = memmem(r, look, "\r\n\r\n", 4);
	const char *p, *eol;
	long clen = -1;

	if (!hend) {
		inspect_fail(in, "no complete HTTP header in %zu bytes", len);
		return -1;
	}
	in->http_status = status_code(r, hend);
	if (in->http_status < 0) {
		inspect_fail(in, "not an HTTP/1 reply");
		return -1;
	}
	/* Each line ends in CRLF; the last one's is the blank line's start. */
	p = (const char *)memmem(r, (size_t)(hend - r) + 2, "\r\n", 2) + 2;
	for (; p < hend; p = eol + 2) {
		eol = memmem(p, (size_t)(hend - p) + 2, "\r\n", 2);
		if (read_header(in, p, eol, &clen, podman) < 0)
			return -1;
	}
	*body = hend + 4;
	*blen = len - (size_t)(*body - r);
	if (clen >= 0 && (size_t)clen != *blen) {
		inspect_fail(in, "a body of %zu bytes, not the %ld announced",
			     *blen, clen);
		return -1;
	}
	return 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct json_object *inspect_json(struct inspect *in, const char *body,
				 size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(INSPECT_JSON_DEPTH);
	struct json_object *root;
	enum json_tokener_error err;
	size_t used;

	if (!tok)
		return inspect_fail(in, "out of memory"), NULL;
	root = json_tokener_parse_ex(tok, body, (int)len);
	err = json_tokener_get_error(tok);
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root || err != json_tokener_success) {
		inspect_fail(in, "bad JSON at byte %zu: %s", used,
			     json_tokener_error_desc(err));
		json_object_put(root);
		return NULL;
	}
	while (used < len && blank(body[used]))
		used++;
	if (used < len || !json_object_is_type(root, json_type_object)) {
		inspect_fail(in, used < len ? "bytes after the JSON"
					    : "the body is not a JSON object");
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* Member key of object o, or NULL. */
struct json_object *inspect_member(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* The length of an array, 0 for anything else. */
size_t inspect_len(struct json_object *o)
{
	return o && json_object_is_type(o, json_type_array)
		   ? json_object_array_length(o)
		   : 0;
}

/* A string value within CTRINFO_STR_MAX and without NUL bytes, or NULL. */
const char *inspect_str(struct json_object *v)
{
	const char *s;

	if (!v || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (json_object_get_string_len(v) > CTRINFO_STR_MAX ||
	    strlen(s) != (size_t)json_object_get_string_len(v))
		return NULL;
	return s;
}

static const char *str_member(struct json_object *o, const char *key)
{
	return inspect_str(inspect_member(o, key));
}

static int bool_member(struct json_object *o, const char *key)
{
	struct json_object *v = inspect_member(o, key);

	return v && json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

/* Copies [p, p + n) into out (CTRINFO_STR_MAX + 1 bytes). */
static void put(char *out, const char *p, size_t n)
{
	if (n > CTRINFO_STR_MAX)
		n = CTRINFO_STR_MAX;
	memcpy(out, p, n);
	out[n] = '\0';
}

void inspect_split_image(const char *image, char *repo, char *tag, char *digest)
{
	const char *slash = strchr(image, '/');
	const char *rem = slash ? slash + 1 : image;
	const char *at = strchr(rem, '@');
	size_t end = at ? (size_t)(at - rem) : strlen(rem);
	const char *colon = memchr(rem, ':', end);
	size_t host = slash ? (size_t)(rem - image) : 0;

	put(digest, at ? at + 1 : "", at ? strlen(at + 1) : 0);
	put(tag, colon ? colon + 1 : "",
	    colon ? end - (size_t)(colon + 1 - rem) : 0);
	/* The host part ("localhost/", "registry:5000/") stays in front. */
	put(repo, image, host + (colon ? (size_t)(colon - rem) : end));
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The image id from Docker's "Image" ("sha256:HEX"), or NULL. */
static const char *image_id(struct inspect *in, const char *img)
{
	const char *colon = strchr(img, ':');
	const char *hex = colon ? colon + 1 : img;

	put(in->derived[INSPECT_IMAGE_ID], hex, strlen(hex));
	return *hex ? in->derived[INSPECT_IMAGE_ID] : NULL;
}

/* Image, image id, repository, tag and digest, as libsinsp reads them:
 * Docker's "Image" is the image id, Podman's may be its name (it has a
 * '/'). A container run by image id has no repository here. */
static void image_fields(struct inspect *in, struct json_object *root)
{
	const char *image = str_member(inspect_member(root, "Config"), "Image");
	const char *img = str_member(root, "Image");
	const char **s = in->info.str;
	const char *ref = image, *id;

	s[CTRINFO_IMAGE] = image;
	if (img && strchr(img, '/')) {
		ref = img;
	} else if (img) {
		id = s[CTRINFO_IMAGE_ID] = image_id(in, img);
		if (!image || (id && starts_with(id, image)) ||
		    starts_with(img, image))
			ref = NULL;
	}
	if (ref) {
		inspect_split_image(ref, in->derived[INSPECT_REPO],
				    in->derived[INSPECT_TAG],
				    in->derived[INSPECT_DIGEST]);
		s[CTRINFO_REPO] = in->derived[INSPECT_REPO];
		if (in->derived[INSPECT_DIGEST][0])
			s[CTRINFO_DIGEST] = in->derived[INSPECT_DIGEST];
	}
	if (ref || img)
		s[CTRINFO_TAG] = in->derived[INSPECT_TAG][0]
				     ? in->derived[INSPECT_TAG]
				     : "latest";
}

/* The primary IPv4 address: NetworkSettings.IPAddress, else the first
 * network's. */
static void ip_field(struct inspect *in, struct json_object *root)
{
	struct json_object *net = inspect_member(root, "NetworkSettings");
	struct json_object *nets = inspect_member(net, "Networks");
	const char *ip = str_member(net, "IPAddress");
	struct in_addr a;

	if ((!ip || !*ip) && nets &&
	    json_object_is_type(nets, json_type_object)) {
		json_object_object_foreach(nets, name, v)
		{
			(void)name;
			ip = str_member(v, "IPAddress");
			if (ip && *ip)
				break;
		}
	}
	if (ip && inet_pton(AF_INET, ip, &a) == 1) {
		put(in->derived[INSPECT_IP], ip, strlen(ip));
		in->info.str[CTRINFO_IP] = in->derived[INSPECT_IP];
	}
}

static void mounts_field(struct inspect *in, struct json_object *root)
{
	struct json_object *mounts = inspect_member(root, "Mounts");
	size_t n = inspect_len(mounts);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(mounts, i);
		struct ctrinfo_mount *mt;

		if (!json_object_is_type(o, json_type_object))
			continue;
		if (!(mt = inspect_mount(in)))
			continue;
		mt->source = str_member(o, "Source");
		mt->dest = str_member(o, "Destination");
		mt->mode = str_member(o, "Mode");
		mt->propagation = str_member(o, "Propagation");
		mt->rw = bool_member(o, "RW");
	}
}

static void label_fields(struct inspect *in, struct json_object *root)
{
	static const struct {
		enum ctrinfo_str str;
		const char *label;
	} labels[] = {
	    {CTRINFO_POD_NAME, "io.kubernetes.pod.name"},
	    {CTRINFO_POD_NS, "io.kubernetes.pod.namespace"},
	    {CTRINFO_POD_UID, "io.kubernetes.pod.uid"},
	    {CTRINFO_SANDBOX, "io.kubernetes.sandbox.id"},
	};
	struct json_object *l =
	    inspect_member(inspect_member(root, "Config"), "Labels");

	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		in->info.str[labels[i].str] = str_member(l, labels[i].label);
}

static void fields(struct inspect *in, struct json_object *root)
{
	const char *name = str_member(root, "Name");
	const char *started =
	    str_member(inspect_member(root, "State"), "StartedAt");

	in->info.str[CTRINFO_NAME] = name && *name == '/' ? name + 1 : name;
	image_fields(in, root);
	ip_field(in, root);
	mounts_field(in, root);
	label_fields(in, root);
	in->info.privileged =
	    bool_member(inspect_member(root, "HostConfig"), "Privileged");
	in->info.start_ns = rfc3339_parse_ns(started);
	if (!in->info.start_ns)
		in->info.start_ns =
		    rfc3339_parse_ns(str_member(root, "Created"));
}

enum ctrinfo_status inspect_parse(struct inspect *in, const char *id,
				  const char *reply, size_t len)
{
	const char *body;
	size_t blen;
	int podman = 0;

	inspect_begin(in, id);
	if (len > INSPECT_REPLY_MAX)
		return inspect_fail(in, "a reply over %u bytes",
				    INSPECT_REPLY_MAX);
	if (http_split(in, reply, len, &body, &blen, &podman) < 0)
		return CTRINFO_FAILED;
	in->info.str[CTRINFO_RUNTIME] = podman ? "podman" : "docker";
	if (in->http_status == 404)
		return in->info.status = CTRINFO_NO_SUCH;
	if (in->http_status != 200)
		return inspect_fail(in, "HTTP status %d", in->http_status);
	in->root = inspect_json(in, body, blen);
	if (!in->root)
		return CTRINFO_FAILED;
	fields(in, in->root);
	return in->info.status = CTRINFO_FOUND;
}

void inspect_begin(struct inspect *in, const char *id)
{
	memset(&in->info, 0, sizeof(in->info));
	in->root = NULL;
	in->http_status = 0;
	in->mounts_cut = 0;
	in->why[0] = '\0';
	for (int i = 0; i < INSPECT_DERIVED; i++)
		in->derived[i][0] = '\0';
	in->nstrs = 0;
	in->info.id = id;
}

const char *inspect_keep(struct inspect *in, const void *p, size_t n)
{
	char *s = in->strs + in->nstrs;

	if (n > CTRINFO_STR_MAX || n >= sizeof(in->strs) - in->nstrs ||
	    memchr(p, '\0', n))
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	in->nstrs += n + 1;
	return s;
}

struct ctrinfo_mount *inspect_mount(struct inspect *in)
{
	struct ctrinfo_mount *mt;

	if (in->info.nmounts == CTRINFO_MOUNTS_MAX) {
		in->mounts_cut++;
		return NULL;
	}
	mt = &in->info.mounts[in->info.nmounts++];
	memset(mt, 0, sizeof(*mt));
	return mt;
}

enum ctrinfo_status inspect_reply(struct inspect *in, const char *api,
				  const char *id, const char *reply, size_t len,
				  unsigned streams)
{
	if (strcmp(api, "containerd") == 0)
		return containerd_parse(in, id, (const uint8_t *)reply, len,
					streams);
	if (strcmp(api, "cri") == 0)
		return cri_parse(in, id, (const uint8_t *)reply, len);
	return inspect_parse(in, id, reply, len);
}

void inspect_done(struct inspect *in)
{
	json_object_put(in->root);
	in->root = NULL;
}

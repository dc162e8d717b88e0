/*
 * The parsers of what a container runtime sends lanner-containers, into
 * a struct ctrinfo: here the raw HTTP/1.x reply to GET
 * /containers/ID/json (Docker's API, which Podman's service also
 * speaks), its headers and its JSON body; containerd.c containerd's gRPC
 * reply. Everything in them is untrusted and bounded
 * (tests/fuzz/fuzz_inspect.c), and both share the helpers below.
 */
#ifndef LNR_INSPECT_H
#define LNR_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#include "ctrinfo.h"

#define INSPECT_REPLY_MAX (512u << 10)	/* the whole reply, bytes */
#define INSPECT_HEADERS_MAX (16u << 10) /* status line and headers */
#define INSPECT_JSON_DEPTH 32		/* nesting of arrays and objects */
#define INSPECT_STRS (16u << 10)	/* strings copied out of a reply */

/* Strings made from the reply rather than found in its JSON. */
enum inspect_derived {
	INSPECT_IMAGE_ID,
	INSPECT_REPO,
	INSPECT_TAG,
	INSPECT_DIGEST,
	INSPECT_IP,
	INSPECT_DERIVED
};

struct json_object;

/* One reply's parse: info's strings point into the JSON tree or into
 * derived, so they live until inspect_done. */
struct inspect {
	struct ctrinfo info;
	struct json_object *root;
	int http_status;
	unsigned mounts_cut; /* mounts beyond CTRINFO_MOUNTS_MAX */
	char why[160];	     /* the reason of a CTRINFO_FAILED */
	char derived[INSPECT_DERIVED][CTRINFO_STR_MAX + 1];
	char strs[INSPECT_STRS]; /* inspect_keep's copies */
	size_t nstrs;
};

/*
 * Parses reply[0..len) for container id into in->info: CTRINFO_FOUND with
 * the metadata, CTRINFO_NO_SUCH for a 404, else CTRINFO_FAILED with the
 * reason in in->why. Strings the reply holds that exceed CTRINFO_STR_MAX
 * are left out. Call inspect_done afterwards in every case.
 */
enum ctrinfo_status inspect_parse(struct inspect *in, const char *id,
				  const char *reply, size_t len);
void inspect_done(struct inspect *in);

/* What a runtime's answer means for the lookup of id, by its API (the
 * broker names it: "docker" for Docker's and Podman's, "containerd",
 * "cri");
 * streams: how many requests a containerd reply answers. */
enum ctrinfo_status inspect_reply(struct inspect *in, const char *api,
				  const char *id, const char *reply, size_t len,
				  unsigned streams);

/* containerd.c: containerd's reply to Containers/Get, asked in `streams`
 * namespaces at once (HTTP/2 streams 1, 3, ...): the first that knows
 * the container answers; none: CTRINFO_NO_SUCH. */
enum ctrinfo_status containerd_parse(struct inspect *in, const char *id,
				     const uint8_t *reply, size_t len,
				     unsigned streams);
/* cri.c: cri-o's reply to the CRI's ContainerStatus (verbose). */
enum ctrinfo_status cri_parse(struct inspect *in, const char *id,
			      const uint8_t *reply, size_t len);
/* grpc.c: whether an HTTP/2 reply is all there (every stream ended),
 * read as it grows: scan is zeroed for each new reply. */
struct h2_scan;
int grpc_complete(struct h2_scan *scan, const uint8_t *reply, size_t len,
		  unsigned streams);

/* Shared by the parsers: a fresh parse for id; a failure with its reason
 * (CTRINFO_FAILED); a JSON object of at most INSPECT_JSON_DEPTH levels
 * (NULL after inspect_fail); a member of an object; the length of an
 * array (0 for anything else); a string value
 * within CTRINFO_STR_MAX with no NUL; n bytes copied into in->strs and
 * terminated (NULL when they hold a NUL, exceed CTRINFO_STR_MAX or do not
 * fit). */
void inspect_begin(struct inspect *in, const char *id);
enum ctrinfo_status inspect_fail(struct inspect *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct json_object *inspect_json(struct inspect *in, const char *body,
				 size_t len);
struct json_object *inspect_member(struct json_object *o, const char *key);
size_t inspect_len(struct json_object *o);
const char *inspect_str(struct json_object *v);
const char *inspect_keep(struct inspect *in, const void *p, size_t n);
/* The next mount of in->info, cleared, or NULL (counted in mounts_cut)
 * past CTRINFO_MOUNTS_MAX. */
struct ctrinfo_mount *inspect_mount(struct inspect *in);

/* Image reference "host:port/repo/name:tag@digest" split as libsinsp
 * does: repository (host and path), tag, digest; each into a buffer of
 * CTRINFO_STR_MAX + 1 bytes, "" when absent. */
void inspect_split_image(const char *image, char *repo, char *tag,
			 char *digest);

#endif

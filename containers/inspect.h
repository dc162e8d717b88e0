/*
 * The one parser of what a container runtime sends lanner-containers:
 * the raw HTTP/1.x reply to GET /containers/ID/json (Docker's API, which
 * Podman's service also speaks), its headers and its JSON body, read into
 * a struct ctrinfo. Everything in it is untrusted and bounded here
 * (tests/fuzz/fuzz_inspect.c).
 */
#ifndef LNR_INSPECT_H
#define LNR_INSPECT_H

#include <stddef.h>

#include "ctrinfo.h"

#define INSPECT_REPLY_MAX (512u << 10)	/* the whole reply, bytes */
#define INSPECT_HEADERS_MAX (16u << 10) /* status line and headers */
#define INSPECT_JSON_DEPTH 32		/* nesting of arrays and objects */
#define INSPECT_DERIVED 5 /* image id, repository, tag, digest, address */

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

/* Image reference "host:port/repo/name:tag@digest" split as libsinsp
 * does: repository (host and path), tag, digest; each into a buffer of
 * CTRINFO_STR_MAX + 1 bytes, "" when absent. */
void inspect_split_image(const char *image, char *repo, char *tag,
			 char *digest);

#endif

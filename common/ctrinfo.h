/*
 * What a container runtime said about one container, as it travels from
 * lanner-containers through the broker to the engine (MSG_CONTAINER_INFO
 * body). The decoder is strict: every string within CTRINFO_STR_MAX, at
 * most CTRINFO_MOUNTS_MAX mounts, nothing left over. Strings point into
 * the message (or, when encoding, into the caller's storage).
 */
#ifndef LNR_CTRINFO_H
#define LNR_CTRINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "msg.h"

#define CTRINFO_ID_MAX 64     /* hex digits of a container id */
#define CTRINFO_STR_MAX 1024  /* bytes of one string, NUL excluded */
#define CTRINFO_MOUNTS_MAX 64 /* mounts of one container */
/* containerd namespaces one lookup asks in at once */
#define CTRINFO_NAMESPACES_MAX 8

/* Whether the runtime knew the container. */
enum ctrinfo_status {
	CTRINFO_FOUND,
	CTRINFO_NO_SUCH,    /* the runtime answered: no such container */
	CTRINFO_FAILED,	    /* asked, but no usable answer came */
	CTRINFO_NO_RUNTIME, /* no runtime socket could be asked */
	CTRINFO_STATUS_COUNT
};

/* The strings, in wire order: X(ID, name). */
#define CTRINFO_STRINGS(X)                                                     \
	X(RUNTIME, runtime)   /* "docker" or "podman": who answered */         \
	X(NAME, name)	      /* without Docker's leading '/' */               \
	X(IMAGE, image)	      /* as the container was created from */          \
	X(IMAGE_ID, image_id) /* hex digits, without "sha256:" */              \
	X(REPO, repository)   /* image without tag and digest */               \
	X(TAG, tag)                                                            \
	X(DIGEST, digest)	 /* "sha256:..." when the image names one */   \
	X(IP, ip)		 /* IPv4, dotted */                            \
	X(POD_NAME, pod_name)	 /* label io.kubernetes.pod.name */            \
	X(POD_NS, pod_namespace) /* io.kubernetes.pod.namespace */             \
	X(POD_UID, pod_uid)	 /* io.kubernetes.pod.uid */                   \
	X(SANDBOX, sandbox_id)	 /* io.kubernetes.sandbox.id */

enum ctrinfo_str {
#define CTRINFO_ENUM(id, name) CTRINFO_##id,
	CTRINFO_STRINGS(CTRINFO_ENUM)
#undef CTRINFO_ENUM
	    CTRINFO_NSTR
};

struct ctrinfo_mount {
	const char *source, *dest, *mode, *propagation;
	bool rw;
};

struct ctrinfo {
	const char *id; /* as the engine asked for it */
	enum ctrinfo_status status;
	const char *str[CTRINFO_NSTR]; /* NULL or "" when unknown */
	bool privileged;
	uint64_t start_ns; /* ns since the epoch, 0 when unknown */
	uint32_t nmounts;
	struct ctrinfo_mount mounts[CTRINFO_MOUNTS_MAX];
};

/* The name of string i ("image_id"), for logs and tests. */
const char *ctrinfo_str_name(enum ctrinfo_str i);
/* Whether id is 1 to CTRINFO_ID_MAX lowercase hex digits. */
bool ctrinfo_id_ok(const char *id);

/* Adds info to a message being built; an overflow is m's, as usual. */
void ctrinfo_encode(struct msg_out *m, const struct ctrinfo *info);
/* Reads the whole rest of m into info: 0, or -EPROTO when anything is
 * malformed or out of bounds (info is then unusable). */
int ctrinfo_decode(struct msg_in *m, struct ctrinfo *info);

#endif

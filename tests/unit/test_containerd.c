/*
 * lanner-containers' reader of containerd's gRPC replies
 * (containers/containerd.c, h2.c, pb.c) on replies framed as containerd
 * sends them: HTTP/2 frames on streams 1 and 3 (one namespace each),
 * gRPC messages in DATA frames (split, padded), status in trailers; and
 * on broken ones. And the request the broker writes (broker/ctrreq.c)
 * read back as a server would: its frames and the id in its message.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "containers/grpc.h"
#include "containers/h2.h"
#include "containers/inspect.h"
#include "containers/pb.h"

#define ID "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"

int ctrreq_containerd(uint8_t *buf, size_t cap, const char *id,
		      const char *const *ns, size_t nns);
int ctrreq_cri(uint8_t *buf, size_t cap, const char *id);

static struct inspect in;
static uint8_t reply[1 << 16];
static size_t rlen;

struct buf {
	uint8_t p[8192];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void varint(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		b->p[b->n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	b->p[b->n++] = (uint8_t)v;
}

static void field_bytes(struct buf *b, uint32_t f, const void *p, size_t n)
{
	varint(b, (uint64_t)f << 3 | 2);
	varint(b, n);
	put(b, p, n);
}

static void field_str(struct buf *b, uint32_t f, const char *s)
{
	field_bytes(b, f, s, strlen(s));
}

/* A map<string, string> entry of field f. */
static void map_entry(struct buf *c, uint32_t f, const char *k, const char *v)
{
	struct buf e = {.n = 0};

	field_str(&e, 1, k);
	field_str(&e, 2, v);
	field_bytes(c, f, e.p, e.n);
}

/* containerd's Container labels (field 2). */
static void label(struct buf *c, const char *k, const char *v)
{
	map_entry(c, 2, k, v);
}

static void frame(uint8_t type, uint8_t flags, uint32_t stream, const void *p,
		  size_t n)
{
	uint8_t h[9] = {(uint8_t)(n >> 16),
			(uint8_t)(n >> 8),
			(uint8_t)n,
			type,
			flags,
			(uint8_t)(stream >> 24),
			(uint8_t)(stream >> 16),
			(uint8_t)(stream >> 8),
			(uint8_t)stream};

	memcpy(reply + rlen, h, 9);
	memcpy(reply + rlen + 9, p, n);
	rlen += 9 + n;
}

/* GetContainerResponse for id with this spec, as a gRPC message. */
static size_t response(struct buf *msg, const char *id, const char *spec)
{
	struct buf c = {.n = 0}, any = {.n = 0}, ts = {.n = 0}, r = {.n = 0};

	field_str(&c, 1, id);
	label(&c, "io.kubernetes.pod.name", "web-1");
	label(&c, "io.kubernetes.pod.namespace", "shop");
	label(&c, "other", "x");
	field_str(&c, 3, "registry.example:5000/team/web:2.1");
	field_str(&any, 1,
		  "types.containerd.io/opencontainers/"
		  "runtime-spec/1/Spec");
	field_str(&any, 2, spec);
	field_bytes(&c, 5, any.p, any.n);
	varint(&ts, 1 << 3);
	varint(&ts, 1700000000);
	varint(&ts, 2 << 3);
	varint(&ts, 5);
	field_bytes(&c, 8, ts.p, ts.n);
	field_bytes(&r, 1, c.p, c.n);
	msg->n = 0;
	msg->p[msg->n++] = 0;
	msg->p[msg->n++] = (uint8_t)(r.n >> 24);
	msg->p[msg->n++] = (uint8_t)(r.n >> 16);
	msg->p[msg->n++] = (uint8_t)(r.n >> 8);
	msg->p[msg->n++] = (uint8_t)r.n;
	put(msg, r.p, r.n);
	return msg->n;
}

static const char plain_spec[] =
    "{\"process\": {\"apparmorProfile\": \"cri-containerd.apparmor.d\"},"
    " \"linux\": {\"maskedPaths\": [\"/proc/kcore\"],"
    " \"rootfsPropagation\": \"rslave\"},"
    " \"mounts\": [{\"destination\": \"/data\", \"type\": \"bind\","
    " \"source\": \"/srv/data\", \"options\": [\"rbind\", \"ro\"]},"
    " {\"destination\": \"/dev/shm\", \"type\": \"tmpfs\", \"source\":"
    " \"shm\", \"options\": [\"mode=1777\"]}],"
    " \"annotations\": {\"io.kubernetes.cri.sandbox-id\": \"5b1f\"}}";

/* Stream 1 (k8s.io) has no such container; stream 3 answers, its
 * message split over two DATA frames, the second padded. */
static void two_namespaces(const char *id, const char *spec)
{
	static const uint8_t settings[6] = {0, 4, 0, 0, 0xff, 0xff};
	static const uint8_t headers[3] = {0x88, 0x5f, 0x10};
	struct buf msg;
	uint8_t padded[4096];
	size_t n = response(&msg, id, spec), half = n / 2;

	rlen = 0;
	frame(0x4, 0, 0, settings, sizeof(settings));
	frame(0x1, 0x4, 1, headers, sizeof(headers));
	frame(0x1, 0x5, 1, headers, sizeof(headers)); /* trailers */
	frame(0x1, 0x4, 3, headers, sizeof(headers));
	frame(0x0, 0, 3, msg.p, half);
	padded[0] = 3;
	memcpy(padded + 1, msg.p + half, n - half);
	memset(padded + 1 + n - half, 0, 3);
	frame(0x0, 0x8, 3, padded, 1 + n - half + 3);
	frame(0x1, 0x5, 3, headers, sizeof(headers));
}

static int streq(const char *got, const char *want)
{
	if (got && want && strcmp(got, want) == 0)
		return 1;
	fprintf(stderr, "got '%s', want '%s'\n", got ? got : "(null)",
		want ? want : "(null)");
	return 0;
}

/* Whether a reply is all there, read whole and read a byte at a time as
 * a lookup reads it (the scan goes on from where it was): both agree. */
static int complete(const uint8_t *r, size_t len, unsigned streams)
{
	struct h2_scan whole = {0}, grown = {0};
	int done = 0;

	for (size_t n = 0; n <= len && !done; n++)
		done = grpc_complete(&grown, r, n, streams);
	CHECK(done == grpc_complete(&whole, r, len, streams));
	return done;
}

static void test_found(void)
{
	const struct ctrinfo *i = &in.info;

	two_namespaces(ID, plain_spec);
	CHECK(complete(reply, rlen, 2));
	CHECK(!complete(reply, rlen - 1, 2));
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_FOUND);
	CHECK(streq(i->str[CTRINFO_RUNTIME], "containerd"));
	CHECK(streq(i->str[CTRINFO_NAME], "3ad7b26ded6d"));
	CHECK(
	    streq(i->str[CTRINFO_IMAGE], "registry.example:5000/team/web:2.1"));
	CHECK(streq(i->str[CTRINFO_REPO], "registry.example:5000/team/web"));
	CHECK(streq(i->str[CTRINFO_TAG], "2.1"));
	CHECK(streq(i->str[CTRINFO_POD_NAME], "web-1"));
	CHECK(streq(i->str[CTRINFO_POD_NS], "shop"));
	CHECK(streq(i->str[CTRINFO_SANDBOX], "5b1f"));
	CHECK(i->start_ns == 1700000000000000005ull);
	CHECK(!i->privileged);
	CHECK(i->nmounts == 2);
	CHECK(streq(i->mounts[0].dest, "/data") &&
	      streq(i->mounts[0].source, "/srv/data") && !i->mounts[0].rw &&
	      streq(i->mounts[0].propagation, "rslave"));
	CHECK(i->mounts[1].rw && streq(i->mounts[1].mode, "1777"));
	inspect_done(&in);
}

static void test_privileged(void)
{
	static const char open_spec[] =
	    "{\"process\": {}, \"linux\": {}, \"mounts\": [{\"destination\":"
	    " \"/sys\", \"type\": \"sysfs\", \"options\": [\"rw\"]}]}";
	static const char ro_sys[] =
	    "{\"process\": {}, \"linux\": {}, \"mounts\": [{\"destination\":"
	    " \"/sys\", \"type\": \"sysfs\", \"options\": [\"ro\"]}]}";
	static const char seccomp[] =
	    "{\"process\": {}, \"linux\": {\"seccomp\": {}}}";

	two_namespaces(ID, open_spec);
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_FOUND);
	CHECK(in.info.privileged);
	inspect_done(&in);
	two_namespaces(ID, ro_sys);
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_FOUND);
	CHECK(!in.info.privileged);
	inspect_done(&in);
	two_namespaces(ID, seccomp);
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_FOUND);
	CHECK(!in.info.privileged);
	inspect_done(&in);
}

static void test_not_found(void)
{
	static const uint8_t headers[1] = {0x88};

	rlen = 0;
	frame(0x1, 0x5, 1, headers, 1);
	frame(0x3, 0, 3, "\0\0\0\x05", 4); /* RST_STREAM */
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_NO_SUCH);
	inspect_done(&in);
	/* A GOAWAY ends every stream. */
	rlen = 0;
	frame(0x7, 0, 0, "\0\0\0\0\0\0\0\0", 8);
	CHECK(containerd_parse(&in, ID, reply, rlen, 2) == CTRINFO_NO_SUCH);
	inspect_done(&in);
}

static enum ctrinfo_status broken(const char *why)
{
	enum ctrinfo_status st = containerd_parse(&in, ID, reply, rlen, 2);

	if (st == CTRINFO_FAILED && !strstr(in.why, why))
		fprintf(stderr, "why '%s', want '%s'\n", in.why, why);
	CHECK(st == CTRINFO_FAILED && strstr(in.why, why));
	inspect_done(&in);
	return st;
}

static void test_broken(void)
{
	struct buf msg;
	size_t n;

	two_namespaces(ID, plain_spec);
	rlen -= 12; /* the trailers cut */
	broken("ends early");
	two_namespaces(
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    plain_spec);
	broken("another container");
	two_namespaces(ID, "{\"mounts\": [");
	broken("bad JSON");
	/* Compressed, and a length that is not the message's. */
	n = response(&msg, ID, plain_spec);
	msg.p[0] = 1;
	rlen = 0;
	frame(0x0, 0x1, 1, msg.p, n);
	frame(0x1, 0x5, 3, "\x88", 1);
	broken("not an uncompressed");
	msg.p[0] = 0;
	msg.p[4]++;
	rlen = 0;
	frame(0x0, 0x1, 1, msg.p, n);
	frame(0x1, 0x5, 3, "\x88", 1);
	broken("a gRPC message of");
	/* The runtime ends the connection with an error. */
	rlen = 0;
	frame(0x7, 0, 0, "\0\0\0\0\0\0\0\x0b", 8); /* ENHANCE_YOUR_CALM */
	broken("HTTP/2 error 11");
	/* Padding longer than the frame. */
	rlen = 0;
	frame(0x0, 0x9, 1, "\x09xyz", 4);
	frame(0x1, 0x5, 3, "\x88", 1);
	broken("malformed HTTP/2");
	/* A truncated protobuf: a length past the end. */
	msg.n = 0;
	msg.p[msg.n++] = 0;
	memcpy(msg.p + msg.n, "\0\0\0\x03\x0a\x7f\x01", 7);
	msg.n += 7;
	rlen = 0;
	frame(0x0, 0x1, 1, msg.p, msg.n);
	frame(0x1, 0x5, 3, "\x88", 1);
	broken("malformed Container");
}

static void test_pb(void)
{
	static const uint8_t long_varint[11] = {
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
	static const uint8_t group[2] = {0x0b, 0x00}; /* wire type 3 */
	struct pb b = pb_of(long_varint, sizeof(long_varint));
	uint32_t f;
	enum pb_wire w;

	pb_varint(&b);
	CHECK(b.err);
	b = pb_of(group, sizeof(group));
	CHECK(!pb_next(&b, &f, &w) && b.err);
}

/* The broker's request, read as containerd would: preface, SETTINGS,
 * WINDOW_UPDATE, then per namespace HEADERS and a DATA frame ending its
 * stream with GetContainerRequest{id}. */
static void test_request(void)
{
	static const char *const ns[] = {"k8s.io", "default"};
	static uint8_t req[4096], data[256];
	int n = ctrreq_containerd(req, sizeof(req), ID, ns, 2);
	const uint8_t *frames = req + 24;
	size_t flen = (size_t)n - 24;
	long d;

	CHECK(n > 24 &&
	      memcmp(req, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24) == 0);
	CHECK(h2_complete(frames, flen, 2, &(const char *){0}) == 1);
	d = h2_data(frames, flen, 3, data, sizeof(data));
	CHECK(d == 5 + 2 + 64);
	CHECK(data[0] == 0 && data[4] == 66 && data[5] == 0x0a &&
	      data[6] == 64 && memcmp(data + 7, ID, 64) == 0);
	CHECK(memmem(req, (size_t)n, "containerd-namespace", 20) != NULL);
	CHECK(memmem(req, (size_t)n, "default", 7) != NULL);
	CHECK(ctrreq_containerd(req, 64, ID, ns, 2) < 0);
	/* CRI: ContainerStatusRequest { container_id, verbose = true }. */
	n = ctrreq_cri(req, sizeof(req), ID);
	frames = req + 24;
	flen = (size_t)n - 24;
	d = h2_data(frames, flen, 1, data, sizeof(data));
	CHECK(d == 5 + 2 + 64 + 2 && data[4] == 68 &&
	      memcmp(data + 7, ID, 64) == 0 && data[71] == 0x10 &&
	      data[72] == 1);
	CHECK(memmem(req, (size_t)n, "RuntimeService/ContainerStatus", 30));
}

static void varint_field(struct buf *b, uint32_t f, uint64_t v)
{
	varint(b, (uint64_t)f << 3);
	varint(b, v);
}

/* cri-o's ContainerStatusResponse for ID: image given by id, its
 * repository and digest in image_ref, the name in the runtime's
 * annotations; two mounts; the verbose info's JSON. */
static void cri_reply(const char *id, const char *info)
{
	struct buf st = {.n = 0}, r = {.n = 0}, sub = {.n = 0}, msg = {.n = 0};

	field_str(&st, 1, id);
	field_str(&sub, 1, "web");
	field_bytes(&st, 2, sub.p, sub.n);
	varint_field(&st, 4, 1700000000123456789ull);
	sub.n = 0;
	field_str(&sub, 1, "sha256:4e1b");
	field_bytes(&st, 8, sub.p, sub.n);
	field_str(&st, 9, "quay.example/team/web@sha256:4e1b");
	map_entry(&st, 12, "io.kubernetes.pod.name", "web-0");
	map_entry(&st, 12, "io.kubernetes.pod.namespace", "shop");
	sub.n = 0;
	field_str(&sub, 1, "/data");
	field_str(&sub, 2, "/srv/data");
	varint_field(&sub, 3, 1);
	varint_field(&sub, 5, 1);
	field_bytes(&st, 14, sub.p, sub.n);
	sub.n = 0;
	field_str(&sub, 1, "/etc/hosts");
	field_str(&sub, 2, "/var/run/hosts");
	field_bytes(&st, 14, sub.p, sub.n);
	field_bytes(&r, 1, st.p, st.n);
	map_entry(&r, 2, "info", info);
	msg.p[msg.n++] = 0;
	msg.p[msg.n++] = (uint8_t)(r.n >> 24);
	msg.p[msg.n++] = (uint8_t)(r.n >> 16);
	msg.p[msg.n++] = (uint8_t)(r.n >> 8);
	msg.p[msg.n++] = (uint8_t)r.n;
	put(&msg, r.p, r.n);
	rlen = 0;
	frame(0x1, 0x4, 1, "\x88", 1);
	frame(0x0, 0, 1, msg.p, msg.n);
	frame(0x1, 0x5, 1, "\x88", 1);
}

static void test_cri(void)
{
	static const char info[] =
	    "{\"privileged\": false, \"runtimeSpec\": {\"annotations\": "
	    "{\"io.kubernetes.cri-o.ImageName\": \"quay.example/team/"
	    "web:3\"}, \"linux\": {\"security_context\": {\"privileged\":"
	    " true}}}}";
	const struct ctrinfo *i = &in.info;

	cri_reply(ID, info);
	CHECK(complete(reply, rlen, 1));
	CHECK(cri_parse(&in, ID, reply, rlen) == CTRINFO_FOUND);
	CHECK(streq(i->str[CTRINFO_RUNTIME], "cri-o"));
	CHECK(streq(i->str[CTRINFO_NAME], "web"));
	CHECK(streq(i->str[CTRINFO_IMAGE], "quay.example/team/web"));
	CHECK(streq(i->str[CTRINFO_REPO], "quay.example/team/web"));
	CHECK(streq(i->str[CTRINFO_DIGEST], "sha256:4e1b"));
	CHECK(streq(i->str[CTRINFO_POD_NAME], "web-0"));
	CHECK(streq(i->str[CTRINFO_POD_NS], "shop"));
	CHECK(i->start_ns == 1700000000123456789ull);
	/* The runtime spec's security context wins over cri-o's flag. */
	CHECK(i->privileged);
	CHECK(i->nmounts == 2);
	CHECK(streq(i->mounts[0].dest, "/data") && !i->mounts[0].rw &&
	      streq(i->mounts[0].propagation, "rslave"));
	CHECK(streq(i->mounts[1].source, "/var/run/hosts") && i->mounts[1].rw &&
	      streq(i->mounts[1].propagation, "private"));
	inspect_done(&in);
	/* Only cri-o's flag. */
	cri_reply(ID, "{\"privileged\": false}");
	CHECK(cri_parse(&in, ID, reply, rlen) == CTRINFO_FOUND);
	CHECK(!in.info.privileged);
	inspect_done(&in);
	/* No such container: trailers only. */
	rlen = 0;
	frame(0x1, 0x5, 1, "\x88", 1);
	CHECK(cri_parse(&in, ID, reply, rlen) == CTRINFO_NO_SUCH);
	inspect_done(&in);
	cri_reply("00000000000000000000000000000000000000000000000000000000"
		  "00000000",
		  "{}");
	CHECK(cri_parse(&in, ID, reply, rlen) == CTRINFO_FAILED);
	inspect_done(&in);
}

int main(void)
{
	test_found();
	test_privileged();
	test_not_found();
	test_broken();
	test_pb();
	test_request();
	test_cri();
	return check_done();
}

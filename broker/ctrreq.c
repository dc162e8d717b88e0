/*
 * The requests the broker writes on a connection to a container runtime
 * before relaying the reply to lanner-containers, which only reads:
 * Docker's (and Podman's) GET /containers/ID/json; containerd's gRPC
 * Containers/Get over HTTP/2, asked in several namespaces at once, one
 * stream each; cri-o's CRI RuntimeService/ContainerStatus. Fixed
 * formats filled with checked values: the id is hex,
 * the namespaces were checked against containerd's rules.
 *
 * The HTTP/2 part (RFC 9113, RFC 7541): the client preface; SETTINGS
 * turning off server push and opening each stream's window to
 * CTRREQ_WINDOW; a WINDOW_UPDATE opening the connection's as wide; then
 * per namespace a HEADERS frame (every field a literal without indexing,
 * so no table is needed) and a DATA frame ending the stream with the
 * gRPC message: a 0 byte, its length in 4 bytes, and the protobuf
 * GetContainerRequest { string id = 1 }.
 */
#include <stdio.h>
#include <string.h>

#include "broker.h"

#define CTRREQ_WINDOW (1u << 20)
#define H2_DATA 0x0
#define H2_HEADERS 0x1
#define H2_SETTINGS 0x4
#define H2_WINDOW_UPDATE 0x8
#define H2_END_STREAM 0x1
#define H2_END_HEADERS 0x4

struct out {
	uint8_t *p;
	size_t len, cap;
	int overflow;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (n > o->cap - o->len) {
		o->overflow = 1;
		return;
	}
	memcpy(o->p + o->len, p, n);
	o->len += n;
}

static void put_u8(struct out *o, unsigned v)
{
	uint8_t b = (uint8_t)v;

	put(o, &b, 1);
}

static void put_be(struct out *o, uint32_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		put_u8(o, (v >> (8 * i)) & 0xff);
}

static void frame_header(struct out *o, size_t len, unsigned type,
			 unsigned flags, uint32_t stream)
{
	put_be(o, (uint32_t)len, 3);
	put_u8(o, type);
	put_u8(o, flags);
	put_be(o, stream, 4);
}

/* An HPACK string: length with a 7-bit prefix, no Huffman coding. */
static void hpack_str(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (n < 127) {
		put_u8(o, (unsigned)n);
	} else {
		put_u8(o, 127);
		for (n -= 127; n >= 128; n >>= 7)
			put_u8(o, (n & 0x7f) | 0x80);
		put_u8(o, (unsigned)n);
	}
	put(o, s, strlen(s));
}

/* A literal header field without indexing, with a new name. */
static void hpack_field(struct out *o, const char *name, const char *value)
{
	put_u8(o, 0x00);
	hpack_str(o, name);
	hpack_str(o, value);
}

/* One call on a stream: HEADERS for path (with containerd's namespace
 * header when ns is set), then DATA ending the stream with the gRPC
 * message: a request whose field 1 is the id (at most 64 hex digits, so
 * one-byte lengths), followed by `extra` bytes of further fields. */
static void call(struct out *o, uint32_t stream, const char *path,
		 const char *ns, const char *id, const uint8_t *extra,
		 size_t nextra)
{
	uint8_t block[512];
	struct out h = {block, 0, sizeof(block), 0};
	size_t idlen = strlen(id), mlen = 2 + idlen + nextra;

	hpack_field(&h, ":method", "POST");
	hpack_field(&h, ":scheme", "http");
	hpack_field(&h, ":path", path);
	hpack_field(&h, ":authority", "localhost");
	hpack_field(&h, "content-type", "application/grpc");
	hpack_field(&h, "te", "trailers");
	if (ns)
		hpack_field(&h, "containerd-namespace", ns);
	if (h.overflow) {
		o->overflow = 1;
		return;
	}
	frame_header(o, h.len, H2_HEADERS, H2_END_HEADERS, stream);
	put(o, block, h.len);
	frame_header(o, 5 + mlen, H2_DATA, H2_END_STREAM, stream);
	put_u8(o, 0);
	put_be(o, (uint32_t)mlen, 4);
	put_u8(o, 0x0a); /* field 1, length-delimited */
	put_u8(o, (unsigned)idlen);
	put(o, id, idlen);
	put(o, extra, nextra);
}

/* The client preface, SETTINGS and the connection's WINDOW_UPDATE. */
static void preface(struct out *o)
{
	static const char magic[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

	put(o, magic, sizeof(magic) - 1);
	frame_header(o, 12, H2_SETTINGS, 0, 0);
	put_be(o, 0x2, 2); /* SETTINGS_ENABLE_PUSH */
	put_be(o, 0, 4);
	put_be(o, 0x4, 2); /* SETTINGS_INITIAL_WINDOW_SIZE */
	put_be(o, CTRREQ_WINDOW, 4);
	frame_header(o, 4, H2_WINDOW_UPDATE, 0, 0);
	put_be(o, CTRREQ_WINDOW - 65535, 4);
}

int ctrreq_containerd(uint8_t *buf, size_t cap, const char *id,
		      const char *const *ns, size_t nns)
{
	struct out o = {buf, 0, cap, 0};

	if (strlen(id) > 64)
		return -1;
	preface(&o);
	for (size_t i = 0; i < nns; i++)
		call(&o, (uint32_t)(2 * i + 1),
		     "/containerd.services.containers.v1.Containers/Get", ns[i],
		     id, NULL, 0);
	return o.overflow ? -1 : (int)o.len;
}

int ctrreq_cri(uint8_t *buf, size_t cap, const char *id)
{
	/* ContainerStatusRequest { container_id = 1; verbose = 2 }: the
	 * verbose info says whether the container is privileged. */
	static const uint8_t verbose[] = {0x10, 0x01};
	struct out o = {buf, 0, cap, 0};

	if (strlen(id) > 64)
		return -1;
	preface(&o);
	call(&o, 1, "/runtime.v1.RuntimeService/ContainerStatus", NULL, id,
	     verbose, sizeof(verbose));
	return o.overflow ? -1 : (int)o.len;
}

int ctrreq_docker(uint8_t *buf, size_t cap, const char *id)
{
	int n = snprintf((char *)buf, cap,
			 "GET /containers/%s/json HTTP/1.0\r\n"
			 "Host: localhost\r\nConnection: close\r\n\r\n",
			 id);

	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int ctrreq_namespace_ok(const char *ns)
{
	size_t n = strlen(ns);

	/* containerd's rule: labels of letters, digits, '-' and '_' joined
	 * by dots, starting with a letter or digit, at most 76 bytes. */
	if (n == 0 || n > 76 ||
	    !((ns[0] >= 'a' && ns[0] <= 'z') ||
	      (ns[0] >= 'A' && ns[0] <= 'Z') || (ns[0] >= '0' && ns[0] <= '9')))
		return 0;
	return strspn(ns, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789._-") == n;
}

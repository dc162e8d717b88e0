/*
 * lanner-containers' parser of runtime replies (containers/inspect.c) on
 * replies shaped as Docker and Podman send them, and on broken ones; and
 * the record it hands the engine (common/ctrinfo.c): what is encoded
 * decodes the same, and the decoder refuses what is out of bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "containers/inspect.h"
#include "ctrinfo.h"

#define ID "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"

static struct inspect in;
static char reply[INSPECT_REPLY_MAX + 1024];

/* A reply with these headers ("" or lines ending in CRLF) and body;
 * with_length adds its Content-Length. */
static size_t make(const char *status, const char *headers, const char *body,
		   int with_length)
{
	size_t n = (size_t)snprintf(reply, sizeof(reply), "HTTP/1.0 %s\r\n%s",
				    status, headers);

	if (with_length)
		n += (size_t)snprintf(reply + n, sizeof(reply) - n,
				      "Content-Length: %zu\r\n", strlen(body));
	n += (size_t)snprintf(reply + n, sizeof(reply) - n, "\r\n%s", body);
	return n;
}

static int streq(const char *got, const char *want)
{
	if (!got || !want)
		return got == want;
	if (strcmp(got, want) != 0)
		fprintf(stderr, "got '%s', want '%s'\n", got, want);
	return strcmp(got, want) == 0;
}

static void split(const char *image, const char *repo, const char *tag,
		  const char *digest)
{
	static char r[CTRINFO_STR_MAX + 1], t[CTRINFO_STR_MAX + 1],
	    d[CTRINFO_STR_MAX + 1];

	inspect_split_image(image, r, t, d);
	CHECK(streq(r, repo));
	CHECK(streq(t, tag));
	CHECK(streq(d, digest));
}

static void test_split(void)
{
	split("localhost/lanner-e2e:1", "localhost/lanner-e2e", "1", "");
	split("nginx", "nginx", "", "");
	split("nginx:1.25", "nginx", "1.25", "");
	split("registry:5000/shop/nginx:1.25@sha256:abc",
	      "registry:5000/shop/nginx", "1.25", "sha256:abc");
	split("library/redis@sha256:x", "library/redis", "", "sha256:x");
	split("host:5000/x", "host:5000/x", "", "");
}

static const char docker_body[] =
    "{\"Id\": \"" ID "\", \"Created\": \"2024-05-01T10:00:00.5Z\","
    " \"State\": {\"StartedAt\": \"2024-05-01T10:00:01.25Z\"},"
    " \"Image\": \"sha256:6f7e2741b66b\","
    " \"Name\": \"/k8s_nginx_web-0\","
    " \"HostConfig\": {\"Privileged\": false},"
    " \"Mounts\": [{\"Source\": \"/srv/www\", \"Destination\": \"/usr/share/"
    "nginx\", \"Mode\": \"ro\", \"RW\": false, \"Propagation\": "
    "\"rprivate\"}, 7, {\"Source\": \"/etc/hosts-x\", \"Destination\":"
    " \"/etc/hosts\", \"RW\": true}],"
    " \"Config\": {\"Image\": \"registry:5000/shop/nginx:1.25@sha256:d9\","
    "  \"Labels\": {\"io.kubernetes.pod.name\": \"web-0\","
    "   \"io.kubernetes.pod.namespace\": \"shop\","
    "   \"io.kubernetes.pod.uid\": \"1f2e-33\","
    "   \"io.kubernetes.sandbox.id\": \"5d9f2a1b7c3e8f40\"}},"
    " \"NetworkSettings\": {\"IPAddress\": \"\", \"Networks\":"
    "  {\"bridge\": {\"IPAddress\": \"172.17.0.3\"}}}}";

static void test_docker(void)
{
	const struct ctrinfo *i = &in.info;
	size_t n = make("200 OK", "Server: Docker\r\n", docker_body, 1);

	CHECK(inspect_parse(&in, ID, reply, n) == CTRINFO_FOUND);
	CHECK(streq(i->id, ID));
	CHECK(streq(i->str[CTRINFO_RUNTIME], "docker"));
	CHECK(streq(i->str[CTRINFO_NAME], "k8s_nginx_web-0"));
	CHECK(streq(i->str[CTRINFO_IMAGE],
		    "registry:5000/shop/nginx:1.25@sha256:d9"));
	CHECK(streq(i->str[CTRINFO_IMAGE_ID], "6f7e2741b66b"));
	CHECK(streq(i->str[CTRINFO_REPO], "registry:5000/shop/nginx"));
	CHECK(streq(i->str[CTRINFO_TAG], "1.25"));
	CHECK(streq(i->str[CTRINFO_DIGEST], "sha256:d9"));
	CHECK(streq(i->str[CTRINFO_IP], "172.17.0.3"));
	CHECK(streq(i->str[CTRINFO_POD_NAME], "web-0"));
	CHECK(streq(i->str[CTRINFO_POD_NS], "shop"));
	CHECK(streq(i->str[CTRINFO_POD_UID], "1f2e-33"));
	CHECK(streq(i->str[CTRINFO_SANDBOX], "5d9f2a1b7c3e8f40"));
	CHECK(!i->privileged);
	CHECK(i->start_ns == 1714557601250000000ull);
	CHECK(i->nmounts == 2); /* the 7 is no mount */
	CHECK(streq(i->mounts[0].dest, "/usr/share/nginx"));
	CHECK(streq(i->mounts[0].mode, "ro") && !i->mounts[0].rw);
	CHECK(streq(i->mounts[1].source, "/etc/hosts-x") && i->mounts[1].rw);
	CHECK(i->mounts[1].mode == NULL);
	inspect_done(&in);
}

static void test_podman(void)
{
	const struct ctrinfo *i = &in.info;
	size_t n =
	    make("200 OK", "Libpod-Api-Version: 4.3.1\r\n",
		 "{\"Image\": \"sha256:ebd83d54\", \"Name\": \"/lanner-e2e-7\","
		 " \"Created\": \"2024-05-01T10:00:00+02:00\","
		 " \"HostConfig\": {\"Privileged\": true},"
		 " \"Config\": {\"Image\": \"localhost/lanner-e2e:1\"},"
		 " \"NetworkSettings\": {\"IPAddress\": \"10.88.0.4\"}}\n",
		 0);

	CHECK(inspect_parse(&in, ID, reply, n) == CTRINFO_FOUND);
	CHECK(streq(i->str[CTRINFO_RUNTIME], "podman"));
	CHECK(streq(i->str[CTRINFO_NAME], "lanner-e2e-7"));
	CHECK(streq(i->str[CTRINFO_REPO], "localhost/lanner-e2e"));
	CHECK(streq(i->str[CTRINFO_TAG], "1"));
	CHECK(i->str[CTRINFO_DIGEST] == NULL);
	CHECK(streq(i->str[CTRINFO_IMAGE_ID], "ebd83d54"));
	CHECK(streq(i->str[CTRINFO_IP], "10.88.0.4"));
	CHECK(i->privileged && i->nmounts == 0);
	CHECK(i->start_ns == 1714550400000000000ull); /* no StartedAt */
	CHECK(i->str[CTRINFO_POD_NAME] == NULL);
	inspect_done(&in);

	/* Run by image id: no repository, Falco's "latest". */
	n = make("200 OK", "",
		 "{\"Image\": \"sha256:6f7e2741b66b\","
		 " \"Config\": {\"Image\": \"6f7e27\"}}",
		 1);
	CHECK(inspect_parse(&in, ID, reply, n) == CTRINFO_FOUND);
	CHECK(i->str[CTRINFO_REPO] == NULL);
	CHECK(streq(i->str[CTRINFO_TAG], "latest"));
	inspect_done(&in);
}

static enum ctrinfo_status parse(size_t n, const char *why)
{
	enum ctrinfo_status st = inspect_parse(&in, ID, reply, n);

	if (why && !strstr(in.why, why))
		fprintf(stderr, "why: '%s', want '%s'\n", in.why, why);
	CHECK(!why || strstr(in.why, why));
	inspect_done(&in);
	return st;
}

static void test_broken(void)
{
	char deep[200] = "";

	CHECK(parse(make("404 Not Found", "", "{}", 1), NULL) ==
	      CTRINFO_NO_SUCH);
	CHECK(parse(make("500 Oops", "", "{}", 1), "HTTP status 500") ==
	      CTRINFO_FAILED);
	CHECK(parse(strlen(strcpy(reply, "HTTP/1.0 200 OK\r\n")),
		    "no complete HTTP header") == CTRINFO_FAILED);
	CHECK(parse(strlen(strcpy(reply, "SMTP 200\r\n\r\n{}")),
		    "not an HTTP") == CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "Content-Length: 9\r\n", "{}", 0),
		    "not the 9 announced") == CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "Content-Length: x\r\n", "{}", 0),
		    "bad Content-Length") == CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "Transfer-Encoding: chunked\r\n", "{}", 0),
		    "Transfer-Encoding") == CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "", "[]", 1), "not a JSON object") ==
	      CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "", "{} x", 1), "bytes after") ==
	      CTRINFO_FAILED);
	CHECK(parse(make("200 OK", "", "{\"a\": ", 1), "bad JSON") ==
	      CTRINFO_FAILED);
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	CHECK(parse(make("200 OK", "", deep, 1), "bad JSON") == CTRINFO_FAILED);
	CHECK(parse(INSPECT_REPLY_MAX + 1, "over") == CTRINFO_FAILED);
}

/* Strings over the bound or holding a NUL are left out, mounts beyond
 * the bound are counted. */
static void test_bounds(void)
{
	static char body[INSPECT_REPLY_MAX];
	size_t n = 0;

	n += (size_t)snprintf(body + n, sizeof(body) - n, "{\"Name\": \"/");
	memset(body + n, 'a', CTRINFO_STR_MAX + 1);
	n += CTRINFO_STR_MAX + 1;
	n += (size_t)snprintf(body + n, sizeof(body) - n,
			      "\", \"Config\": {\"Image\": \"a\\u0000b\"},"
			      " \"Mounts\": [");
	for (int i = 0; i < CTRINFO_MOUNTS_MAX + 6; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
				      "%s{\"Destination\": \"/m%d\"}",
				      i ? ", " : "", i);
	snprintf(body + n, sizeof(body) - n, "]}");
	CHECK(inspect_parse(&in, ID, reply, make("200 OK", "", body, 1)) ==
	      CTRINFO_FOUND);
	CHECK(in.info.str[CTRINFO_NAME] == NULL);
	CHECK(in.info.str[CTRINFO_IMAGE] == NULL);
	CHECK(in.info.nmounts == CTRINFO_MOUNTS_MAX && in.mounts_cut == 6);
	CHECK(streq(in.info.mounts[63].dest, "/m63"));
	inspect_done(&in);
}

/* Encodes, then decodes; the decoder's verdict. */
static int roundtrip(const struct ctrinfo *info, struct ctrinfo *out,
		     uint8_t *buf, size_t cap)
{
	struct msg_out m;
	struct msg_in r;
	const char *why;
	int len;

	msg_begin(&m, buf, cap, MSG_CONTAINER_INFO, 0);
	ctrinfo_encode(&m, info);
	len = msg_finish(&m);
	CHECK(len > 0);
	CHECK(msg_open(&r, buf, (size_t)len, &why) == 0);
	return ctrinfo_decode(&r, out);
}

/* A record that claims more mounts than the bound. */
static int too_many_mounts(uint8_t *buf, size_t cap)
{
	struct ctrinfo out;
	struct msg_out m;
	struct msg_in r;
	const char *why;
	int len;

	msg_begin(&m, buf, cap, MSG_CONTAINER_INFO, 0);
	msg_add_str(&m, ID);
	msg_add_u32(&m, CTRINFO_FOUND);
	for (int i = 0; i < CTRINFO_NSTR; i++)
		msg_add_str(&m, "");
	msg_add_u32(&m, 0);
	msg_add_u64(&m, 0);
	msg_add_u32(&m, CTRINFO_MOUNTS_MAX + 1);
	len = msg_finish(&m);
	CHECK(len > 0 && msg_open(&r, buf, (size_t)len, &why) == 0);
	return ctrinfo_decode(&r, &out);
}

static void test_codec(void)
{
	static uint8_t buf[MSG_MAX_SIZE];
	static char big[CTRINFO_STR_MAX + 2];
	struct ctrinfo a = {.id = ID, .status = CTRINFO_FOUND}, b;

	a.str[CTRINFO_NAME] = "web";
	a.privileged = true;
	a.start_ns = 42;
	a.nmounts = 1;
	a.mounts[0] = (struct ctrinfo_mount){"/s", "/d", "ro", "rslave", 1};
	CHECK(roundtrip(&a, &b, buf, sizeof(buf)) == 0);
	CHECK(streq(b.id, ID) && b.status == CTRINFO_FOUND);
	CHECK(streq(b.str[CTRINFO_NAME], "web") &&
	      streq(b.str[CTRINFO_IMAGE], ""));
	CHECK(b.privileged && b.start_ns == 42 && b.nmounts == 1);
	CHECK(streq(b.mounts[0].propagation, "rslave") && b.mounts[0].rw);

	memset(big, 'x', CTRINFO_STR_MAX + 1);
	a.str[CTRINFO_TAG] = big;
	CHECK(roundtrip(&a, &b, buf, sizeof(buf)) < 0);
	a.str[CTRINFO_TAG] = NULL;
	CHECK(too_many_mounts(buf, sizeof(buf)) < 0);
	a.id = "XYZ";
	CHECK(roundtrip(&a, &b, buf, sizeof(buf)) < 0);
	a.id = ID;
	a.status = CTRINFO_STATUS_COUNT;
	CHECK(roundtrip(&a, &b, buf, sizeof(buf)) < 0);
	CHECK(ctrinfo_id_ok("0af") && !ctrinfo_id_ok("") &&
	      !ctrinfo_id_ok(ID "0") && !ctrinfo_id_ok("0AF"));
	CHECK(streq(ctrinfo_str_name(CTRINFO_IMAGE_ID), "image_id"));
}

int main(void)
{
	test_split();
	test_docker();
	test_podman();
	test_broken();
	test_bounds();
	test_codec();
	return check_done();
}

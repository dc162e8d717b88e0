/*
 * The privsep codec and the alert body: round trips, and messages that
 * are short, long, of another version or with bytes left over are refused.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "common/alert.h"
#include "common/msg.h"

static void test_roundtrip(void)
{
	uint8_t buf[256];
	struct msg_out o;
	struct msg_in in;
	const char *why;
	size_t blen;
	const void *b;
	int n;

	msg_begin(&o, buf, sizeof(buf), MSG_CONFIG_ITEM, 9);
	msg_add_str(&o, "json_output");
	msg_add_u32(&o, 7);
	msg_add_u64(&o, 1ull << 40);
	msg_add_bytes(&o, "ab\0c", 4);
	n = msg_finish(&o);
	CHECK(n > 0);
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	CHECK(in.hdr.type == MSG_CONFIG_ITEM && in.hdr.seq == 9);
	CHECK(strcmp(msg_get_str(&in), "json_output") == 0);
	CHECK(msg_get_u32(&in) == 7);
	CHECK(msg_get_u64(&in) == 1ull << 40);
	b = msg_get_bytes(&in, &blen);
	CHECK(blen == 4 && memcmp(b, "ab\0c", 4) == 0);
	CHECK(msg_end(&in) == 0);
	CHECK(strcmp(msg_type_name(MSG_ALERT), "alert") == 0);
	CHECK(strcmp(msg_type_name(9999), "unknown") == 0);
}

static void test_refused(void)
{
	uint8_t buf[128];
	struct msg_out o;
	struct msg_in in;
	struct msg_hdr h;
	const char *why;
	int n;

	msg_begin(&o, buf, sizeof(buf), MSG_STATS, 1);
	msg_add_u32(&o, 1);
	msg_add_str(&o, "hello");
	n = msg_finish(&o);
	CHECK(msg_open(&in, buf, 4, &why) == -EPROTO);
	CHECK(msg_open(&in, buf, (size_t)n - 1, &why) == -EPROTO);
	/* reading more than is there */
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	msg_get_u32(&in);
	msg_get_str(&in);
	msg_get_u32(&in);
	CHECK(msg_end(&in) == -EPROTO);
	/* leaving bytes unread */
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	msg_get_u32(&in);
	CHECK(msg_end(&in) == -EPROTO);
	/* a string whose length runs past the end */
	memcpy(buf + sizeof(h) + 4, &(uint32_t){1000}, 4);
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	msg_get_u32(&in);
	CHECK(strcmp(msg_get_str(&in), "") == 0 && msg_end(&in) == -EPROTO);
	/* a string with an inner NUL */
	msg_begin(&o, buf, sizeof(buf), MSG_STATS, 1);
	msg_add_bytes(&o, "a\0b", 4);
	n = msg_finish(&o);
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	msg_get_str(&in);
	CHECK(msg_end(&in) == -EPROTO);
	/* another protocol version, an unknown type */
	memcpy(&h, buf, sizeof(h));
	h.version = MSG_VERSION + 1;
	memcpy(buf, &h, sizeof(h));
	CHECK(msg_open(&in, buf, (size_t)n, &why) == -EPROTO);
	CHECK(strstr(why, "version") != NULL);
	h.version = MSG_VERSION;
	h.type = MSG_TYPE_COUNT;
	memcpy(buf, &h, sizeof(h));
	CHECK(msg_open(&in, buf, (size_t)n, &why) == -EPROTO);
	/* overflow of the writer is sticky */
	msg_begin(&o, buf, 24, MSG_STATS, 1);
	msg_add_str(&o, "far too long for this buffer");
	msg_add_u32(&o, 1);
	CHECK(msg_finish(&o) == -EMSGSIZE);
}

/* Who may send what comes from msg_types.def alone. */
static void test_senders(void)
{
	CHECK(msg_senders(MSG_HELLO) == MSG_FROM_ANY);
	CHECK(msg_senders(MSG_ALERT) == MSG_FROM_ENGINE);
	CHECK(msg_senders(MSG_ACK) == MSG_FROM_OUTPUT);
	CHECK(msg_senders(MSG_SHUTDOWN) == MSG_FROM_BROKER);
	CHECK(!(msg_senders(MSG_RULES_RESULT) & MSG_FROM_OUTPUT));
	CHECK(msg_senders(MSG_NONE) == 0);
	CHECK(msg_senders(MSG_TYPE_COUNT) == 0);
	for (unsigned t = 1; t < MSG_TYPE_COUNT; t++)
		CHECK(msg_senders(t) != 0);
}

static void test_alert(void)
{
	static uint8_t buf[4096];
	struct alert a = {.time_ns = 123456789,
			  .priority = PRIO_WARNING,
			  .rule = "Read sensitive file",
			  .source = "syscall",
			  .hostname = "h",
			  .output = "file=/etc/shadow",
			  .ntags = 2,
			  .tags = {"filesystem", "T1555"},
			  .nfields = 1,
			  .fields = {{"fd.name", "/etc/shadow"}}};
	struct alert b;
	struct msg_out o;
	struct msg_in in;
	const char *why;
	enum priority p;
	int n;

	msg_begin(&o, buf, sizeof(buf), MSG_ALERT, 5);
	alert_encode(&o, &a);
	n = msg_finish(&o);
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	CHECK(alert_decode(&in, &b) == 0);
	CHECK(b.time_ns == a.time_ns && b.priority == PRIO_WARNING);
	CHECK(strcmp(b.rule, a.rule) == 0 && strcmp(b.output, a.output) == 0);
	CHECK(b.ntags == 2 && strcmp(b.tags[1], "T1555") == 0);
	CHECK(b.nfields == 1 && strcmp(b.fields[0].value, "/etc/shadow") == 0);
	/* a truncated body fails */
	CHECK(msg_open(&in, buf, (size_t)n, &why) == 0);
	in.left -= 3;
	CHECK(alert_decode(&in, &b) == -EPROTO);
	CHECK(priority_parse("info", &p) == 0 && p == PRIO_INFORMATIONAL);
	CHECK(priority_parse("CRITICAL", &p) == 0 && p == PRIO_CRITICAL);
	CHECK(priority_parse("loud", &p) == -EINVAL);
	CHECK(strcmp(priority_name(PRIO_NOTICE), "Notice") == 0);
}

int main(void)
{
	test_roundtrip();
	test_refused();
	test_senders();
	test_alert();
	return check_done();
}

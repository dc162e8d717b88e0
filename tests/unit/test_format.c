/*
 * Alert formatting: Falco's text line with local or ISO-8601 time, and
 * Falco's JSON object with escaping, null for missing values, numbers and
 * booleans unquoted, and the optional output, message, output_fields and
 * tags keys; long alerts are cut, never overrun.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "format.h"

static struct alert sample(void)
{
	struct alert a = {
	    /* 2026-11-23 14:01:02 UTC and 123456789 ns */
	    .time_ns = 1795442462ull * 1000000000ull + 123456789ull,
	    .priority = PRIO_WARNING,
	    .rule = "Read \"shadow\"",
	    .source = "syscall",
	    .hostname = "h1",
	    .output = "proc.name=cat fd.name=/etc/shadow",
	    .ntags = 2,
	    .tags = {"filesystem", "mitre"},
	    .nfields = 2,
	    .fields = {{"proc.name", "cat\n"}, {"user.name", "<NA>"}},
	};
	return a;
}

static void test_text(void)
{
	struct format_opts o = {0};
	struct alert a = sample();
	char buf[512];
	size_t n;

	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strcmp(buf, "14:01:02.123456789: Warning proc.name=cat "
			  "fd.name=/etc/shadow\n") == 0);
	o.iso8601 = 1;
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strcmp(buf, "2026-11-23T14:01:02.123456789+0000: Warning "
			  "proc.name=cat fd.name=/etc/shadow\n") == 0);
}

static void test_json(void)
{
	struct format_opts o = {
	    .json = 1, .json_output = 1, .json_tags = 1, .json_fields = 1};
	struct alert a = sample();
	char buf[1024];
	size_t n;

	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strcmp(buf,
		     "{\"hostname\":\"h1\",\"output\":\"14:01:02.123456789: "
		     "Warning proc.name=cat fd.name=/etc/shadow\","
		     "\"output_fields\":{\"proc.name\":\"cat\\n\","
		     "\"user.name\":null},\"priority\":\"Warning\","
		     "\"rule\":\"Read \\\"shadow\\\"\",\"source\":\"syscall\","
		     "\"tags\":[\"filesystem\",\"mitre\"],"
		     "\"time\":\"2026-11-23T14:01:02.123456789Z\"}\n") == 0);
	o.json_output = 0;
	o.json_tags = 0;
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strstr(buf, "\"output\":") == NULL);
	CHECK(strstr(buf, "\"tags\":") == NULL);
	CHECK(strstr(buf, "\"output_fields\":") != NULL);
}

/* Numbers and booleans as Falco writes them, unquoted, but only when the
 * text is one; "message" is the rule's output alone. */
static void test_json_typed(void)
{
	struct format_opts o = {.json = 1, .json_fields = 1, .json_message = 1};
	struct alert a = sample();
	char buf[1024];
	size_t n;

	a.nfields = 7;
	a.fields[0] = (struct alert_field){"proc.pid", "1234", ALERT_NUMBER};
	a.fields[1] = (struct alert_field){"evt.arg.res", "-2", ALERT_NUMBER};
	a.fields[2] = (struct alert_field){"evt.failed", "true", ALERT_BOOL};
	a.fields[3] = (struct alert_field){"fd.num", "3,4", ALERT_NUMBER};
	a.fields[4] = (struct alert_field){"fd.cport", "<NA>", ALERT_NUMBER};
	a.fields[5] = (struct alert_field){"x.odd", "007", ALERT_NUMBER};
	a.fields[6] = (struct alert_field){"x.flag", "yes", ALERT_BOOL};
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strstr(buf, "\"output_fields\":{\"proc.pid\":1234,"
			  "\"evt.arg.res\":-2,\"evt.failed\":true,"
			  "\"fd.num\":\"3,4\",\"fd.cport\":null,"
			  "\"x.odd\":\"007\",\"x.flag\":\"yes\"}") != NULL);
	CHECK(
	    strstr(buf, "\"message\":\"proc.name=cat fd.name=/etc/shadow\"") !=
	    NULL);
	o.json_fields = 0;
	o.json_message = 0;
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strstr(buf, "output_fields") == NULL);
	CHECK(strstr(buf, "\"message\"") == NULL);
}

static void test_truncation(void)
{
	struct format_opts o = {0};
	struct alert a = sample();
	char buf[40];
	size_t n;

	n = format_alert(&o, &a, buf, 32);
	CHECK(n == 32);
	CHECK(buf[31] == '\n');
	o.json = 1;
	n = format_alert(&o, &a, buf, sizeof(buf));
	CHECK(n <= sizeof(buf) && buf[n - 1] == '\n');
	/* A cut JSON line ends before a character, never inside one. */
	a.hostname = "\xc3\xa9\xc3\xa9";
	n = format_alert(&o, &a, buf, 34);
	CHECK(n == 17 && memcmp(buf, "{\"hostname\":\"\xc3\xa9\"\n", 17) == 0);
}

/* Whatever the engine sent: one text line with no raw control, and JSON
 * that is valid UTF-8 with every control escaped. */
static void test_hostile(void)
{
	struct format_opts o = {0};
	struct alert a = sample();
	char buf[1024];
	size_t n;

	a.output = "x\n21:24:09.000000000: Notice Benign\x1b[1A\x7f";
	a.fields[0].value = "\xff\x7f\xc2\x9b\xe2\x80\xae\x1b";
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strcmp(buf, "14:01:02.123456789: Warning x\\n21:24:09.000000000: "
			  "Notice Benign\\x1b[1A\\x7f\n") == 0);
	o.json = 1;
	o.json_output = 1;
	o.json_fields = 1;
	n = format_alert(&o, &a, buf, sizeof(buf));
	buf[n] = '\0';
	CHECK(strstr(buf, "\"proc.name\":\"\\ufffd\\u007f\\u009b\\u202e"
			  "\\u001b\"") != NULL);
	CHECK(strstr(buf, "Benign\\\\x1b[1A") != NULL);
	for (size_t i = 0; i < n - 1; i++)
		CHECK((unsigned char)buf[i] >= 0x20 &&
		      (unsigned char)buf[i] < 0x7f);
}

/* An alert longer than the line is written again with its values cut
 * short: still one whole JSON object, every key there. */
static void test_json_cut(void)
{
	struct format_opts o = {
	    .json = 1, .json_output = 1, .json_tags = 1, .json_fields = 1};
	struct alert a = sample();
	static char big[3000], buf[2048 + 1];
	size_t n;

	memset(big, 'x', sizeof(big) - 1);
	a.fields[0].value = big;
	n = format_alert(&o, &a, buf, sizeof(buf) - 1);
	CHECK(n >= 2 && n < sizeof(buf));
	if (n < 2 || n >= sizeof(buf))
		return;
	CHECK(buf[n - 1] == '\n' && buf[n - 2] == '}');
	buf[n] = '\0';
	CHECK(buf[0] == '{');
	CHECK(strstr(buf, "...(cut)\"") != NULL);
	CHECK(strstr(buf, "\"time\":\"2026-11-23T14:01:02.123456789Z\"}") !=
	      NULL);
	CHECK(strstr(buf, "\"user.name\":null") != NULL);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_text();
	test_json();
	test_json_typed();
	test_truncation();
	test_hostile();
	test_json_cut();
	return check_done();
}

/*
 * The broker's check of the names the engine wants resolved
 * (broker/dnscheck.c): a name the rule files hold passes, one they do
 * not is left out (a compromised engine's way to send data out as DNS
 * queries), a malformed list is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "broker/dnscheck.h"
#include "check.h"
#include "dnsinfo.h"

int main(void)
{
	static char text[] = "- list: pools\n  items: [pool.example]\n"
			     "- rule: r\n  condition: fd.sip.name in (pools) "
			     "or fd.sip.name = c2.example\n";
	static const char *const asked[] = {"c2.example", "secret-data.evil",
					    "pool.example"};
	static uint8_t buf[4096];
	struct rules r = {.n = 1};
	const char *got[DNSINFO_NAMES_MAX];
	struct msg_out out;
	struct msg_in m;
	const char *why;
	uint8_t *body;
	size_t len = 0;
	int n, kept = 0;

	r.files[0].text = text;
	r.files[0].len = strlen(text);
	msg_begin(&out, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	dnsinfo_names_encode(&out, asked, 3);
	n = msg_finish(&out);
	CHECK(msg_open(&m, buf, (size_t)n, &why) == 0);
	body = dnscheck_names(&r, &m, &len, &kept);
	CHECK(body != NULL && kept == 2);
	memset(&m, 0, sizeof(m));
	m.p = body;
	m.left = len;
	CHECK(dnsinfo_names_decode(&m, got) == 2);
	CHECK(strcmp(got[0], "c2.example") == 0 &&
	      strcmp(got[1], "pool.example") == 0);
	free(body);
	/* Malformed: a count with no names. */
	msg_begin(&out, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	msg_add_u32(&out, 2);
	n = msg_finish(&out);
	CHECK(msg_open(&m, buf, (size_t)n, &why) == 0);
	CHECK(dnscheck_names(&r, &m, &len, &kept) == NULL);
	return check_done();
}

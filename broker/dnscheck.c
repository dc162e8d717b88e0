/*
 * The names the engine asks lanner-resolve about, checked by the broker:
 * only names that appear word for word in the rule files the broker sent
 * the engine are resolved, so a compromised engine cannot send what it
 * knows out of its sandbox as DNS queries for names of its own making.
 */
#include <stdlib.h>
#include <string.h>

#include "dnscheck.h"
#include "dnsinfo.h"
#include "log.h"

/* Whether name is in the text of a rule file. */
static int in_rules(const struct rules *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (memmem(r->files[i].text, r->files[i].len, name,
			   strlen(name)))
			return 1;
	return 0;
}

uint8_t *dnscheck_names(const struct rules *r, struct msg_in *m, size_t *len,
			int *kept_n)
{
	static const char *names[DNSINFO_NAMES_MAX];
	static const char *kept[DNSINFO_NAMES_MAX];
	static uint8_t buf[DNSINFO_NAMES_MSG_MAX];
	int n = dnsinfo_names_decode(m, names), k = 0, total;
	struct msg_out out;
	uint8_t *body;

	if (n < 0)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (in_rules(r, names[i]))
			kept[k++] = names[i];
		else
			log_warn(
			    "the engine asked to resolve %s, which no rule "
			    "file names: left out",
			    names[i]);
	}
	msg_begin(&out, buf, sizeof(buf), MSG_DNS_NAMES, 0);
	dnsinfo_names_encode(&out, kept, (size_t)k);
	total = msg_finish(&out);
	if (total < (int)sizeof(struct msg_hdr))
		return NULL;
	*len = (size_t)total - sizeof(struct msg_hdr);
	*kept_n = k;
	body = malloc(*len);
	if (body)
		memcpy(body, buf + sizeof(struct msg_hdr), *len);
	return body;
}

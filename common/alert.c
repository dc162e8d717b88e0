/*
 * Alerts in and out of MSG_ALERT bodies, and Falco's priority names.
 */
#include <errno.h>
#include <strings.h>

#include "alert.h"
#include "conf_keys.h"

static const char *const prio_names[] = {
#define PRIO_NAME(id, name) name,
    PRIORITIES(PRIO_NAME)
#undef PRIO_NAME
};
_Static_assert(sizeof(prio_names) / sizeof(*prio_names) == PRIO_COUNT,
	       "a name per priority");

const char *priority_name(enum priority p)
{
	return (unsigned)p < PRIO_COUNT ? prio_names[p] : "Unknown";
}

int priority_parse(const char *s, enum priority *p)
{
	for (unsigned i = 0; i < PRIO_COUNT; i++)
		if (strcasecmp(s, prio_names[i]) == 0) {
			*p = (enum priority)i;
			return 0;
		}
	if (strcasecmp(s, "info") == 0) {
		*p = PRIO_INFORMATIONAL;
		return 0;
	}
	return -EINVAL;
}

int priority_threshold(const struct conf *c, enum priority *p)
{
	if (priority_parse(conf_str(c, CONF_PRIORITY), p) == 0)
		return 0;
	*p = PRIO_DEBUG;
	return -EINVAL;
}

void alert_encode(struct msg_out *m, const struct alert *a)
{
	uint32_t ntags = a->ntags < ALERT_MAX_TAGS ? a->ntags : ALERT_MAX_TAGS;
	uint32_t nf =
	    a->nfields < ALERT_MAX_FIELDS ? a->nfields : ALERT_MAX_FIELDS;

	msg_add_u64(m, a->time_ns);
	msg_add_u32(m, (uint32_t)a->priority);
	msg_add_str(m, a->rule);
	msg_add_str(m, a->source);
	msg_add_str(m, a->hostname);
	msg_add_str(m, a->output);
	msg_add_u32(m, ntags);
	for (uint32_t i = 0; i < ntags; i++)
		msg_add_str(m, a->tags[i]);
	msg_add_u32(m, nf);
	for (uint32_t i = 0; i < nf; i++) {
		msg_add_str(m, a->fields[i].key);
		msg_add_str(m, a->fields[i].value);
		msg_add_u32(m, (uint32_t)a->fields[i].kind);
	}
}

int alert_decode(struct msg_in *m, struct alert *a)
{
	a->time_ns = msg_get_u64(m);
	a->priority = (enum priority)msg_get_u32(m);
	a->rule = msg_get_str(m);
	a->source = msg_get_str(m);
	a->hostname = msg_get_str(m);
	a->output = msg_get_str(m);
	a->ntags = msg_get_u32(m);
	if ((unsigned)a->priority >= PRIO_COUNT || a->ntags > ALERT_MAX_TAGS)
		return -EPROTO;
	for (uint32_t i = 0; i < a->ntags; i++)
		a->tags[i] = msg_get_str(m);
	a->nfields = msg_get_u32(m);
	if (a->nfields > ALERT_MAX_FIELDS)
		return -EPROTO;
	for (uint32_t i = 0; i < a->nfields; i++) {
		a->fields[i].key = msg_get_str(m);
		a->fields[i].value = msg_get_str(m);
		a->fields[i].kind = (enum alert_kind)msg_get_u32(m);
		if ((unsigned)a->fields[i].kind >= ALERT_KIND_COUNT)
			return -EPROTO;
	}
	return msg_end(m);
}

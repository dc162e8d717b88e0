/*
 * The container metadata record's codec, see ctrinfo.h. Strings travel
 * with the msg.h codec's typed calls; the decoder checks each bound.
 */
#include <errno.h>
#include <string.h>

#include "ctrinfo.h"

static const char *const str_names[] = {
#define CTRINFO_NAME(id, name) #name,
    CTRINFO_STRINGS(CTRINFO_NAME)
#undef CTRINFO_NAME
};
_Static_assert(sizeof(str_names) / sizeof(*str_names) == CTRINFO_NSTR,
	       "a name per string");

const char *ctrinfo_str_name(enum ctrinfo_str i)
{
	return (unsigned)i < CTRINFO_NSTR ? str_names[i] : "unknown";
}

bool ctrinfo_id_ok(const char *id)
{
	size_t n = strspn(id, "0123456789abcdef");

	return n >= 1 && n <= CTRINFO_ID_MAX && id[n] == '\0';
}

void ctrinfo_encode(struct msg_out *m, const struct ctrinfo *info)
{
	msg_add_str(m, info->id);
	msg_add_u32(m, (uint32_t)info->status);
	for (int i = 0; i < CTRINFO_NSTR; i++)
		msg_add_str(m, info->str[i]);
	msg_add_u32(m, info->privileged);
	msg_add_u64(m, info->start_ns);
	msg_add_u32(m, info->nmounts);
	for (uint32_t i = 0; i < info->nmounts; i++) {
		const struct ctrinfo_mount *mt = &info->mounts[i];

		msg_add_str(m, mt->source);
		msg_add_str(m, mt->dest);
		msg_add_str(m, mt->mode);
		msg_add_str(m, mt->propagation);
		msg_add_u32(m, mt->rw);
	}
}

/* A string within CTRINFO_STR_MAX; marks m failed when it is longer. */
static const char *get_str(struct msg_in *m)
{
	const char *s = msg_get_str(m);

	if (strlen(s) > CTRINFO_STR_MAX)
		m->error = 1;
	return s;
}

/* A u32 that must be 0 or 1. */
static bool get_bool(struct msg_in *m)
{
	uint32_t v = msg_get_u32(m);

	if (v > 1)
		m->error = 1;
	return v == 1;
}

static void get_mount(struct msg_in *m, struct ctrinfo_mount *mt)
{
	mt->source = get_str(m);
	mt->dest = get_str(m);
	mt->mode = get_str(m);
	mt->propagation = get_str(m);
	mt->rw = get_bool(m);
}

int ctrinfo_decode(struct msg_in *m, struct ctrinfo *info)
{
	uint32_t status;

	memset(info, 0, sizeof(*info));
	info->id = msg_get_str(m);
	status = msg_get_u32(m);
	for (int i = 0; i < CTRINFO_NSTR; i++)
		info->str[i] = get_str(m);
	info->privileged = get_bool(m);
	info->start_ns = msg_get_u64(m);
	info->nmounts = msg_get_u32(m);
	if (m->error || info->nmounts > CTRINFO_MOUNTS_MAX ||
	    status >= CTRINFO_STATUS_COUNT || !ctrinfo_id_ok(info->id))
		return -EPROTO;
	info->status = (enum ctrinfo_status)status;
	for (uint32_t i = 0; i < info->nmounts; i++)
		get_mount(m, &info->mounts[i]);
	return msg_end(m) < 0 ? -EPROTO : 0;
}

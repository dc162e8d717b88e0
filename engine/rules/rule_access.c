/*
 * Rule accessors and alerts: what the engine and the CLI read from a
 * matched or listed rule, and the alert filled for a match.
 */
#include <errno.h>
#include <string.h>

#include "output_fmt.h"
#include "rule_items.h"
#include "ruleset.h"

const char *rule_name(const struct rule *r)
{
	return r->d.name;
}

const char *rule_desc(const struct rule *r)
{
	return r->d.desc ? r->d.desc : "";
}

const char *rule_source(const struct rule *r)
{
	return r->d.source;
}

enum priority rule_priority(const struct rule *r)
{
	return r->d.priority;
}

bool rule_enabled(const struct rule *r)
{
	return r->d.selected;
}

bool rule_has_type(const struct rule *r, unsigned type)
{
	return type < LNR_EVT_COUNT && r->d.types[type];
}

const struct cnode *rule_cond(const struct rule *r)
{
	return r->d.root;
}

int rule_fill_alert(const struct rule *r, struct evt_ctx *ctx, struct alert *a,
		    char *scratch, size_t len)
{
	size_t off = 0, n, i, nf;
	int rc = 0;

	a->rule = r->d.name;
	a->priority = r->d.priority;
	a->source = r->d.source;
	a->ntags = 0;
	for (i = 0; i < r->d.tags.n && i < ALERT_MAX_TAGS; i++)
		a->tags[a->ntags++] = r->d.tags.v[i];
	a->output = "";
	a->nfields = 0;
	if (!r->d.out || !len)
		return len ? 0 : -ENOSPC;
	n = output_fmt_render(r->d.out, ctx, scratch, len);
	a->output = scratch;
	if (n >= len)
		return -ENOSPC;
	off = n + 1;
	nf = output_fmt_nfields(r->d.out);
	for (i = 0; i < nf && i < ALERT_MAX_FIELDS; i++) {
		if (off >= len) {
			rc = -ENOSPC;
			break;
		}
		n = output_fmt_field_render(r->d.out, i, ctx, scratch + off,
					    len - off);
		a->fields[a->nfields].key = output_fmt_field_name(r->d.out, i);
		a->fields[a->nfields].value = scratch + off;
		a->fields[a->nfields].kind = output_fmt_field_kind(r->d.out, i);
		a->nfields++;
		if (n >= len - off) {
			rc = -ENOSPC;
			break;
		}
		off += n + 1;
	}
	return rc;
}

/*
 * Rule sets: files in, compiled rules out. Keeps a copy of each file for
 * diagnostics, compiles every rule after all files are loaded (so later
 * files override earlier ones), and indexes enabled rules by event type.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cond_compile.h"
#include "cond_types.h"
#include "output_fmt.h"
#include "rule_exceptions.h"
#include "rule_items.h"
#include "rule_append.h"
#include "rule_select.h"
#include "rule_yaml.h"
#include "ruleset.h"

#define RULESET_ARENA_LIMIT (512u << 20)

struct ruleset *ruleset_new(void)
{
	struct ruleset *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return NULL;
	rule_arena_init(&rs->arena, RULESET_ARENA_LIMIT);
	diag_init(&rs->diags, &rs->arena);
	return rs;
}

void ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nregexes; i++)
		regfree(rs->regexes[i]);
	rule_arena_free(&rs->arena);
	free(rs);
}

int ruleset_add_file(struct ruleset *rs, const char *path, const char *buf,
		     size_t len)
{
	struct srcfile *f;
	char *copy;

	if (rs->compiled)
		return -EBUSY;
	if (rs->nfiles >= RULESET_FILES_MAX) {
		diag_err(&rs->diags, NULL, "%s: too many rule files", path);
		return -E2BIG;
	}
	f = rule_arena_alloc(&rs->arena, sizeof(*f));
	copy = rule_arena_alloc(&rs->arena, len + 1);
	if (!f || !copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	f->path = rule_arena_strdup(&rs->arena, path);
	f->buf = copy;
	f->len = len;
	if (!f->path)
		return -ENOMEM;
	rs->files[rs->nfiles++] = f;
	return rule_yaml_load(rs, f) < 0 ? -EINVAL : 0;
}

int ruleset_select_config(struct ruleset *rs, const char *key,
			  const char *value)
{
	int r = rule_select_config(rs, key, value);

	return r < 0 ? r : rule_append_config(rs, key, value);
}

static void compile_output(struct ruleset *rs, struct rule_def *r)
{
	struct srcpos pos = r->output_pos;
	const char *text = rule_append_output(rs, r);
	char err[160];
	size_t off = 0;

	if (!text) {
		diag_err(&rs->diags, &pos, "rule '%s': out of memory", r->name);
		return;
	}
	r->out = output_fmt_compile(&rs->arena, r->source, text, err,
				    sizeof(err), &off);
	if (r->out && rule_append_fields(rs, r, r->out, err, sizeof(err)) < 0) {
		diag_err(&rs->diags, &pos, "rule '%s': append_output: %s",
			 r->name, err);
		r->out = NULL;
		return;
	}
	if (r->out)
		return;
	if (text != r->output) {
		diag_err(&rs->diags, &pos,
			 "rule '%s': invalid output with append_output's "
			 "extra_output: %s at '%.30s'",
			 r->name, err, text + off);
		return;
	}
	if (pos.line)
		pos.col += (unsigned)off; /* exact for one-line outputs */
	diag_errc(&rs->diags, ERR_COMPILE_OUTPUT, &pos,
		  "rule '%s': invalid output: %s at '%.30s'", r->name, err,
		  r->output + off);
}

static void compile_rule(struct ruleset *rs, struct rule_def *r)
{
	bool skipped;

	diag_item(&rs->diags, "rule", r->name);
	if (rule_exceptions_render(rs, r) < 0) {
		diag_err(&rs->diags, &r->pos, "rule '%s': out of memory",
			 r->name);
		return;
	}
	r->root = cond_compile_rule(rs, r, &skipped);
	if (!r->root)
		return;
	compile_output(rs, r);
	if (!r->out)
		return;
	if (cond_types(r->root, r->types) && r->warn_evttypes &&
	    !strcmp(r->source, "syscall"))
		diag_warn(&rs->diags, NO_EVTTYPE, &r->pos,
			  "rule '%s' does not restrict evt.type: it is "
			  "evaluated for every event, which costs CPU",
			  r->name);
	r->compiled = true;
}

/* Lists and macros nothing names are likely mistakes (Falco warns the
 * same way); a list is used when a condition or another list names it. */
static void warn_unused(struct ruleset *rs)
{
	struct list_def *l;
	size_t i, j;

	for (i = 0; i < rs->nlists; i++)
		for (j = 0; j < rs->lists[i]->items.n; j++)
			if ((l = rule_items_list(rs, rs->lists[i]->items.v[j])))
				l->used = true;
	for (i = 0; i < rs->nmacros; i++)
		if (!rs->macros[i]->used) {
			diag_item(&rs->diags, "macro", rs->macros[i]->name);
			diag_warn(&rs->diags, UNUSED_MACRO, &rs->macros[i]->pos,
				  "macro '%s' is not used by any rule or macro",
				  rs->macros[i]->name);
		}
	for (i = 0; i < rs->nlists; i++)
		if (!rs->lists[i]->used) {
			diag_item(&rs->diags, "list", rs->lists[i]->name);
			diag_warn(&rs->diags, UNUSED_LIST, &rs->lists[i]->pos,
				  "list '%s' is not used by any rule, macro or "
				  "list",
				  rs->lists[i]->name);
		}
}

static int build_index(struct ruleset *rs)
{
	const struct rule **v;
	struct rule_def *r;
	size_t i, t, cap;

	for (t = 1; t < LNR_EVT_COUNT; t++) {
		cap = 0;
		for (i = 0; i < rs->nrules; i++) {
			r = &rs->rules[i]->d;
			if (!r->selected || !r->types[t])
				continue;
			v = rule_arena_grow(&rs->arena, rs->index[t],
					    sizeof(const struct rule *),
					    rs->nindex[t], rs->nindex[t] + 1,
					    &cap);
			if (!v)
				return -ENOMEM;
			v[rs->nindex[t]++] = rs->rules[i];
			rs->index[t] = v;
			if (!strcmp(r->source, "syscall"))
				rs->syscall_types[t] = 1;
		}
	}
	return 0;
}

int ruleset_compile(struct ruleset *rs)
{
	size_t i;

	if (rs->compiled)
		return rs->diags.errors ? -EINVAL : 0;
	rs->compiled = true;
	if (rs->items_refused)
		diag_err(&rs->diags, NULL, "too many items: %zu refused",
			 rs->items_refused);
	rs->diags.phase = DIAG_ERR_COMPILE_CONDITION;
	cond_parse_macros(rs);
	cond_compile_macros(rs);
	for (i = 0; i < rs->nrules; i++)
		compile_rule(rs, &rs->rules[i]->d);
	diag_item(&rs->diags, NULL, NULL);
	rule_select_apply(rs);
	rs->enabled = 0;
	for (i = 0; i < rs->nrules; i++) {
		rs->rules[i]->d.selected =
		    rs->rules[i]->d.selected && rs->rules[i]->d.compiled;
		rs->enabled += rs->rules[i]->d.selected;
	}
	if (build_index(rs) < 0)
		diag_err(&rs->diags, NULL, "out of memory indexing rules");
	if (!rs->diags.errors)
		warn_unused(rs);
	diag_item(&rs->diags, NULL, NULL);
	diag_sort(&rs->diags, rs->files, rs->nfiles);
	return rs->diags.errors ? -EINVAL : 0;
}

size_t ruleset_count(const struct ruleset *rs)
{
	return rs->enabled;
}

size_t ruleset_error_count(const struct ruleset *rs)
{
	return rs->diags.errors;
}

size_t ruleset_warning_count(const struct ruleset *rs)
{
	return rs->diags.warnings;
}

void ruleset_diag_text(const struct ruleset *rs, char *buf, size_t len)
{
	diag_render_all(&rs->diags, buf, len);
}

void ruleset_eval(const struct ruleset *rs, const char *source,
		  unsigned evt_type, struct evt_ctx *ctx, ruleset_match_fn fn,
		  void *arg)
{
	const struct rule *r;
	const char *src = NULL;
	size_t i;

	if (evt_type == 0 || evt_type >= LNR_EVT_COUNT)
		return;
	for (i = 0; i < rs->nindex[evt_type]; i++) {
		r = rs->index[evt_type][i];
		/* rule sources are few distinct strings: compare once each */
		if (r->d.source != src) {
			if (strcmp(r->d.source, source) != 0)
				continue;
			src = r->d.source;
		}
		if (cond_eval(r->d.root, ctx, evt_type))
			fn(arg, r, ctx);
	}
}

void ruleset_evt_types(const struct ruleset *rs, uint8_t set[LNR_EVT_COUNT])
{
	size_t t;

	/* An io_uring operation goes with the syscall it stands for. */
	for (t = 0; t < LNR_EVT_COUNT; t++)
		set[t] = rs->syscall_types[lnr_evt_twin(t)];
}

size_t ruleset_rule_total(const struct ruleset *rs)
{
	return rs->nrules;
}

const struct rule *ruleset_rule_at(const struct ruleset *rs, size_t i)
{
	return i < rs->nrules ? rs->rules[i] : NULL;
}

const struct rule *ruleset_rule_find(const struct ruleset *rs, const char *name)
{
	return rule_items_rule(rs, name);
}

/*
 * Rule exceptions: loaded from `exceptions:` (tuple form with a list of
 * fields, or single-field form), extended by appends, and compiled by
 * adding "and not (...)" to the rule's condition text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cond.h"
#include "fields.h"
#include "rule_exceptions.h"
#include "rule_items.h"
#include "rule_load.h"

static struct exc_def *exc_find(struct rule_def *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (!strcmp(r->exc[i]->name, name))
			return r->exc[i];
	return NULL;
}

/* Each field must be one the rule's source has, as Falco checks before
 * compiling. */
static int check_fields(const struct rule_doc *y, const struct exc_def *e,
			const struct strv *fv, const char *source)
{
	struct field_arg arg;
	const char *near;
	char err[160];
	size_t i, used;
	int rc = 0;

	for (i = 0; i < fv->n; i++) {
		if (fields_lookup(source, fv->v[i], &used, &arg, err,
				  sizeof(err)) &&
		    used == strlen(fv->v[i]))
			continue;
		near = fields_nearest(source, fv->v[i]);
		diag_errc(y->diags, ERR_VALIDATE, &fv->pos[i],
			  "exception '%s': '%s' is not a supported filter "
			  "field%s%s%s",
			  e->name, fv->v[i], near ? " (did you mean '" : "",
			  near ? near : "", near ? "'?)" : "");
		rc = -EINVAL;
	}
	return rc;
}

/* With one field (not a list), comps is one operator taking a list. */
static int check_single_comps(const struct rule_doc *y, const struct exc_def *e,
			      yaml_node_t *comps)
{
	struct srcpos pos;
	const char *c;

	if (!comps)
		return 0;
	pos = rule_node_pos(y, comps);
	if (comps->type != YAML_SCALAR_NODE) {
		diag_errc(y->diags, ERR_VALIDATE, &pos,
			  "exception '%s': 'fields' and 'comps' must both be "
			  "strings or both be lists",
			  e->name);
		return -EINVAL;
	}
	c = (const char *)comps->data.scalar.value;
	if (strcmp(c, "in") != 0 && strcmp(c, "pmatch") != 0 &&
	    strcmp(c, "intersects") != 0) {
		diag_errc(y->diags, ERR_VALIDATE, &pos,
			  "exception '%s': with a single field, 'comps' must "
			  "be in, pmatch or intersects",
			  e->name);
		return -EINVAL;
	}
	return 0;
}

static int load_fields(const struct rule_doc *y, struct exc_def *e,
		       yaml_node_t *fields, yaml_node_t *comps,
		       const char *source)
{
	struct strv fv = {0}, cv = {0};
	struct srcpos pos = rule_node_pos(y, fields);
	unsigned i;

	if (fields->type == YAML_SCALAR_NODE) {
		e->single = true;
		if (check_single_comps(y, e, comps) < 0)
			return -EINVAL;
		if (strv_push(y->arena, &fv, rule_node_scalar(y, fields),
			      &pos) < 0)
			return -ENOMEM;
	} else if (rule_node_strv(y, fields, &fv, "fields") < 0) {
		return -EINVAL;
	}
	if (fv.n == 0 || fv.n > EXC_FIELDS_MAX) {
		diag_err(y->diags, &pos, "exception '%s' needs 1 to %d fields",
			 e->name, EXC_FIELDS_MAX);
		return -EINVAL;
	}
	if (check_fields(y, e, &fv, source) < 0)
		return -EINVAL;
	if (comps && comps->type == YAML_SCALAR_NODE) {
		pos = rule_node_pos(y, comps);
		if (strv_push(y->arena, &cv, rule_node_scalar(y, comps), &pos) <
		    0)
			return -ENOMEM;
	} else if (comps && rule_node_strv(y, comps, &cv, "comps") < 0) {
		return -EINVAL;
	}
	if (comps && cv.n != fv.n) {
		pos = rule_node_pos(y, comps);
		diag_errc(y->diags, ERR_VALIDATE, &pos,
			  "exception '%s' has %zu fields but %zu comps",
			  e->name, fv.n, cv.n);
		return -EINVAL;
	}
	e->nfields = (unsigned)fv.n;
	for (i = 0; i < e->nfields; i++) {
		e->fields[i] = fv.v[i];
		e->comps[i] = comps ? cv.v[i] : e->single ? "in" : "=";
		if (cond_op_parse(e->comps[i]) < 0) {
			pos = comps ? cv.pos[i] : rule_node_pos(y, fields);
			diag_errc(y->diags, ERR_VALIDATE, &pos,
				  "exception '%s': unknown comparison '%s'",
				  e->name, e->comps[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static int load_elem(const struct rule_doc *y, yaml_node_t *n,
		     struct exc_val *v)
{
	struct srcpos pos = rule_node_pos(y, n);

	if (n->type == YAML_SCALAR_NODE) {
		v->s = rule_node_scalar(y, n);
		return v->s ? 0 : -ENOMEM;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		diag_err(y->diags, &pos,
			 "exception values must be strings or lists");
		return -EINVAL;
	}
	v->is_seq = true;
	return rule_node_strv(y, n, &v->seq, "values");
}

static int load_values(const struct rule_doc *y, struct exc_def *e,
		       yaml_node_t *vals)
{
	struct srcpos pos = rule_node_pos(y, vals);
	yaml_node_item_t *it, *jt;
	struct exc_val *t;
	yaml_node_t *n;
	unsigned k;

	if (vals->type != YAML_SEQUENCE_NODE) {
		diag_err(y->diags, &pos,
			 "exception '%s': values must "
			 "be a list",
			 e->name);
		return -EINVAL;
	}
	for (it = vals->data.sequence.items.start;
	     it < vals->data.sequence.items.top; it++) {
		n = yaml_document_get_node(y->doc, *it);
		pos = rule_node_pos(y, n);
		t = rule_arena_alloc(y->arena, e->nfields * sizeof(*t));
		if (!t)
			return -ENOMEM;
		if (e->single && n->type != YAML_SCALAR_NODE) {
			diag_errc(y->diags, ERR_VALIDATE, &pos,
				  "exception '%s': with a single field, each "
				  "value must be a string",
				  e->name);
			return -EINVAL;
		} else if (e->single) {
			if (load_elem(y, n, &t[0]) < 0)
				return -EINVAL;
		} else if (n->type != YAML_SEQUENCE_NODE ||
			   n->data.sequence.items.top -
				   n->data.sequence.items.start !=
			       e->nfields) {
			diag_errc(y->diags, ERR_VALIDATE, &pos,
				  "exception '%s': each value must be a list "
				  "of %u items, one per field",
				  e->name, e->nfields);
			return -EINVAL;
		} else {
			for (k = 0, jt = n->data.sequence.items.start;
			     k < e->nfields; k++, jt++)
				if (load_elem(
					y, yaml_document_get_node(y->doc, *jt),
					&t[k]) < 0)
					return -EINVAL;
		}
		if (rule_arena_push(y->arena, (void ***)&e->tuples, &e->ntuples,
				    &e->cap, t) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Falco's warnings on an exception: a name given twice in one item, an
 * append that adds no values. */
static void warn_exception(const struct rule_doc *y, yaml_node_t *seq,
			   yaml_node_t *n, const char *name, bool append)
{
	struct srcpos pos = rule_node_pos(y, n);
	yaml_node_item_t *it;
	yaml_node_t *o;

	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++) {
		o = yaml_document_get_node(y->doc, *it);
		if (o == n)
			break;
		if (o->type == YAML_MAPPING_NODE &&
		    rule_node_scalar(y, rule_node_get(y, o, "name")) &&
		    !strcmp(rule_node_scalar(y, rule_node_get(y, o, "name")),
			    name))
			diag_warn(y->diags, EXCEPTION_NAME_NOT_UNIQUE, &pos,
				  "exception '%s' is defined twice in this "
				  "rule",
				  name);
	}
	if (append && !rule_node_get(y, n, "values"))
		diag_warn(y->diags, APPEND_NO_VALUES, &pos,
			  "exception '%s' is appended with no values", name);
}

static int load_one(const struct rule_doc *y, struct rule_def *r,
		    yaml_node_t *seq, yaml_node_t *n, bool append)
{
	static const struct rule_load_key keys[] = {
	    {"name", 0}, {"fields", 0}, {"comps", 0}, {"values", 0}, {NULL, 0}};
	struct srcpos pos = rule_node_pos(y, n);
	yaml_node_t *fields, *vals;
	struct exc_def *e;
	const char *name;

	if (n->type != YAML_MAPPING_NODE) {
		diag_err(y->diags, &pos, "exceptions must be mappings");
		return -EINVAL;
	}
	if (rule_load_keys(y, n, keys, "exception") < 0 ||
	    !(name = rule_node_need(y, n, "name", "exception")))
		return -EINVAL;
	warn_exception(y, seq, n, name, append);
	fields = rule_node_get(y, n, "fields");
	vals = rule_node_get(y, n, "values");
	e = exc_find(r, name);
	if (append && e && (fields || rule_node_get(y, n, "comps"))) {
		diag_errc(y->diags, ERR_VALIDATE, &pos,
			  "exception '%s' exists: an append may add values, "
			  "not fields or comps",
			  name);
		return -EINVAL;
	}
	if (append && e)
		return vals ? load_values(y, e, vals) : 0;
	if (!fields) {
		diag_err(y->diags, &pos, "exception '%s' has no 'fields'",
			 name);
		return -EINVAL;
	}
	e = rule_arena_alloc(y->arena, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->name = name;
	e->pos = pos;
	if (load_fields(y, e, fields, rule_node_get(y, n, "comps"), r->source) <
	    0)
		return -EINVAL;
	if (vals && load_values(y, e, vals) < 0)
		return -EINVAL;
	return rule_arena_push(y->arena, (void ***)&r->exc, &r->nexc,
			       &r->exccap, e);
}

int rule_exceptions_load(const struct rule_doc *y, struct rule_def *r,
			 yaml_node_t *seq, bool append)
{
	struct srcpos pos = rule_node_pos(y, seq);
	yaml_node_item_t *it;
	int rc = 0;

	if (seq->type != YAML_SEQUENCE_NODE) {
		diag_err(y->diags, &pos, "'exceptions' must be a list");
		return -EINVAL;
	}
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top; it++)
		if (load_one(y, r, seq, yaml_document_get_node(y->doc, *it),
			     append) < 0)
			rc = -EINVAL;
	return rc;
}

/* A growing text buffer in the arena. */
struct tbuf {
	struct rule_arena *a;
	char *s;
	size_t n, cap;
	bool fail;
};

static void tput(struct tbuf *b, const char *s, size_t n)
{
	char *ns;

	ns = rule_arena_grow(b->a, b->s, 1, b->n, b->n + n + 1, &b->cap);
	if (!ns) {
		b->fail = true;
		return;
	}
	memcpy(ns + b->n, s, n);
	b->n += n;
	ns[b->n] = '\0';
	b->s = ns;
}

static void tputs(struct tbuf *b, const char *s)
{
	tput(b, s, strlen(s));
}

static void put_quoted(struct tbuf *b, const char *v)
{
	if (v[0] == '"' || v[0] == '\'') {
		tputs(b, v);
		return;
	}
	tputs(b, "\"");
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			tputs(b, "\\");
		tput(b, v, 1);
	}
	tputs(b, "\"");
}

static void put_value(struct ruleset *rs, struct tbuf *b,
		      const struct exc_val *v, const char *comp)
{
	bool listop = cond_op_takes_list(cond_op_parse(comp));
	size_t i;

	if (v->is_seq) {
		tputs(b, "(");
		for (i = 0; i < v->seq.n; i++) {
			if (i)
				tputs(b, ", ");
			put_quoted(b, v->seq.v[i]);
		}
		tputs(b, ")");
	} else if (listop) {
		tputs(b, "(");
		if (rule_items_list(rs, v->s))
			tputs(b, v->s);
		else
			put_quoted(b, v->s);
		tputs(b, ")");
	} else {
		put_quoted(b, v->s);
	}
}

static void put_exception(struct ruleset *rs, struct tbuf *b,
			  const struct exc_def *e)
{
	size_t t;
	unsigned k;

	for (t = 0; t < e->ntuples; t++) {
		tputs(b, t ? " or (" : "(");
		for (k = 0; k < e->nfields; k++) {
			if (k)
				tputs(b, " and ");
			tputs(b, e->fields[k]);
			tputs(b, " ");
			tputs(b, e->comps[k]);
			tputs(b, " ");
			put_value(rs, b, &e->tuples[t][k], e->comps[k]);
		}
		tputs(b, ")");
	}
}

int rule_exceptions_render(struct ruleset *rs, struct rule_def *r)
{
	struct tbuf b = {.a = &rs->arena};
	struct srctext t = r->cond;
	size_t i;

	for (i = 0; i < r->nexc; i++)
		if (r->exc[i]->ntuples)
			break;
	if (i == r->nexc || !t.s)
		return 0;
	tputs(&b, "(");
	tputs(&b, r->cond.s);
	tputs(&b, ")");
	for (i = 0; i < t.nseg; i++)
		t.seg[i].off++;
	for (i = 0; i < r->nexc; i++) {
		if (!r->exc[i]->ntuples)
			continue;
		if (t.nseg < TEXT_SEGS_MAX) {
			t.seg[t.nseg].off = b.n;
			t.seg[t.nseg].pos = r->exc[i]->pos;
			t.seg[t.nseg].src = NULL;
			t.nseg++;
		}
		tputs(&b, " and not (");
		put_exception(rs, &b, r->exc[i]);
		tputs(&b, ")");
	}
	if (b.fail)
		return -ENOMEM;
	t.s = b.s;
	t.len = b.n;
	r->cond = t;
	return 0;
}

/*
 * Validation results per rule file, as text or as Falco-shaped JSON.
 * Diagnostics are already in file order; each belongs to the file its
 * position names, and those without one (a file that could not be read)
 * are reported first, on their own.
 */
#include <stdbool.h>
#include <string.h>

#include "rule_items.h"
#include "rules_report.h"
#include "textesc.h"

#define SNIPPET_MAX 1024

/* The diagnostics of one file (NULL: of none) and their counts. */
struct file_result {
	const struct srcfile *file;
	size_t errors, warnings;
};

static struct file_result count(const struct ruleset *rs,
				const struct srcfile *f)
{
	struct file_result r = {.file = f};
	size_t i;

	for (i = 0; i < rs->diags.n; i++) {
		if (rs->diags.v[i].pos.file != f)
			continue;
		if (rs->diags.v[i].sev == DIAG_ERROR)
			r.errors++;
		else
			r.warnings++;
	}
	return r;
}

static const char *verdict(const struct file_result *r)
{
	if (r->errors)
		return "Invalid";
	return r->warnings ? "Ok, with warnings" : "Ok";
}

static void text_file(const struct ruleset *rs, const struct srcfile *f,
		      FILE *out)
{
	struct file_result r = count(rs, f);
	char buf[SNIPPET_MAX * 2];
	size_t i;

	if (!f && !r.errors && !r.warnings)
		return;
	fprintf(out, "%s: %s (%zu errors, %zu warnings)\n",
		f ? f->path : "(rule files)", verdict(&r), r.errors,
		r.warnings);
	for (i = 0; i < rs->diags.n; i++) {
		if (rs->diags.v[i].pos.file != f)
			continue;
		diag_render(&rs->diags.v[i], buf, sizeof(buf));
		fputs(buf, out);
	}
}

void rules_report_text(const struct ruleset *rs, FILE *out)
{
	size_t i;

	text_file(rs, NULL, out);
	for (i = 0; i < rs->nfiles; i++)
		text_file(rs, rs->files[i], out);
	if (rs->diags.refused)
		fprintf(out, "(%zu more diagnostics not shown)\n",
			rs->diags.refused);
}

static void put_piece(void *out, const char *s, size_t n)
{
	fwrite(s, 1, n, out);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	textesc_json(s, strlen(s), put_piece, out);
	fputc('"', out);
}

/* Falco's context: the rules content, then the place; lines and columns
 * count from 0 there, as YAML marks do. */
static void json_context(const struct diag *dg, FILE *out)
{
	const struct srcpos *p = &dg->pos;
	const char *name = p->file ? p->file->path : "";
	char snippet[SNIPPET_MAX];

	fputs("{\"locations\":[{\"item_type\":\"rules content\","
	      "\"item_name\":\"\",\"position\":{\"name\":",
	      out);
	json_str(out, name);
	fputs(",\"line\":0,\"column\":0,\"offset\":0}}", out);
	if (p->line) {
		fputs(",{\"item_type\":", out);
		json_str(out, dg->item_type ? dg->item_type : "");
		fputs(",\"item_name\":", out);
		json_str(out, dg->item_name ? dg->item_name : "");
		fputs(",\"position\":{\"name\":", out);
		json_str(out, name);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"offset\":%zu}}",
			p->line - 1, p->col ? p->col - 1 : 0, diag_offset(p));
	}
	fputs("],\"snippet\":", out);
	diag_snippet(dg, "", snippet, sizeof(snippet));
	json_str(out, snippet);
	fputc('}', out);
}

static void json_diag(const struct diag *dg, FILE *out)
{
	fputs("{\"context\":", out);
	json_context(dg, out);
	fputs(",\"code\":", out);
	json_str(out, diag_code_name(dg->code));
	fputs(",\"codedesc\":", out);
	json_str(out, diag_code_summary(dg->code));
	fputs(",\"message\":", out);
	json_str(out, dg->msg);
	fputc('}', out);
}

static void json_list(const struct ruleset *rs, const struct srcfile *f,
		      enum diag_sev sev, FILE *out)
{
	bool first = true;
	size_t i;

	fputc('[', out);
	for (i = 0; i < rs->diags.n; i++) {
		if (rs->diags.v[i].pos.file != f || rs->diags.v[i].sev != sev)
			continue;
		if (!first)
			fputc(',', out);
		first = false;
		json_diag(&rs->diags.v[i], out);
	}
	fputc(']', out);
}

/* One file's result; false when there was nothing to say (no file). */
static bool json_file(const struct ruleset *rs, const struct srcfile *f,
		      bool first, FILE *out)
{
	struct file_result r = count(rs, f);

	if (!f && !r.errors && !r.warnings)
		return false;
	if (!first)
		fputc(',', out);
	fputs("{\"name\":", out);
	json_str(out, f ? f->path : "");
	fprintf(out,
		",\"successful\":%s,\"errors\":", r.errors ? "false" : "true");
	json_list(rs, f, DIAG_ERROR, out);
	fputs(",\"warnings\":", out);
	json_list(rs, f, DIAG_WARNING, out);
	fputc('}', out);
	return true;
}

void rules_report_json(const struct ruleset *rs, FILE *out)
{
	bool first = true;
	size_t i;

	fputs("{\"falco_load_results\":[", out);
	if (json_file(rs, NULL, first, out))
		first = false;
	for (i = 0; i < rs->nfiles; i++, first = false)
		json_file(rs, rs->files[i], first, out);
	fputs("]}\n", out);
}

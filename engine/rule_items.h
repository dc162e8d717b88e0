/*
 * The items a rule set collects from its files (lists, macros, rules),
 * before and after compilation, and the rule set itself. Internal to the
 * rule files; the engine uses ruleset.h.
 */
#ifndef LNR_RULE_ITEMS_H
#define LNR_RULE_ITEMS_H

#include <regex.h>
#include <stdbool.h>
#include <yaml.h>

#include "alert.h"
#include "diag.h"
#include "event.h"
#include "rule_arena.h"
#include "ruleset.h"

#define RULESET_FILES_MAX 256
#define RULESET_ITEMS_MAX 20000
#define RULESET_SELECT_MAX 256
#define TEXT_SEGS_MAX 32
#define EXC_FIELDS_MAX 16

/* Text made of one or more YAML scalars (a condition and its appends),
 * with where each piece came from, to place errors inside it. */
struct text_seg {
	size_t off;	   /* where the piece starts in the text */
	struct srcpos pos; /* where its scalar starts in the file */
	const char *src;   /* the scalar's first byte in the file */
	bool exact;	   /* offsets inside map 1:1 to the scalar */
};

struct srctext {
	char *s;
	size_t len;
	struct text_seg seg[TEXT_SEGS_MAX];
	unsigned nseg;
};

struct strv {
	const char **v;
	struct srcpos *pos;
	size_t n, cap;
};

struct list_def {
	const char *name;
	struct srcpos pos;
	struct strv items;
	int state; /* resolution: 0 new, 1 resolving, 2 done */
	struct strv flat;
};

struct ast;
struct macro_def {
	const char *name;
	struct srcpos pos;
	struct srctext cond;
	struct ast *ast;
	int state; /* 0 new, 1 expanding */
	bool bad;  /* its condition failed; reported once */
};

/* One element of an exception tuple: a value or a list of values. */
struct exc_val {
	bool is_seq;
	const char *s;
	struct strv seq;
};

struct exc_def {
	const char *name;
	struct srcpos pos;
	bool single; /* fields is a string, not a list */
	unsigned nfields;
	const char *fields[EXC_FIELDS_MAX];
	const char *comps[EXC_FIELDS_MAX];
	struct exc_val **tuples; /* each nfields long; single: 1 */
	size_t ntuples, cap;
};

struct cnode;
struct output_fmt;

struct rule_def {
	const char *name;
	struct srcpos pos;
	const char *desc;
	struct srctext cond;
	const char *output;
	struct srcpos output_pos;
	enum priority priority;
	bool enabled;
	bool warn_evttypes;
	bool skip_unknown;
	const char *source;
	struct strv tags;
	struct exc_def **exc;
	size_t nexc, exccap;
	/* compiled */
	bool compiled;
	bool selected; /* enabled after selection */
	struct cnode *root;
	struct output_fmt *out;
	uint8_t types[LNR_EVT_COUNT];
};

struct rule {
	struct rule_def d;
};

enum select_kind {
	SEL_DISABLE_RULE,
	SEL_ENABLE_RULE,
	SEL_DISABLE_TAG,
	SEL_ENABLE_TAG,
	SEL_DISABLE_SUBSTR,
	SEL_ONLY_TAG
};

struct select_op {
	enum select_kind kind;
	const char *arg;
};

struct ruleset {
	struct rule_arena arena;
	struct diags diags;
	struct srcfile *files[RULESET_FILES_MAX];
	size_t nfiles;
	struct list_def **lists;
	size_t nlists, listcap;
	struct macro_def **macros;
	size_t nmacros, macrocap;
	struct rule **rules;
	size_t nrules, rulecap;
	size_t items_refused;
	struct select_op sel[RULESET_SELECT_MAX];
	size_t nsel, sel_refused;
	bool compiled;
	regex_t **regexes; /* every compiled regex, freed with the set */
	size_t nregexes, regexcap;
	/* index: per event type, then per source, the rules in order */
	const struct rule **index[LNR_EVT_COUNT];
	size_t nindex[LNR_EVT_COUNT];
	uint8_t syscall_types[LNR_EVT_COUNT]; /* wanted by syscall rules */
	size_t enabled;
};

/* rule_items.c */
struct list_def *ruleset_list_find(const struct ruleset *rs, const char *n);
struct macro_def *ruleset_macro_find(const struct ruleset *rs, const char *n);
struct rule *ruleset_rule_find_mut(const struct ruleset *rs, const char *n);
int strv_push(struct rule_arena *a, struct strv *v, const char *s,
	      const struct srcpos *pos);
int srctext_set(struct rule_arena *a, struct srctext *t, const char *s,
		const struct srcpos *pos, const char *src, bool exact);
int srctext_append(struct rule_arena *a, struct srctext *t, const char *s,
		   const struct srcpos *pos, const char *src, bool exact);
/* Maps an offset inside the text to a file position. */
struct srcpos srctext_pos(const struct srctext *t, size_t off);

/* rule_yaml.c: loads one file's items into the set */
int rule_yaml_load(struct ruleset *rs, struct srcfile *f);

/* rule_load.c: one YAML item each */
struct yaml_ctx {
	const size_t *lines; /* offset of each line start */
	size_t nlines;
	struct ruleset *rs;
	struct srcfile *file;
	yaml_document_t *doc;
};
struct srcpos yaml_pos(const struct yaml_ctx *y, const yaml_node_t *n);
const char *yaml_scalar(const struct yaml_ctx *y, const yaml_node_t *n);
const char *yaml_src(const struct yaml_ctx *y, const yaml_node_t *n);
bool yaml_exact(const yaml_node_t *n);
yaml_node_t *yaml_get(const struct yaml_ctx *y, yaml_node_t *map,
		      const char *key);
enum { K_APPEND = 1, K_REPLACE = 2 };
struct keydef {
	const char *name;
	unsigned override; /* K_APPEND / K_REPLACE allowed */
};
int rule_load_check_keys(struct yaml_ctx *y, yaml_node_t *item,
			 const struct keydef *keys, const char *what);
int rule_load_bool(struct yaml_ctx *y, yaml_node_t *n, bool *out);
const char *rule_load_need(struct yaml_ctx *y, yaml_node_t *item,
			   const char *key, const char *what);
int rule_load_strv(struct yaml_ctx *y, yaml_node_t *seq, struct strv *v,
		   const char *key);
int rule_load_override(struct yaml_ctx *y, yaml_node_t *item,
		       const struct keydef *keys, unsigned *modes);
int rule_load_mode(struct yaml_ctx *y, yaml_node_t *item, bool *append,
		   bool *override);
int rule_load_add(struct ruleset *rs, void ***v, size_t *n, size_t *cap,
		  void *p);
int rule_load_cond(struct yaml_ctx *y, struct srctext *t, yaml_node_t *c,
		   bool append);
int rule_load_list(struct yaml_ctx *y, yaml_node_t *item);
int rule_load_macro(struct yaml_ctx *y, yaml_node_t *item);
int rule_load_rule(struct yaml_ctx *y, yaml_node_t *item);

/* rule_exceptions.c */
int rule_exc_load(struct yaml_ctx *y, struct rule_def *r, yaml_node_t *seq,
		  bool append);
/* Appends " and not (...)" for each exception to the rule's condition. */
int rule_exc_render(struct ruleset *rs, struct rule_def *r);

/* rule_select.c */
void ruleset_apply_selection(struct ruleset *rs);

#endif

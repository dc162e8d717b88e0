/*
 * The items a rule set collects from its files (lists, macros, rules),
 * before and after compilation, the rule set that holds them, and finding
 * and keeping items by name. Internal to the rule files; the engine uses
 * ruleset.h.
 */
#ifndef LNR_RULE_ITEMS_H
#define LNR_RULE_ITEMS_H

#include <regex.h>
#include <stdbool.h>

#include "alert.h"
#include "diag.h"
#include "event.h"
#include "rule_append.h"
#include "rule_arena.h"
#include "srctext.h"
#include "strv.h"

#define RULESET_FILES_MAX 256
#define RULESET_ITEMS_MAX 20000
#define EXC_FIELDS_MAX 16
#define RULESET_SELECT_MAX 256

struct list_def {
	const char *name;
	struct srcpos pos;
	struct strv items;
	int state; /* resolution: 0 new, 1 resolving, 2 done */
	struct strv flat;
	bool used; /* named by a condition, an exception or a list */
};

struct ast;
struct macro_def {
	const char *name;
	struct srcpos pos;
	struct srctext cond;
	struct ast *ast;
	int state; /* 0 new, 1 expanding */
	bool bad;  /* its condition failed; reported once */
	bool used; /* named by a rule or another macro */
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

#define RULE_CAPTURE_MAX_MS 600000u

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
	bool capture;	     /* capture: a capture file around its alerts */
	uint32_t capture_ms; /* capture_duration; 0: capture.default_duration */
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

/* A rule selection operation (rule_select.c applies them). */
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
	struct append_item append[APPEND_MAX]; /* append_output */
	size_t nappend;
	bool compiled;
	regex_t **regexes; /* every compiled regex, freed with the set */
	size_t nregexes, regexcap;
	/* index: per event type, then per source, the rules in order */
	const struct rule **index[LNR_EVT_COUNT];
	size_t nindex[LNR_EVT_COUNT];
	uint8_t syscall_types[LNR_EVT_COUNT]; /* wanted by syscall rules */
	size_t enabled;
};

enum rule_item_kind { RULE_ITEM_LIST, RULE_ITEM_MACRO, RULE_ITEM_RULE };

/* The first item of kind `k` named `name`; for a rule, NULL when that one
 * has another source than `source` (NULL: any). NULL when there is none. */
void *rule_items_find(const struct ruleset *rs, enum rule_item_kind k,
		      const char *name, const char *source);
/* The name of the item of kind `k` nearest to `name`, for "did you
 * mean"; NULL when none is close. */
const char *rule_items_nearest(const struct ruleset *rs, enum rule_item_kind k,
			       const char *name);
struct list_def *rule_items_list(const struct ruleset *rs, const char *name);
struct macro_def *rule_items_macro(const struct ruleset *rs, const char *name);
struct rule *rule_items_rule(const struct ruleset *rs, const char *name);

/* A new zeroed item with its name and position, not yet in the set; NULL
 * when the arena refuses. */
void *rule_items_new(struct ruleset *rs, enum rule_item_kind k,
		     const char *name, const struct srcpos *pos);

/*
 * Keeps a new item: copied over `old`, the item of that name it redefines,
 * or else added after the others. -E2BIG (counted) past RULESET_ITEMS_MAX,
 * -ENOMEM when the arena refuses.
 */
int rule_items_keep(struct ruleset *rs, enum rule_item_kind k, void *old,
		    void *item);

#endif

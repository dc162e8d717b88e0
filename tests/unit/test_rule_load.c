/*
 * The rule loader's rejections and warnings, table-driven: one case per
 * class of malformed file Falco's loader rejects and per condition it
 * warns about, each with the place, the message and Falco's class. Also
 * the order of diagnostics (file order) and unreadable files.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "engine/rules/diag.h"
#include "engine/rules/rule_files.h"
#include "engine/rules/rule_items.h"
#include "engine/rules/ruleset.h"

struct lcase {
	const char *yaml;
	const char *want; /* in the rendered diagnostics */
	enum diag_code code;
};

/* A valid rule on opens: the lines most cases start with. */
#define RULE_R                                                                 \
	"- rule: r\n"                                                          \
	"  desc: d\n"                                                          \
	"  condition: evt.type = open\n"                                       \
	"  output: o\n"                                                        \
	"  priority: INFO\n"

/* clang-format off */
static const struct lcase cases[] = {
    {"- rule: r\n"
	     "  desc: [d\n",
     "t.yaml:3:1: error: YAML syntax error",
     DIAG_ERR_YAML_PARSE},
    {"rule: x\n",
     "t.yaml:1:1: error: a rule file must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {"- just a string\n",
     "t.yaml:1:3: error: rule file items must be mappings",
     DIAG_ERR_YAML_VALIDATE},
    {"- list:\n"
	     "  items: [a]\n",
     "t.yaml:1:8: error: 'list' of list is empty",
     DIAG_ERR_YAML_VALIDATE},
    {"- macro: ~\n"
	     "  condition: evt.type = open\n",
     "t.yaml:1:10: error: 'macro' of macro is empty",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: ''\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:1:9: error: 'rule' of rule is empty",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: [r]\n"
	     "  desc: d\n",
     "t.yaml:1:9: error: 'rule' must be a string",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:1:3: error: rule 'r' has no 'condition' key",
     DIAG_ERR_YAML_VALIDATE},
    {"- list: l\n",
     "t.yaml:1:3: error: list has no 'items' key",
     DIAG_ERR_YAML_VALIDATE},
    {"- macro: m\n",
     "t.yaml:1:3: error: macro has no 'condition' key",
     DIAG_ERR_YAML_VALIDATE},
    {"- list: l\n"
	     "  items: a\n",
     "t.yaml:2:10: error: 'items' must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {"- list: l\n"
	     "  items: [[a]]\n",
     "t.yaml:2:11: error: 'items' entries must be strings",
     DIAG_ERR_YAML_VALIDATE},
    {"- macro: m\n"
	     "  condition: [a]\n",
     "t.yaml:2:14: error: 'condition' must be a string",
     DIAG_ERR_YAML_VALIDATE},
    {"- macro: m\n"
	     "  condition:\n",
     "t.yaml:2:13: error: 'condition' must be a non-empty condition",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  enabled: maybe\n",
     "t.yaml:6:12: error: expected true or false",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  tags: shell\n",
     "t.yaml:6:9: error: 'tags' must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  warn_evttypes: [x]\n",
     "t.yaml:6:18: error: expected true or false",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  skip-if-unknown-filter: 2\n",
     "t.yaml:6:27: error: expected true or false",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  source: [syscall]\n",
     "t.yaml:6:11: error: 'source' must be a string",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions: none\n",
     "t.yaml:6:15: error: 'exceptions' must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions: [none]\n",
     "t.yaml:6:16: error: exceptions must be mappings",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  append: sometimes\n",
     "t.yaml:6:11: error: expected true or false",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: [d]\n"
	     "  condition: evt.type = open\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:2:9: error: expected a string",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output:\n"
	     "  priority: INFO\n",
     "t.yaml:4:10: error: expected a non-empty string",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output: o\n"
	     "  priority: LOUD\n",
     "t.yaml:5:13: error: invalid priority 'LOUD'",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output: o\n"
	     "  priority: [INFO]\n",
     "t.yaml:5:13: error: 'priority' must be a string",
     DIAG_ERR_YAML_VALIDATE},
    {"- required_engine_version: [1]\n",
     "t.yaml:1:28: error: required_engine_version must be a version number",
     DIAG_ERR_YAML_VALIDATE},
    {"- required_plugin_versions: container\n",
     "t.yaml:1:29: error: required_plugin_versions must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  condition: and proc.name = x\n"
	     "  append: true\n"
	     "  override:\n"
	     "    condition: append\n",
     "t.yaml:8:11: error: 'append' and 'override' cannot be used together",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  priority: INFO\n"
	     "  override:\n"
	     "    priority: append\n",
     "t.yaml:9:5: error: key 'priority' cannot be overridden with append",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  source: syscall\n"
	     "  override:\n"
	     "    source: replace\n",
     "t.yaml:9:5: error: key 'source' cannot be overridden",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  desc: x\n"
	     "  override:\n"
	     "    desc: merge\n",
     "t.yaml:9:11: error: override of 'desc' must be append or replace",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  desc: x\n"
	     "  override: desc\n",
     "t.yaml:8:13: error: 'override' must be a mapping",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  priority: INFO\n"
	     "  desc: x\n"
	     "  override:\n"
	     "    priority: replace\n",
     "t.yaml:8:9: error: key 'desc' is given but not listed in override",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  desc: x\n"
	     "  override:\n"
	     "    desc: replace\n"
	     "    output: replace\n",
     "t.yaml:10:5: error: override of 'output' but the item has no 'output'",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  priority: CRITICAL\n"
	     "  append: true\n",
     "t.yaml:7:13: error: key 'priority' cannot be appended",
     DIAG_ERR_YAML_VALIDATE},
    {"- list: l\n"
	     "  items: [a]\n"
	     "  append: true\n",
     "t.yaml:1:3: error: list 'l' has 'append' but no list by that name exists",
     DIAG_ERR_VALIDATE},
    {"- list: shells\n"
	     "  items: [a]\n"
	     "- list: shell\n"
	     "  items: [b]\n"
	     "  append: true\n",
     "t.yaml:3:3: error: list 'shell' has 'append' but no list by that name exists (did you mean 'shells'?)",
     DIAG_ERR_VALIDATE},
    {"- macro: m\n"
	     "  condition: and evt.type = open\n"
	     "  append: true\n",
     "t.yaml:1:3: error: macro 'm' has 'append' but no macro by that name exists",
     DIAG_ERR_VALIDATE},
    {"- rule: r\n"
	     "  condition: and evt.type = open\n"
	     "  append: true\n",
     "t.yaml:1:3: error: rule 'r' has 'append' but no rule by that name exists",
     DIAG_ERR_VALIDATE},
    {"- rule: r\n"
	     "  desc: x\n"
	     "  override:\n"
	     "    desc: replace\n",
     "t.yaml:1:3: error: rule 'r' has 'override' but no rule by that name exists",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  append: true\n",
     "t.yaml:6:3: error: rule 'r' has 'append' but nothing to append",
     DIAG_ERR_VALIDATE},
    {"- rule: r\n"
	     "  enabled: false\n",
     "t.yaml:1:3: error: rule 'r' has only 'enabled' but no rule by that name exists",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  desc: d\n"
	     "  condition: ka.auditid exists\n"
	     "  output: o\n"
	     "  priority: INFO\n"
	     "  source: k8s_audit\n",
     "t.yaml:6:3: error: rule 'r' is defined again with another source",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.nme]\n"
	     "      values: [[a]]\n",
     "t.yaml:8:16: error: exception 'e': 'proc.nme' is not a supported filter field (did you mean 'proc.name'?)",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name, fd.name]\n"
	     "      comps: [=]\n",
     "t.yaml:9:14: error: exception 'e' has 2 fields but 1 comps",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name, fd.name]\n"
	     "      values:\n"
	     "        - [a]\n",
     "t.yaml:10:11: error: exception 'e': each value must be a list of 2 items",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: proc.name\n"
	     "      values:\n"
	     "        - [a, b]\n",
     "t.yaml:10:11: error: exception 'e': with a single field, each value must be a string",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: proc.name\n"
	     "      comps: [in]\n",
     "t.yaml:9:14: error: exception 'e': 'fields' and 'comps' must both be strings or both be lists",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: proc.name\n"
	     "      comps: =\n",
     "t.yaml:9:14: error: exception 'e': with a single field, 'comps' must be in, pmatch or intersects",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name]\n"
	     "      comps: [like]\n",
     "t.yaml:9:15: error: exception 'e': unknown comparison 'like'",
     DIAG_ERR_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      values: [[a]]\n",
     "t.yaml:7:7: error: exception 'e' has no 'fields'",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name]\n"
	     "      values: a\n",
     "t.yaml:9:15: error: exception 'e': values must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name]\n"
	     "- rule: r\n"
	     "  append: true\n"
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [fd.name]\n"
	     "      values: [[a]]\n",
     "t.yaml:12:7: error: exception 'e' exists: an append may add values, not fields or comps",
     DIAG_ERR_VALIDATE},
    {"- required_engine_version: 99.0.0\n",
     "t.yaml:1:28: error: rules require engine version 99.0.0",
     DIAG_ERR_VALIDATE},
    {"- required_plugin_versions:\n"
	     "    - name: k8saudit\n"
	     "      version: 0.1.0\n",
     "t.yaml:2:7: error: required plugin 'k8saudit' is not available",
     DIAG_ERR_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: spawned and proc.name = x\n"
	     "  output: o\n"
	     "  priority: INFO\n"
	     "- macro: spawnd\n"
	     "  condition: evt.type = open\n",
     "t.yaml:3:14: error: undefined macro 'spawned' (did you mean 'spawnd'?)",
     DIAG_ERR_VALIDATE},
    {"- macro: m\n"
	     "  condition: m\n"
	     "- rule: r\n"
	     "  desc: d\n"
	     "  condition: m and evt.type = open\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:2:14: error: macro 'm' uses itself (cycle)",
     DIAG_ERR_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open and proc.nme = bash\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:3:34: error: unknown field 'proc.nme': no such field (did you mean 'proc.name'?)",
     DIAG_ERR_COMPILE_CONDITION},
    {"- macro: m\n"
	     "  condition: proc.name = x and (\n"
	     "- rule: r\n"
	     "  desc: d\n"
	     "  condition: m and evt.type = open\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:2:33: error: macro 'm': unexpected end of condition",
     DIAG_ERR_COMPILE_CONDITION},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = nosuch\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:3:25: error: unknown event type 'nosuch'",
     DIAG_ERR_COMPILE_CONDITION},
    {"- list: a\n"
	     "  items: [b]\n"
	     "- list: b\n"
	     "  items: [a]\n"
	     "- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open and proc.name in (a)\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:7:48: error: list 'a' includes itself (cycle)",
     DIAG_ERR_COMPILE_CONDITION},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output: 'x %proc.nosuch y'\n"
	     "  priority: INFO\n",
     "t.yaml:4:14: error: rule 'r': invalid output: no such field",
     DIAG_ERR_COMPILE_OUTPUT},
    {"- list: l\n"
	     "  items: [a]\n"
	     RULE_R,
     "t.yaml:1:3: warning: list 'l' is not used by any rule, macro or list",
     DIAG_UNUSED_LIST},
    {"- macro: m\n"
	     "  condition: proc.name = a\n"
	     RULE_R,
     "t.yaml:1:3: warning: macro 'm' is not used by any rule or macro",
     DIAG_UNUSED_MACRO},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: proc.name = bash\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:1:3: warning: rule 'r' does not restrict evt.type",
     DIAG_NO_EVTTYPE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open and proc.nosuch = 1\n"
	     "  output: o\n"
	     "  priority: INFO\n"
	     "  skip-if-unknown-filter: true\n",
     "t.yaml:1:3: warning: rule 'r' skipped: it uses a field this engine does not know",
     DIAG_UNKNOWN_FILTER},
    {RULE_R
	     "  source: aws_cloudtrail\n",
     "t.yaml:6:11: warning: rule 'r' skipped: unknown source 'aws_cloudtrail'",
     DIAG_UNKNOWN_SOURCE},
    {"- foo: bar\n",
     "t.yaml:1:3: warning: unknown top-level item, ignored",
     DIAG_UNKNOWN_ITEM},
    {RULE_R
	     "  bogus: 1\n",
     "t.yaml:6:3: warning: unknown key 'bogus' in rule, ignored",
     DIAG_UNKNOWN_KEY},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name]\n"
	     "- rule: r\n"
	     "  append: true\n"
	     "  exceptions:\n"
	     "    - name: e\n",
     "t.yaml:12:7: warning: exception 'e' is appended with no values",
     DIAG_APPEND_NO_VALUES},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: [proc.name]\n"
	     "    - name: e\n"
	     "      fields: [fd.name]\n",
     "t.yaml:9:7: warning: exception 'e' is defined twice in this rule",
     DIAG_EXCEPTION_NAME_NOT_UNIQUE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: ka.verb in (create, \"<NA>\")\n"
	     "  output: o\n"
	     "  priority: INFO\n"
	     "  source: k8s_audit\n",
     "t.yaml:1:3: warning: rule 'r' compares a k8s audit field with <NA>",
     DIAG_UNSAFE_NA_CHECK},
    {RULE_R
	     "  capture: maybe\n",
     "t.yaml:6:12: error: expected true or false",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  capture_duration: soon\n",
     "t.yaml:6:21: error: invalid capture_duration 'soon' (expected "
     "milliseconds, at most 600000)",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "- rule: r\n"
	     "  condition: and proc.name = x\n"
	     "  append: true\n",
     "t.yaml:8:11: warning: 'append' is deprecated",
     DIAG_DEPRECATED_ITEM},
    {RULE_R
	     "- rule: r\n"
	     "  enabled: false\n",
     "t.yaml:6:3: warning: a rule with only 'enabled' is deprecated",
     DIAG_DEPRECATED_ITEM},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open and evt.dir = <\n"
	     "  output: o\n"
	     "  priority: INFO\n",
     "t.yaml:1:3: warning: rule 'r' uses evt.dir, which is deprecated",
     DIAG_DEPRECATED_ITEM},
    {RULE_R
	     "  tags: [[a]]\n",
     "t.yaml:6:10: error: 'tags' entries must be strings",
     DIAG_ERR_YAML_VALIDATE},
    {"- rule: r\n"
	     "  desc: d\n"
	     "  condition: evt.type = open\n"
	     "  output: [o]\n"
	     "  priority: INFO\n",
     "t.yaml:4:11: error: expected a string",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: [e]\n"
	     "      fields: [proc.name]\n",
     "t.yaml:7:13: error: 'name' must be a string",
     DIAG_ERR_YAML_VALIDATE},
    {RULE_R
	     "  exceptions:\n"
	     "    - name: e\n"
	     "      fields: {proc.name: x}\n",
     "t.yaml:8:15: error: 'fields' must be a list",
     DIAG_ERR_YAML_VALIDATE},
    {"- required_plugin_versions:\n"
	     "    - version: 0.1.0\n",
     "t.yaml:2:7: error: plugin requirement without a name",
     DIAG_ERR_YAML_VALIDATE},
};
/* clang-format on */

static char buf[1 << 16];

/* Whether the diagnostic line holding `want` is of class `code`. */
static bool line_has_code(const char *text, const char *want,
			  enum diag_code code)
{
	const char *at = strstr(text, want), *eol;
	char tag[64];

	if (!at)
		return false;
	eol = strchr(at, '\n');
	snprintf(tag, sizeof(tag), "[%s]", diag_code_name(code));
	at = strstr(at, tag);
	return at && (!eol || at < eol);
}

static void test_cases(void)
{
	struct ruleset *rs;
	size_t i;
	bool warning, ok;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rs = ruleset_new();
		ruleset_add_file(rs, "t.yaml", cases[i].yaml,
				 strlen(cases[i].yaml));
		ruleset_compile(rs);
		ruleset_diag_text(rs, buf, sizeof(buf));
		warning = cases[i].code >= DIAG_FIRST_WARNING;
		ok = warning ? ruleset_error_count(rs) == 0
			     : ruleset_error_count(rs) > 0;
		ok = ok && line_has_code(buf, cases[i].want, cases[i].code);
		if (!ok)
			fprintf(stderr, "case %zu: want '%s' [%s], got:\n%s", i,
				cases[i].want, diag_code_name(cases[i].code),
				buf);
		CHECK(ok);
		ruleset_free(rs);
	}
}

/* Errors found while loading and while compiling come out in file
 * order, across files too. */
static void test_order(void)
{
	static const char a[] =
	    "- rule: r\n  desc: d\n  condition: evt.type = open and "
	    "proc.nme = x\n  output: o\n  priority: INFO\n"
	    "- list: l\n  items: x\n";
	static const char b[] = "- macro: m\n  condition: and\n";
	struct ruleset *rs = ruleset_new();
	const char *p1, *p2, *p3;

	ruleset_add_file(rs, "a.yaml", a, strlen(a));
	ruleset_add_file(rs, "b.yaml", b, strlen(b));
	CHECK(ruleset_compile(rs) < 0);
	ruleset_diag_text(rs, buf, sizeof(buf));
	p1 = strstr(buf, "a.yaml:3:");
	p2 = strstr(buf, "a.yaml:7:");
	p3 = strstr(buf, "b.yaml:2:");
	CHECK(p1 && p2 && p3 && p1 < p2 && p2 < p3);
	if (!(p1 && p2 && p3 && p1 < p2 && p2 < p3))
		fprintf(stderr, "not in file order:\n%s", buf);
	ruleset_free(rs);
}

/* No warning where Falco gives none: a list named only by another list
 * is used, a macro named only by another macro too, and a rule with
 * warn_evttypes: false may match every event type. */
static void test_quiet(void)
{
	static const char y[] =
	    "- required_plugin_versions:\n    - name: container\n"
	    "      version: 0.4.0\n- required_engine_version: 0.26.0\n"
	    "- list: inner\n  items: [a]\n- list: outer\n  items: [inner]\n"
	    "- list: unused_but_names\n  items: [outer]\n"
	    "- macro: m1\n  condition: proc.name in (outer)\n"
	    "- macro: m2\n  condition: m1\n"
	    "- rule: r\n  desc: d\n  condition: m2 or m1\n  output: o\n"
	    "  priority: INFO\n  warn_evttypes: false\n";
	struct ruleset *rs = ruleset_new();

	ruleset_add_file(rs, "t.yaml", y, sizeof(y) - 1);
	CHECK(ruleset_compile(rs) == 0);
	ruleset_diag_text(rs, buf, sizeof(buf));
	/* only the list no one names */
	CHECK(ruleset_warning_count(rs) == 1);
	CHECK(line_has_code(buf, "t.yaml:9:3: warning: list 'unused_but_names'",
			    DIAG_UNUSED_LIST));
	ruleset_free(rs);
}

static void test_unreadable(void)
{
	struct ruleset *rs = ruleset_new();

	CHECK(rule_files_load(rs, "/nonexistent/rules.yaml") < 0);
	ruleset_diag_text(rs, buf, sizeof(buf));
	CHECK(strstr(buf, "[LOAD_ERR_FILE_READ]") != NULL);
	ruleset_free(rs);
}

int main(void)
{
	test_cases();
	test_order();
	test_quiet();
	test_unreadable();
	return check_done();
}

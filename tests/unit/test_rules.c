/*
 * Rule files: lists, macros, rules with append and override, exceptions
 * in both forms, later files overriding earlier ones, enabled toggles,
 * selection (-D -T -t, rules: enable/disable), outputs and alerts, event
 * type index, and the load errors with their positions.
 */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "test_rule_fixture.h"

#define RULE(name, cond)                                                       \
	"- rule: " name "\n  desc: d\n  condition: " cond                      \
	"\n  output: o\n  priority: INFO\n"

static char buf[1 << 16];

static struct ruleset *load2(const char *a, const char *b)
{
	struct ruleset *rs = t_load(a);

	if (b)
		ruleset_add_file(rs, "u.yaml", b, strlen(b));
	if (ruleset_compile(rs) < 0) {
		ruleset_diag_text(rs, buf, sizeof(buf));
		fprintf(stderr, "unexpected errors:\n%s", buf);
	}
	return rs;
}

/* Whether the rule set (no errors expected) matches the default event. */
static int hits(const char *a, const char *b)
{
	struct tctx t = T_DEFAULT;
	struct ruleset *rs = load2(a, b);
	int n;

	CHECK(ruleset_error_count(rs) == 0);
	n = t_matches(rs, &t, LNR_EVT_OPEN);
	ruleset_free(rs);
	return n;
}

static void test_lists_macros(void)
{
	CHECK(hits("- list: l\n  items: [a]\n"
		   "- list: l\n  items: ['hello World']\n  append: true\n" RULE(
		       "r", "t.str in (l)"),
		   NULL) == 1);
	CHECK(hits("- list: l\n  items: ['hello World']\n"
		   "- list: l\n  items: [x]\n  override:\n    items: "
		   "replace\n" RULE("r", "t.str in (l)"),
		   NULL) == 0);
	CHECK(hits("- list: l\n  items: [x]\n"
		   "- list: l\n  items: ['hello World']\n"
		   "  override:\n    items: append\n" RULE("r", "t.str in (l)"),
		   NULL) == 1);
	CHECK(
	    hits("- list: l1\n  items: ['\"hello World\"']\n"
		 "- list: l2\n  items: [l1, b]\n" RULE("r", "t.str in (x, l2)"),
		 NULL) == 1);
	CHECK(
	    hits(
		"- macro: m\n  condition: t.num = 1\n"
		"- macro: m\n  condition: or t.num = -5\n  append: true\n" RULE(
		    "r", "m"),
		NULL) == 1);
	CHECK(hits("- macro: m\n  condition: t.num = -5\n"
		   "- macro: m\n  condition: t.num = 1\n"
		   "  override:\n    condition: replace\n" RULE("r", "m"),
		   NULL) == 0);
	CHECK(
	    hits("- macro: inner\n  condition: t.unum = 42\n"
		 "- macro: outer\n  condition: inner and t.flag = true\n" RULE(
		     "r", "outer and not inner2") "- macro: inner2\n"
						  "  condition: t.num = 0\n",
		 NULL) == 1);
}

static void test_rule_changes(void)
{
	uint8_t types[LNR_EVT_COUNT];
	struct ruleset *rs;

	CHECK(hits(RULE("r", "t.num = -5") "- rule: r\n  condition: and t.unum "
					   "= 1\n  append: true\n",
		   NULL) == 0);
	CHECK(hits(RULE("r",
			"t.num = -5") "- rule: r\n  condition: or t.unum = 1\n"
				      "  override:\n    condition: append\n",
		   NULL) == 1);
	CHECK(hits(RULE("r",
			"t.num = -5") "- rule: r\n  condition: t.num = 2\n"
				      "  override:\n    condition: replace\n",
		   NULL) == 0);
	/* a later file redefines, then disables */
	CHECK(hits(RULE("r", "t.num = 1"), RULE("r", "t.num = -5")) == 1);
	CHECK(hits(RULE("r", "t.num = -5"), "- rule: r\n  enabled: false\n") ==
	      0);
	CHECK(hits(RULE("r", "t.num = -5") "  enabled: false\n",
		   "- rule: r\n  enabled: true\n") == 1);
	/* k8s_audit and unknown sources */
	CHECK(hits(RULE("r", "ka.auditid exists") "  source: k8s_audit\n",
		   NULL) == 0);
	rs = load2(RULE("k", "ka.auditid exists") "  source: k8s_audit\n" RULE(
		       "s", "evt.type = close"),
		   NULL);
	ruleset_evt_types(rs, types);
	CHECK(types[LNR_EVT_CLOSE] && !types[LNR_EVT_OPEN]);
	ruleset_free(rs);
}

static void test_exceptions(void)
{
	static const char *const rule =
	    RULE("r", "evt.type = open and t.num = -5") "  exceptions:\n";

	snprintf(buf, sizeof(buf), "%s%s", rule,
		 "    - name: e\n      fields: [t.str, t.num]\n"
		 "      values:\n        - [hello World, -5]\n");
	CHECK(hits(buf, NULL) == 0);
	snprintf(buf, sizeof(buf), "%s%s", rule,
		 "    - name: e\n      fields: [t.str, t.num]\n"
		 "      comps: [startswith, '=']\n"
		 "      values:\n        - [bye, -5]\n        - [x, 1]\n");
	CHECK(hits(buf, NULL) == 1);
	snprintf(
	    buf, sizeof(buf), "%s%s", rule,
	    "    - name: e\n      fields: t.multi\n      values: [nginx]\n");
	CHECK(hits(buf, NULL) == 1);
	snprintf(
	    buf, sizeof(buf), "%s%s", rule,
	    "    - name: e\n      fields: t.multi\n      values: [sshd]\n");
	CHECK(hits(buf, NULL) == 0);
	snprintf(buf, sizeof(buf), "- list: names\n  items: [systemd]\n%s%s",
		 rule,
		 "    - name: e\n      fields: [t.multi, t.flag]\n"
		 "      comps: [in, '=']\n"
		 "      values:\n        - [names, true]\n");
	CHECK(hits(buf, NULL) == 0);
	snprintf(
	    buf, sizeof(buf), "%s%s", rule,
	    "    - name: e\n      fields: [t.path]\n      comps: [pmatch]\n"
	    "      values:\n        - [[/opt, /usr/bin]]\n");
	CHECK(hits(buf, NULL) == 0);
	/* values appended to an existing exception */
	snprintf(buf, sizeof(buf), "%s%s", rule,
		 "    - name: e\n      fields: [t.str]\n      values: []\n"
		 "- rule: r\n  append: true\n  exceptions:\n"
		 "    - name: e\n      values:\n        - [hello World]\n");
	CHECK(hits(buf, NULL) == 0);
}

static int enabled_after(const char *key, const char *value, const char *key2,
			 const char *value2)
{
	static const char *const y = RULE("Shell in container", "t.num = -5") "  tags: [shell, container]\n" RULE(
	    "Write below etc",
	    "t.num = -5") "  tags: [filesystem]\n" RULE("Outbound connection",
							"t.num = -5") "  tags: "
								      "[network"
								      "]\n";
	struct ruleset *rs = t_load(y);
	size_t n;

	CHECK(ruleset_select_config(rs, key, value) == 0);
	if (key2)
		CHECK(ruleset_select_config(rs, key2, value2) == 0);
	CHECK(ruleset_compile(rs) == 0);
	n = ruleset_count(rs);
	ruleset_free(rs);
	return (int)n;
}

static void test_selection(void)
{
	CHECK(enabled_after("cli.disable_substr", "container", NULL, NULL) ==
	      2);
	CHECK(enabled_after("cli.disable_tag", "network", NULL, NULL) == 2);
	CHECK(enabled_after("cli.enable_only_tag", "network", NULL, NULL) == 1);
	CHECK(enabled_after("cli.enable_only_tag", "network",
			    "cli.enable_only_tag", "shell") == 2);
	CHECK(enabled_after("rules.0.disable.rule", "*", NULL, NULL) == 0);
	CHECK(enabled_after("rules.0.disable.rule", "*", "rules.1.enable.tag",
			    "filesystem") == 1);
	CHECK(enabled_after("rules.0.disable.rule", "Write*", NULL, NULL) == 2);
	CHECK(enabled_after("rules.0.disable.tag", "shell",
			    "rules.1.enable.rule", "Shell in container") == 3);
	CHECK(enabled_after("some.other.key", "x", NULL, NULL) == 3);
	CHECK(enabled_after("rules.0.disable.rule.0", "Write*",
			    "rules.0.disable.rule.1", "Outbound*") == 1);
	CHECK(enabled_after("rules.0.disable.rulex", "*", NULL, NULL) == 3);
}

static void test_outputs(void)
{
	struct tctx t = T_DEFAULT;
	struct alert a;
	struct ruleset *rs;
	const struct rule *r;
	uint8_t types[LNR_EVT_COUNT];
	char scratch[1024];

	rs = load2("- rule: r\n  desc: d\n  condition: evt.type in (open, "
		   "execve) and t.num = -5\n"
		   "  output: 's=%t.str n=%t.num m=%t.multi[2] none=%t.none "
		   "low=%tolower(t.str) ip=%t.ip k=%t.key[a] 100%% done.'\n"
		   "  priority: critical\n  tags: [a, b]\n",
		   NULL);
	CHECK(ruleset_error_count(rs) == 0);
	r = ruleset_rule_find(rs, "r");
	CHECK(r != NULL);
	if (!r) {
		ruleset_free(rs);
		return;
	}
	CHECK(rule_priority(r) == PRIO_CRITICAL);
	memset(&a, 0, sizeof(a));
	CHECK(rule_fill_alert(r, (struct evt_ctx *)(void *)&t, &a, scratch,
			      sizeof(scratch)) == 0);
	CHECK(!strcmp(a.output, "s=hello World n=-5 m=sshd none=<NA> "
				"low=hello world ip=10.1.2.3 k=key=a 100% "
				"done."));
	CHECK(!strcmp(a.rule, "r"));
	CHECK(!strcmp(a.source, "syscall"));
	CHECK(a.ntags == 2 && !strcmp(a.tags[1], "b"));
	CHECK(a.nfields == 7);
	CHECK(!strcmp(a.fields[2].key, "t.multi[2]"));
	CHECK(!strcmp(a.fields[2].value, "sshd"));
	CHECK(!strcmp(a.fields[3].value, "<NA>"));
	CHECK(!strcmp(a.fields[4].key, "tolower(t.str)"));
	CHECK(rule_fill_alert(r, (struct evt_ctx *)(void *)&t, &a, scratch,
			      10) == -ENOSPC);
	ruleset_evt_types(rs, types);
	CHECK(types[LNR_EVT_OPEN] && types[LNR_EVT_EXECVE]);
	CHECK(!types[LNR_EVT_CLOSE] && !types[LNR_EVT_NONE]);
	CHECK(t_matches(rs, &t, LNR_EVT_CLOSE) == 0);
	CHECK(t_matches(rs, &t, LNR_EVT_EXECVE) == 1);
	ruleset_free(rs);
}

/* The alert of rule `name` for the default event, after append_output
 * items key=value (NULL-terminated pairs). */
static void append_alert(const char *const *kv, const char *name,
			 struct alert *a, char *scratch, size_t len)
{
	static const char *const y =
	    "- rule: tagged\n  desc: d\n  condition: t.num = -5\n"
	    "  output: 'n=%t.num'\n  priority: INFO\n  tags: [a, b]\n"
	    "- rule: plain\n  desc: d\n  condition: t.num = -5\n"
	    "  output: 'p'\n  priority: INFO\n";
	struct tctx t = T_DEFAULT;
	struct ruleset *rs = t_load(y);
	const struct rule *r;

	for (; kv[0]; kv += 2)
		CHECK(ruleset_select_config(rs, kv[0], kv[1]) == 0);
	CHECK(ruleset_compile(rs) == 0);
	r = ruleset_rule_find(rs, name);
	memset(a, 0, sizeof(*a));
	CHECK(r && rule_fill_alert(r, (struct evt_ctx *)(void *)&t, a, scratch,
				   len) == 0);
	ruleset_free(rs);
}

/* append_output: extra text and fields for the rules an item matches by
 * tags, source and name; fields typed for JSON. */
static void test_append_output(void)
{
	static const char *const by_tag[] = {"append_output.0.match.tags.0",
					     "a",
					     "append_output.0.match.tags.1",
					     "b",
					     "append_output.0.extra_output",
					     "s=%t.str",
					     "append_output.0.extra_fields.0",
					     "t.ip",
					     "append_output.1.match.rule",
					     "plain",
					     "append_output.1.extra_output",
					     "more",
					     NULL};
	static const char *const by_source[] = {
	    "append_output.0.match.source", "syscall",
	    "append_output.0.extra_output", "x", NULL};
	static const char *const other_source[] = {
	    "append_output.0.match.source", "k8s_audit",
	    "append_output.0.extra_output", "x", NULL};
	struct alert a;
	char scratch[512];

	append_alert(by_tag, "tagged", &a, scratch, sizeof(scratch));
	CHECK(!strcmp(a.output, "n=-5 s=hello World"));
	CHECK(a.nfields == 3 && !strcmp(a.fields[2].key, "t.ip") &&
	      !strcmp(a.fields[2].value, "10.1.2.3"));
	CHECK(a.fields[0].kind == ALERT_NUMBER &&
	      a.fields[1].kind == ALERT_STRING);
	append_alert(by_tag, "plain", &a, scratch, sizeof(scratch));
	CHECK(!strcmp(a.output, "p more") && a.nfields == 0);
	append_alert(by_source, "plain", &a, scratch, sizeof(scratch));
	CHECK(!strcmp(a.output, "p x"));
	append_alert(other_source, "plain", &a, scratch, sizeof(scratch));
	CHECK(!strcmp(a.output, "p"));
}

/* Bad append_output items are errors with the key. */
static void test_append_errors(void)
{
	static const char *const bad[][2] = {
	    {"append_output.0.extra_fields.0.home", "x"},
	    {"append_output.99.extra_output", "x"},
	    {"append_output.0.match.bogus", "x"},
	};
	struct ruleset *rs;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		rs = t_load(RULE("r", "t.num = -5"));
		CHECK(ruleset_select_config(rs, bad[i][0], bad[i][1]) ==
		      -EINVAL);
		ruleset_diag_text(rs, buf, sizeof(buf));
		CHECK(strstr(buf, bad[i][0]) != NULL);
		ruleset_free(rs);
	}
	rs = t_load(RULE("r", "t.num = -5"));
	CHECK(ruleset_select_config(rs, "append_output.0.extra_fields.0",
				    "no.such.field") == 0);
	CHECK(ruleset_compile(rs) < 0);
	ruleset_diag_text(rs, buf, sizeof(buf));
	CHECK(strstr(buf, "append_output") != NULL);
	ruleset_free(rs);
}

/* Files that load with an error (or a warning) at a place. */
struct lcase {
	const char *yaml;
	const char *want;
};

static const struct lcase loads[] = {
    {RULE("r", "t.num = 1") "  bogus: 1\n",
     "t.yaml:6:3: error: unknown key 'bogus' in rule"},
    {"- rule: r\n  desc: d\n  output: o\n  priority: INFO\n",
     "t.yaml:1:3: error: rule 'r' has no 'condition' key"},
    {"- rule: r\n  desc: d\n  condition: t.num=1\n  output: o\n"
     "  priority: LOUD\n",
     "t.yaml:5:13: error: invalid priority 'LOUD'"},
    {"- rule: r\n  condition: t.num=1\n  append: true\n",
     "t.yaml:1:3: error: rule 'r' has 'append' but no rule"},
    {"- list: l\n  items: [a]\n  append: true\n",
     "t.yaml:1:3: error: list 'l' has 'append' but no list"},
    {"- macro: m\n  condition: x\n  append: true\n",
     "t.yaml:1:3: error: macro 'm' has 'append' but no macro"},
    {RULE("r", "t.num = 1") "- rule: r\n  condition: x\n  append: true\n"
			    "  override:\n    condition: append\n",
     "t.yaml:8:11: error: 'append' and 'override' cannot be used"},
    {RULE("r", "t.num = 1") "- rule: r\n  priority: INFO\n"
			    "  override:\n    priority: append\n",
     "t.yaml:9:5: error: key 'priority' cannot be overridden with append"},
    {RULE("r", "t.num = 1") "- rule: r\n  priority: INFO\n"
			    "  desc: x\n  override:\n    priority: replace\n",
     "t.yaml:8:9: error: key 'desc' is given but not listed in override"},
    {"- rule: r\n  desc: [d\n", "t.yaml:3:1: error: YAML syntax error"},
    {"- foo: bar\n", "t.yaml:1:3: error: unknown top-level item"},
    {"rule: x\n", "t.yaml:1:1: error: a rule file must be a list"},
    {"- list: a\n  items: [b]\n- list: b\n  items: [a]\n" RULE("r",
							       "t.str in (a)"),
     "t.yaml:7:24: error: list 'a' includes itself (cycle)"},
    {"- required_engine_version: 99.0.0\n",
     "t.yaml:1:28: error: rules require engine version 99.0.0"},
    {"- required_plugin_versions:\n    - name: k8saudit\n"
     "      version: 0.1.0\n",
     "t.yaml:2:7: error: required plugin 'k8saudit' is not available"},
    {RULE("r", "t.num = 1") "  source: aws_cloudtrail\n",
     "t.yaml:6:11: warning: rule 'r' skipped: unknown source"},
    {RULE("r", "t.num = 1"),
     "t.yaml:1:3: warning: rule 'r' does not restrict evt.type"},
    {RULE("r", "t.nosuch = 1") "  skip-if-unknown-filter: true\n",
     "t.yaml:1:3: warning: rule 'r' skipped: it uses a field"},
    {"- rule: r\n  desc: d\n  condition: evt.type=open\n"
     "  output: 'x %t.nosuch y'\n  priority: INFO\n",
     "t.yaml:4:14: error: rule 'r': invalid output: no such field"},
    {"- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n"
     "  priority: INFO\n  exceptions:\n    - name: e\n"
     "      fields: [t.str, t.num]\n      values:\n        - [a]\n",
     "t.yaml:10:11: error: exception 'e': each value must be a list of 2"},
    {"- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n"
     "  priority: INFO\n  exceptions:\n    - name: e\n"
     "      fields: [t.str]\n      comps: [like]\n",
     "t.yaml:9:15: error: exception 'e': unknown comparison 'like'"},
    {"- macro: m\n  condition: t.str = x and (\n",
     "t.yaml:2:29: error: macro 'm': unexpected end of condition"},
};

static void test_load_errors(void)
{
	struct ruleset *rs;
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		rs = t_load(loads[i].yaml);
		ruleset_compile(rs);
		ruleset_diag_text(rs, buf, sizeof(buf));
		ok = strstr(loads[i].want, ": warning: ")
			 ? ruleset_error_count(rs) == 0
			 : ruleset_error_count(rs) > 0;
		ok = ok && !strncmp(buf, loads[i].want, strlen(loads[i].want));
		if (!ok)
			fprintf(stderr, "case %zu: want '%s', got:\n%s", i,
				loads[i].want, buf);
		CHECK(ok);
		ruleset_free(rs);
	}
	rs = t_load(
	    "- required_plugin_versions:\n    - name: container\n"
	    "      version: 0.4.0\n- required_engine_version: 0.26.0\n" RULE(
		"r", "evt.type=open") "  warn_evttypes: false\n");
	CHECK(ruleset_compile(rs) == 0);
	CHECK(ruleset_warning_count(rs) == 0);
	ruleset_free(rs);
}

int main(void)
{
	t_setup();
	test_lists_macros();
	test_rule_changes();
	test_exceptions();
	test_selection();
	test_outputs();
	test_append_output();
	test_append_errors();
	test_load_errors();
	return check_done();
}

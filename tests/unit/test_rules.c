/*
 * Rule files: lists, macros, rules with append and override, exceptions
 * in both forms, later files overriding earlier ones, enabled toggles,
 * selection (-D -T -t, rules: enable/disable), outputs and alerts, event
 * type index. The load errors are in test_rule_load.c.
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

/* The rules behind the last append_alert: its alert points into them. */
static struct ruleset *append_rs;

/* The alert of rule `name` for the default event, after append_output
 * items key=value (NULL-terminated pairs); valid until the next call. */
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
	ruleset_free(append_rs);
	append_rs = rs;
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
	ruleset_free(append_rs);
	append_rs = NULL;
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
	return check_done();
}

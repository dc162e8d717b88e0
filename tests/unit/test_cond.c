/*
 * Conditions, table-driven: every operator, transformer, value type,
 * multi-valued fields, val(), precedence (not > and > or), evt.type sets
 * and constant folding, evaluated on a fake event through the t.* class.
 */
#include <stdlib.h>

#include "check.h"
#include "test_rule_fixture.h"

struct ccase {
	const char *cond;
	bool match;
};

static const struct ccase cases[] = {
    /* strings */
    {"t.str = 'hello World'", true},
    {"t.str == \"hello World\"", true},
    {"t.str = hello", false},
    {"t.str != hello", true},
    {"t.str contains 'lo W'", true},
    {"t.str icontains WORLD", true},
    {"t.str contains WORLD", false},
    {"t.str startswith hell", true},
    {"t.str endswith World", true},
    {"t.str endswith world", false},
    {"t.str glob 'hello*'", true},
    {"t.str glob 'h?llo W*d'", true},
    {"t.str glob 'HELLO*'", false},
    {"t.str iglob 'HELLO*'", true},
    {"t.str regex '^h[a-z]+ W'", true},
    {"t.str regex '^W'", false},
    {"t.str < 'i'", true},
    {"t.str >= 'hello'", true},
    {"t.str > 'z'", false},
    {"t.str in (a, 'hello World', b)", true},
    {"t.str in (a, b)", false},
    {"t.str in ()", false},
    {"t.str intersects (x, 'hello World')", true},
    {"t.str bcontains 6c6f", true},
    {"t.str bstartswith 6865", true},
    {"t.str bstartswith 6c6f", false},
    /* bare values run up to white space, ( ) , quotes or '=' */
    {"t.str != <", true},
    {"(t.str=> or t.str in (<, >))", false},
    {"t.str = hello<World", false},
    {"t.str exists", true},
    {"t.none exists", false},
    {"not t.none exists", true},
    {"t.none = ''", false},
    {"t.none != x", false},
    /* paths and pmatch */
    {"t.path pmatch (/usr/bin, /opt)", true},
    {"t.path pmatch (/usr/bin/, /opt)", true},
    {"t.path pmatch (/usr/bi)", false},
    {"t.path pmatch (/)", true},
    {"t.path pmatch (/usr/bin/bash)", true},
    {"t.path pmatch (/etc)", false},
    /* transformers */
    {"tolower(t.str) = 'hello world'", true},
    {"toupper(t.str) = 'HELLO WORLD'", true},
    {"b64(t.b64) = hello", true},
    {"basename(t.path) = bash", true},
    {"len(t.str) = 11", true},
    {"len(t.str) > 20", false},
    {"toupper(basename(t.path)) = BASH", true},
    {"tolower(t.str) in ('hello world')", true},
    /* numbers */
    {"t.num = -5", true},
    {"t.num < 0", true},
    {"t.num > -6", true},
    {"t.num <= -5", true},
    {"t.num >= -4", false},
    {"t.num in (1, -5, 7)", true},
    {"t.num != -5", false},
    {"t.unum = 42", true},
    {"t.unum = 0x2a", true},
    {"t.unum > 41", true},
    {"t.unum < 42", false},
    {"t.unum in (1, 2)", false},
    /* booleans */
    {"t.flag = true", true},
    {"t.flag = false", false},
    {"t.flag intersects (true)", true},
    {"t.flag intersects (false)", false},
    /* fields with key arguments and no source of values */
    {"k8s.ns.label[app] exists", false},
    {"not k8s.pod.label[app] in (a)", true},
    {"t.flag != false", true},
    /* addresses, networks, ports */
    {"t.ip = 10.1.2.3", true},
    {"t.ip = 10.1.2.4", false},
    {"t.ip = 10.0.0.0/8", true},
    {"t.ip = 192.168.0.0/16", false},
    {"t.ip in (192.168.0.0/16, 10.1.0.0/16)", true},
    {"t.ip != 10.1.2.3", false},
    {"t.port = 8080", true},
    {"t.port in (80, 443)", false},
    {"t.port = 8000-9000", true},
    {"t.port = 1:1024", false},
    {"t.port > 1024", true},
    /* multi-valued fields and arguments */
    {"t.multi = sshd", true},
    {"t.multi = nginx", false},
    {"t.multi in (nginx, systemd)", true},
    {"t.multi[1] = bash", true},
    {"t.multi[2] = bash", false},
    {"t.multi[9] exists", false},
    {"t.key[/a/b] = 'key=/a/b'", true},
    {"t.arg.flags = 'key=flags'", true},
    /* val() */
    {"t.multi[1] = val(basename(t.path))", true},
    {"t.str = val(t.path)", false},
    {"t.str != val(t.path)", true},
    /* precedence and grouping */
    {"t.num = 1 or t.num = -5 and t.unum = 42", true},
    {"t.num = -5 or t.num = 1 and t.unum = 1", true},
    {"(t.num = -5 or t.num = 1) and t.unum = 1", false},
    {"not t.num = 1 and t.unum = 42", true},
    {"not (t.num = -5 and t.unum = 1)", true},
    {"not not t.flag = true", true},
    {"t.num=-5 and not t.str=x and not t.flag=false", true},
    /* or-chains of equality merged into sets */
    {"t.str = a or t.str = 'hello World'", true},
    {"t.str = a or t.str = b", false},
    {"t.str = a or t.num = -5 or t.str in (b, c)", true},
    {"t.str = a or t.num = 1 or t.str in (b, 'hello World')", true},
    {"t.multi = x or t.multi = sshd", true},
    {"t.multi[1] = sshd or t.multi[2] = sshd", true},
    {"t.multi[1] = sshd or t.multi[3] = sshd", false},
    {"tolower(t.str) = 'hello world' or t.str = x", true},
    {"toupper(t.str) = 'hello world' or t.str = x", false},
    {"t.path pmatch (/x) or t.path = /usr/bin/bash", true},
    {"not (t.str = a or t.str = b) and t.num = -5", true},
    /* event types */
    {"evt.type = execve", true},
    {"evt.type = open", false},
    {"evt.type in (open, execve)", true},
    {"evt.type != execve", false},
    {"evt.type = connect", false},
    {"evt.type != connect", true},
    {"evt.type in (connect, execve)", true},
    {"evt.type = connect or t.num = -5", true},
    {"evt.type = connect and t.num = -5", false},
};

static char yaml[4096];

static void test_cases(void)
{
	struct tctx t = T_DEFAULT;
	struct ruleset *rs;
	size_t i;
	int n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(yaml, sizeof(yaml),
			 "- rule: r\n  desc: d\n  condition: |\n    %s\n"
			 "  output: o\n  priority: INFO\n",
			 cases[i].cond);
		rs = t_load(yaml);
		CHECK(ruleset_compile(rs) == 0);
		n = t_matches(rs, &t, LNR_EVT_EXECVE);
		if (ruleset_error_count(rs) || (n == 1) != cases[i].match) {
			ruleset_diag_text(rs, yaml, sizeof(yaml));
			fprintf(stderr, "case '%s': %d matches\n%s",
				cases[i].cond, n, yaml);
		}
		CHECK((n == 1) == cases[i].match);
		ruleset_free(rs);
	}
}

/* A condition's error: where and what. */
struct ecase {
	const char *cond;
	const char *want; /* "t.yaml:4:COL: error: ..." prefix */
};

static const struct ecase errors[] = {
    {"t.pid = 1", "t.yaml:4:5: error: unknown field 't.pid'"},
    {"t.num = abc", "t.yaml:4:13: error: invalid value 'abc' for int64"},
    {"t.str foo x", "t.yaml:4:11: error: rule 'r': unknown operator 'foo'"},
    {"evt.type = nosuch", "t.yaml:4:16: error: unknown event type 'nosuch'"},
    {"t.str = x and nomacro", "t.yaml:4:19: error: undefined macro 'nomacro'"},
    {"(t.str = x", "t.yaml:4:15: error: rule 'r': expected ')'"},
    {"t.str = x and", "t.yaml:4:18: error: rule 'r': unexpected end"},
    {"t.str in x", "t.yaml:4:14: error: rule 'r': operator 'in' expects"},
    {"t.num contains 1",
     "t.yaml:4:5: error: operator 'contains' cannot be used"},
    {"t.str regex 'a(('", "t.yaml:4:17: error: invalid regex"},
    {"t.flag = maybe", "t.yaml:4:14: error: invalid value 'maybe'"},
    {"t.ip = 300.1.1.1", "t.yaml:4:12: error: invalid value"},
    {"t.str bcontains zz", "t.yaml:4:21: error: invalid value 'zz'"},
    {"t.outonly = x", "t.yaml:4:5: error: field 't.outonly' can only"},
    {"tolower(t.num) = 1",
     "t.yaml:4:13: error: a transformer needs a string field"},
    {"t.arg = x", "t.yaml:4:5: error: unknown field 't.arg': t.arg needs"},
    {"t.str = 'x", "t.yaml:4:13: error: rule 'r': unterminated string"},
    {"t.str = x )", "t.yaml:4:15: error: rule 'r': unexpected ')'"},
    {"t.str = = x", "t.yaml:4:13: error: rule 'r': expected a value"},
    {"container.mount.dest = x",
     "t.yaml:4:5: error: unknown field 'container.mount.dest': "
     "container.mount.dest needs"},
};

static void test_errors(void)
{
	struct ruleset *rs;
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		snprintf(yaml, sizeof(yaml),
			 "- rule: r\n  desc: d\n  condition: >\n    %s\n"
			 "  output: o\n  priority: INFO\n",
			 errors[i].cond);
		rs = t_load(yaml);
		CHECK(ruleset_compile(rs) < 0);
		ruleset_diag_text(rs, yaml, sizeof(yaml));
		ok = !strncmp(yaml, errors[i].want, strlen(errors[i].want));
		if (!ok)
			fprintf(stderr, "case '%s': want '%s', got:\n%s",
				errors[i].cond, errors[i].want, yaml);
		CHECK(ok);
		CHECK(strstr(yaml, "\n  ") != NULL); /* the line, a caret */
		ruleset_free(rs);
	}
}

int main(void)
{
	t_setup();
	test_cases();
	test_errors();
	return check_done();
}

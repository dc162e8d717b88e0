/*
 * The event types the probe is asked for: the rules' types, the state's,
 * their io_uring twins, and the base_syscalls keys as Falco reads them.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "conf.h"
#include "evtsel.h"
#include "ruleset.h"
#include "state.h"

static const char rules[] = "- rule: kill zero\n"
			    "  desc: d\n"
			    "  condition: evt.type=kill and evt.arg.sig=0\n"
			    "  output: o\n"
			    "  priority: NOTICE\n";

static struct ruleset *load_text(const char *text)
{
	struct ruleset *rs = ruleset_new();

	CHECK(rs != NULL);
	ruleset_add_file(rs, "t.yaml", text, strlen(text));
	CHECK(ruleset_compile(rs) == 0);
	return rs;
}

static struct ruleset *load(void)
{
	return load_text(rules);
}

static void compute(struct ruleset *rs, const char *const *kv, size_t n,
		    uint8_t set[LNR_EVT_COUNT])
{
	struct conf c;
	char err[256];

	conf_init(&c);
	for (size_t i = 0; i < n; i++)
		CHECK(conf_override(&c, kv[i], err, sizeof(err)) == 0);
	memset(set, 0, LNR_EVT_COUNT);
	evtsel_compute(rs, &c, set);
	conf_free(&c);
}

static int count(const uint8_t set[LNR_EVT_COUNT])
{
	int n = 0;

	for (int t = 0; t < LNR_EVT_COUNT; t++)
		n += set[t] != 0;
	return n;
}

/* The state needs the types that make or change its threads, fds and
 * names, learns from the socket calls that only add addresses, and
 * needs no read, write or snapshot. */
static void test_state_types(void)
{
	uint8_t need[LNR_EVT_COUNT] = {0}, read[LNR_EVT_COUNT] = {0};
	const int learned[] = {LNR_EVT_LISTEN,	 LNR_EVT_SHUTDOWN,
			       LNR_EVT_SENDTO,	 LNR_EVT_SENDMSG,
			       LNR_EVT_RECVFROM, LNR_EVT_GETSOCKOPT};

	state_evt_types(need);
	state_evt_types_read(read);
	CHECK(count(need) == 50);
	CHECK(need[LNR_EVT_CLONE3] && need[LNR_EVT_CLOSE_RANGE]);
	CHECK(need[LNR_EVT_RENAMEAT2] && need[LNR_EVT_PROCEXIT]);
	CHECK(need[LNR_EVT_SETRESGID] && need[LNR_EVT_BPF]);
	CHECK(!need[LNR_EVT_READ] && !need[LNR_EVT_FCHMOD]);
	CHECK(!need[LNR_EVT_FD_SNAPSHOT] && !need[LNR_EVT_DROP]);
	CHECK(count(read) == 56);
	for (size_t i = 0; i < sizeof(learned) / sizeof(*learned); i++)
		CHECK(read[learned[i]] && !need[learned[i]]);
	for (int t = 0; t < LNR_EVT_COUNT; t++)
		CHECK(!need[t] || read[t]);
}

/*
 * A rule reading a socket's addresses or role on a call whose record
 * does not name them (a read, a close) needs every call the state
 * learns them from, recvmsg included; on connect or listen, or reading
 * only the family, it does not.
 */
static void test_peers(void)
{
	static const char *const conds[] = {
	    "evt.type = read and fd.sport = 53",
	    "evt.type = close and fd.is_server = true",
	    "evt.type = connect and fd.rport = 22",
	    "evt.type = listen and fd.sport = 80",
	    "evt.type = dup and fd.sockfamily = ip"};
	char text[256];
	uint8_t set[LNR_EVT_COUNT];

	for (size_t i = 0; i < sizeof(conds) / sizeof(*conds); i++) {
		struct ruleset *rs;
		int want = i < 2;

		snprintf(text, sizeof(text),
			 "- rule: r\n  desc: d\n  condition: %s\n"
			 "  output: o\n  priority: NOTICE\n",
			 conds[i]);
		rs = load_text(text);
		compute(rs, NULL, 0, set);
		CHECK(!!set[LNR_EVT_SENDTO] == want);
		CHECK(!!set[LNR_EVT_IOU_SEND] == want);
		CHECK(set[LNR_EVT_RECVMSG] ==
		      (want ? EVTSEL_RULES : EVTSEL_STATE_ONLY));
		ruleset_free(rs);
	}
}

int main(void)
{
	struct ruleset *rs = load();
	uint8_t set[LNR_EVT_COUNT], state[LNR_EVT_COUNT] = {0};
	const char *custom[] = {"base_syscalls.custom_set=[\"!kill\", ptrace]"};
	const char *repair[] = {"base_syscalls.custom_set=[ptrace]",
				"base_syscalls.repair=true"};
	const char *all[] = {"base_syscalls.all=true"};

	test_state_types();
	test_peers();
	state_evt_types(state);
	/* The rule's type and the state's, with their io_uring twins, and
	 * nothing else. */
	compute(rs, NULL, 0, set);
	CHECK(set[LNR_EVT_KILL] && set[LNR_EVT_OPENAT] && set[LNR_EVT_EXECVE]);
	CHECK(set[LNR_EVT_IOU_OPENAT] && set[LNR_EVT_IOU_CLOSE]);
	CHECK(!set[LNR_EVT_PTRACE] && !set[LNR_EVT_UNLINKAT]);
	CHECK(!set[LNR_EVT_IOU_UNLINKAT]);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		CHECK(!!set[t] ==
		      (t == LNR_EVT_KILL || state[lnr_evt_twin(t)]));
	/* Those only the state needs are marked so: the probe may keep
	 * fewer of their calls. */
	CHECK(set[LNR_EVT_KILL] == EVTSEL_RULES);
	CHECK(set[LNR_EVT_RECVMSG] == EVTSEL_STATE_ONLY);
	CHECK(set[LNR_EVT_OPENAT] == EVTSEL_STATE_ONLY);

	/* A custom set replaces the state's types; ! takes one away. */
	compute(rs, custom, 1, set);
	CHECK(!set[LNR_EVT_KILL] && set[LNR_EVT_PTRACE]);
	CHECK(!set[LNR_EVT_OPENAT] && !set[LNR_EVT_EXECVE]);

	/* repair brings the state's back. */
	compute(rs, repair, 2, set);
	CHECK(set[LNR_EVT_KILL] && set[LNR_EVT_PTRACE] == EVTSEL_RULES);
	CHECK(set[LNR_EVT_OPENAT] && set[LNR_EVT_EXECVE]);

	compute(rs, all, 1, set);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		CHECK(set[t]);
	ruleset_free(rs);
	return check_done();
}

/*
 * Which event types the probe emits: those a loaded rule can match, those
 * the state is built from, adjusted by Falco's base_syscalls keys. The
 * engine computes it after each rule load and sends it to the broker,
 * which programs capture with it; an io_uring operation goes with the
 * syscall it stands for. A rule that reads a socket's addresses or role
 * on a call that does not carry them (a read, a close) also needs the
 * calls the state learns them from (sendto, listen, every recvmsg).
 */
#include <stdio.h>
#include <string.h>

#include "conf_keys.h"
#include "evtsel.h"
#include "log.h"
#include "state.h"

#define EVTSEL_MAX_CUSTOM 512

/* base_syscalls.custom_set: "name" adds a type, "!name" removes it. */
static void apply_custom(uint8_t set[LNR_EVT_COUNT], const char **names,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int off = names[i][0] == '!';
		enum lnr_evt_type t = lnr_event_by_name(names[i] + off);

		if (t == LNR_EVT_NONE) {
			log_warn("base_syscalls.custom_set: %s is not an event "
				 "lanner captures; ignored",
				 names[i] + off);
			continue;
		}
		set[t] = !off;
	}
}

bool evtsel_cond_reads(const struct cnode *n, bool (*field)(const char *))
{
	if (n->kind == CN_CHECK)
		return field(n->chk->lhs.f->name) ||
		       (n->chk->rhs_field && field(n->chk->rhs.f->name));
	for (unsigned i = 0; i < n->nkids; i++)
		if (evtsel_cond_reads(n->kids[i], field))
			return true;
	return false;
}

bool evtsel_socket_field(const char *name)
{
	static const char *const sock[] = {
	    "fd.connected", "fd.sockfamily", "fd.is_server", "fd.ip",
	    "fd.cip",	    "fd.sip",	     "fd.lip",	     "fd.rip",
	    "fd.port",	    "fd.cport",	     "fd.sport",     "fd.lport",
	    "fd.rport",	    "fd.net",	     "fd.cnet",	     "fd.snet",
	    "fd.lnet",	    "fd.rnet",	     "fd.l4proto"};

	for (size_t i = 0; i < sizeof(sock) / sizeof(*sock); i++)
		if (!strcmp(name, sock[i]))
			return true;
	return false;
}

/* Socket fields the calls the state learns from can change: its
 * addresses and role, not its family or protocol (socket() gives them). */
static bool peer_field(const char *name)
{
	return evtsel_socket_field(name) &&
	       strcmp(name, "fd.sockfamily") != 0 &&
	       strcmp(name, "fd.l4proto") != 0;
}

/* Whether a call's record names the socket's addresses itself; or, for
 * listen, whose socket's are its bind's, makes it a server itself (a
 * datagram socket, whose peers the other calls teach, cannot listen). */
static bool carries_address(unsigned t)
{
	const struct lnr_event_info *e = &lnr_events[t];

	if (!strcmp(e->name, "listen"))
		return true;
	for (unsigned i = 0; i < e->nparams; i++)
		if (e->params[i].type == LNR_PT_SOCKADDR ||
		    e->params[i].type == LNR_PT_SOCKTUPLE)
			return true;
	return false;
}

/* Whether an enabled rule reads a socket's addresses or role on a call
 * whose record does not name them: the state's are then read. */
static bool rules_read_peers(const struct ruleset *rs)
{
	for (size_t i = 0; i < ruleset_rule_total(rs); i++) {
		const struct rule *r = ruleset_rule_at(rs, i);

		if (!rule_enabled(r) ||
		    strcmp(rule_source(r), "syscall") != 0 ||
		    !evtsel_cond_reads(rule_cond(r), peer_field))
			continue;
		for (unsigned t = 1; t < LNR_EVT_COUNT; t++)
			if (rule_has_type(r, t) && !carries_address(t))
				return true;
	}
	return false;
}

/* The types emitted, in full, for rules_read_peers. */
static void peer_types(const struct ruleset *rs, uint8_t peers[LNR_EVT_COUNT])
{
	if (!rules_read_peers(rs))
		return;
	state_evt_types_learns(peers);
	/* recvmsg is in the state's own set, which keeps only its calls
	 * that pass fds: the others name their sender. */
	peers[LNR_EVT_RECVMSG] = 1;
}

static size_t custom_set(const struct conf *c, const char **names)
{
	return conf_list(c, CONF_BASE_SYSCALLS_CUSTOM_SET, names,
			 EVTSEL_MAX_CUSTOM, NULL, 0);
}

bool evtsel_custom(const struct conf *c)
{
	const char *names[EVTSEL_MAX_CUSTOM];

	return custom_set(c, names) > 0;
}

/* As in Falco: a custom set replaces the state's own types unless repair
 * asks for them back. */
bool evtsel_state_included(const struct conf *c)
{
	const char *names[EVTSEL_MAX_CUSTOM];

	return custom_set(c, names) == 0 ||
	       conf_bool(c, CONF_BASE_SYSCALLS_REPAIR);
}

void evtsel_compute(const struct ruleset *rs, const struct conf *c,
		    uint8_t set[LNR_EVT_COUNT])
{
	const char *custom[EVTSEL_MAX_CUSTOM];
	size_t ncustom = custom_set(c, custom);
	uint8_t state[LNR_EVT_COUNT] = {0}, peers[LNR_EVT_COUNT] = {0};

	if (conf_bool(c, CONF_BASE_SYSCALLS_ALL)) {
		memset(set, 1, LNR_EVT_COUNT);
		set[LNR_EVT_NONE] = 0;
		return;
	}
	ruleset_evt_types(rs, set);
	state_evt_types(state);
	if (evtsel_state_included(c)) {
		peer_types(rs, peers);
		for (int t = 1; t < LNR_EVT_COUNT; t++)
			if (peers[t])
				set[t] = EVTSEL_RULES;
			else if (!set[t] && state[t])
				set[t] = EVTSEL_STATE_ONLY;
	}
	apply_custom(set, custom, ncustom);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		set[t] = set[lnr_evt_twin(t)];
}

size_t evtsel_count(const uint8_t set[LNR_EVT_COUNT])
{
	size_t n = 0;

	for (int t = 1; t < LNR_EVT_COUNT; t++)
		n += set[t] && lnr_evt_ret_index(t) >= 0;
	return n;
}

/* The enabled syscall rules that can match type, comma-separated. */
static void print_rules(const struct ruleset *rs, enum lnr_evt_type type,
			FILE *out)
{
	const char *sep = "rules: ";

	for (size_t i = 0; i < ruleset_rule_total(rs); i++) {
		const struct rule *r = ruleset_rule_at(rs, i);

		if (rule_enabled(r) && !strcmp(rule_source(r), "syscall") &&
		    rule_has_type(r, type)) {
			fprintf(out, "%s%s", sep, rule_name(r));
			sep = ", ";
		}
	}
}

void evtsel_explain(const struct ruleset *rs, const struct conf *c, FILE *out)
{
	uint8_t set[LNR_EVT_COUNT] = {0}, state[LNR_EVT_COUNT] = {0};
	uint8_t rules[LNR_EVT_COUNT] = {0}, peers[LNR_EVT_COUNT] = {0};
	int all = conf_bool(c, CONF_BASE_SYSCALLS_ALL);

	evtsel_compute(rs, c, set);
	if (evtsel_state_included(c)) {
		state_evt_types(state);
		peer_types(rs, peers);
	}
	ruleset_evt_types(rs, rules);
	for (int t = 1; t < LNR_EVT_COUNT; t++) {
		enum lnr_evt_type w = lnr_evt_twin(t);

		if (!set[t] || lnr_evt_ret_index(t) < 0)
			continue;
		fprintf(out, "%-16s%s ", lnr_events[t].name,
			lnr_events[t].kind == LNR_KIND_IOURING ? " (io_uring)"
							       : "");
		if (rules[w])
			print_rules(rs, w, out);
		if (state[w] || peers[w])
			fprintf(out, "%sstate%s", rules[w] ? "; " : "",
				peers[w] ? " (every call: rules read socket "
					   "fields)"
					 : "");
		if (!rules[w] && !state[w] && !peers[w])
			fprintf(out, all ? "base_syscalls.all"
					 : "base_syscalls.custom_set");
		fputc('\n', out);
	}
	fprintf(out, "%zu of the probe's event types are emitted\n",
		evtsel_count(set));
}

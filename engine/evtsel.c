/*
 * Which event types the probe emits: those a loaded rule can match, those
 * the state is built from, adjusted by Falco's base_syscalls keys. The
 * engine computes it after each rule load and sends it to the broker,
 * which programs capture with it; an io_uring operation goes with the
 * syscall it stands for.
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
	uint8_t state[LNR_EVT_COUNT] = {0};

	if (conf_bool(c, CONF_BASE_SYSCALLS_ALL)) {
		memset(set, 1, LNR_EVT_COUNT);
		set[LNR_EVT_NONE] = 0;
		return;
	}
	ruleset_evt_types(rs, set);
	state_evt_types(state);
	if (evtsel_state_included(c))
		for (int t = 1; t < LNR_EVT_COUNT; t++)
			if (!set[t] && state[t])
				set[t] = EVTSEL_STATE_ONLY;
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
	uint8_t rules[LNR_EVT_COUNT] = {0};
	int all = conf_bool(c, CONF_BASE_SYSCALLS_ALL);

	evtsel_compute(rs, c, set);
	if (evtsel_state_included(c))
		state_evt_types(state);
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
		if (state[w])
			fprintf(out, "%sstate", rules[w] ? "; " : "");
		if (!rules[w] && !state[w])
			fprintf(out, all ? "base_syscalls.all"
					 : "base_syscalls.custom_set");
		fputc('\n', out);
	}
	fprintf(out, "%zu of the probe's event types are emitted\n",
		evtsel_count(set));
}

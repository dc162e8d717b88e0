/*
 * Which event types the probe emits: those a loaded rule can match, those
 * the state is built from, adjusted by Falco's base_syscalls keys. The
 * engine computes it after each rule load and sends it to the broker,
 * which programs capture with it; an io_uring operation goes with the
 * syscall it stands for.
 */
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

void evtsel_compute(const struct ruleset *rs, const struct conf *c,
		    uint8_t set[LNR_EVT_COUNT])
{
	const char *custom[EVTSEL_MAX_CUSTOM];
	size_t ncustom =
	    conf_get_list(c, conf_keys[CONF_BASE_SYSCALLS_CUSTOM_SET].key,
			  custom, EVTSEL_MAX_CUSTOM);
	uint8_t state[LNR_EVT_COUNT] = {0};

	if (conf_bool(c, CONF_BASE_SYSCALLS_ALL)) {
		memset(set, 1, LNR_EVT_COUNT);
		set[LNR_EVT_NONE] = 0;
		return;
	}
	ruleset_evt_types(rs, set);
	/* As in Falco: a custom set replaces the state's own types unless
	 * repair asks for them back. */
	state_evt_types(state);
	if (ncustom == 0 || conf_bool(c, CONF_BASE_SYSCALLS_REPAIR))
		for (int t = 1; t < LNR_EVT_COUNT; t++)
			set[t] |= state[t];
	apply_custom(set, custom, ncustom);
	for (int t = 1; t < LNR_EVT_COUNT; t++)
		set[t] = set[lnr_evt_twin(t)];
}

size_t evtsel_count(const uint8_t set[LNR_EVT_COUNT])
{
	size_t n = 0;

	for (int t = 1; t < LNR_EVT_COUNT; t++)
		n += set[t] != 0;
	return n;
}

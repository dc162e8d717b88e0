/*
 * Capture windows, see clip.h.
 */
#include <errno.h>
#include <string.h>

#include "capfile.h"
#include "clip.h"
#include "conf_keys.h"
#include "log.h"

#define MS 1000000ull

void clip_configure(struct clip *c, const struct conf *cf)
{
	const char *mode = conf_str(cf, CONF_CAPTURE_MODE);

	memset(c, 0, sizeof(*c));
	c->enabled = conf_bool(cf, CONF_CAPTURE_ENABLED);
	if (strcmp(mode, "all_rules") == 0)
		c->all_rules = true;
	else if (strcmp(mode, "rules") != 0)
		fatal("capture.mode %s: expected rules or all_rules", mode);
	c->default_ns =
	    (uint64_t)conf_long(cf, CONF_CAPTURE_DEFAULT_DURATION) * MS;
	snprintf(c->prefix, sizeof(c->prefix), "%s",
		 conf_str(cf, CONF_CAPTURE_PATH_PREFIX));
}

/* Asks the broker for the file; the alert that names it comes after. */
static int start(struct clip *c, struct child_proc *child, uint64_t ts,
		 uint64_t after_ns)
{
	static uint8_t buf[PATH_MAX + 64];
	struct msg_out m;

	if (capfile_alert_name(c->name, sizeof(c->name), c->prefix, ts) < 0)
		return -ENAMETOOLONG;
	msg_begin(&m, buf, sizeof(buf), MSG_CAPTURE, 0);
	msg_add_u64(&m, ts);
	msg_add_u32(&m, (uint32_t)(after_ns / MS));
	msg_add_str(&m, c->name);
	if (child_send(child, &m, 0) < 0)
		return -EIO;
	c->until = ts + after_ns;
	c->started++;
	return 0;
}

const char *clip_for_alert(struct clip *c, struct child_proc *child,
			   bool capture, uint32_t capture_ms, uint64_t ts)
{
	uint64_t after = capture_ms ? capture_ms * MS : c->default_ns;

	if (!c->enabled || !(capture || c->all_rules))
		return NULL;
	if (c->started && ts <= c->until)
		return c->name;
	if (start(c, child, ts, after) < 0) {
		log_warn("no capture file for the alert at %llu",
			 (unsigned long long)ts);
		return NULL;
	}
	return c->name;
}

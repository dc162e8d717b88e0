/*
 * Alert formatting shared by every channel: Falco's text line
 * ("14:01:02.123456789: Warning output") and Falco's JSON object (keys
 * time, rule, priority, source, hostname, output, message, output_fields
 * with numbers and booleans unquoted and <NA> as null, tags), so tools
 * that read Falco's alerts read lanner's.
 */
#ifndef LNR_FORMAT_H
#define LNR_FORMAT_H

#include <stddef.h>

#include "alert.h"
#include "conf.h"

struct format_opts {
	int json;	  /* json_output */
	int iso8601;	  /* time_format_iso_8601 */
	int json_output;  /* json_include_output_property */
	int json_tags;	  /* json_include_tags_property */
	int json_message; /* json_include_message_property */
	int json_fields;  /* json_include_output_fields_property */
};

void format_opts_read(struct format_opts *o, const struct conf *c);

/*
 * Writes the alert as one line ending in '\n' into buf. Returns its
 * length; a line that does not fit is cut short and still ends in '\n'.
 */
size_t format_alert(const struct format_opts *o, const struct alert *a,
		    char *buf, size_t cap);

#endif

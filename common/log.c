/*
 * Logger: "lanner-engine[123]: warning: text" lines on stderr, written in
 * one write() so lines from several processes never interleave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "textesc.h"

static const char *log_name = "lanner";
static enum log_level log_max = LOG_LVL_INFO;

static const char *const level_names[] = {
    [LOG_LVL_ERR] = "error",	 [LOG_LVL_WARN] = "warning",
    [LOG_LVL_NOTICE] = "notice", [LOG_LVL_INFO] = "info",
    [LOG_LVL_DEBUG] = "debug",
};

void log_init(const char *procname, enum log_level level)
{
	log_name = procname;
	log_max = level;
}

void log_set_level(enum log_level level)
{
	log_max = level;
}

int log_level_parse(const char *s, enum log_level *out)
{
	for (unsigned i = 0; i < sizeof(level_names) / sizeof(*level_names);
	     i++)
		if (strcasecmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	if (strcasecmp(s, "err") == 0 || strcasecmp(s, "critical") == 0) {
		*out = LOG_LVL_ERR;
		return 0;
	}
	return -1;
}

/* Messages quote file names and rule text: escaped, one line each. */
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char text[2048], line[2048];
	int n, m;

	if (level > log_max)
		return;
	m = vsnprintf(text, sizeof(text), fmt, ap);
	if (m < 0)
		return;
	n = snprintf(line, sizeof(line), "%s[%d]: %s: ", log_name,
		     (int)getpid(), level_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	textesc(line + n, sizeof(line) - 1 - (size_t)n, text, strlen(text), 0);
	n += (int)strlen(line + n);
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}

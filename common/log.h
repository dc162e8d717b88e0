/*
 * The one logger. Every line carries the process name and pid. Sandboxed
 * processes write to their stderr, which is a pipe the broker reads and
 * relays, so only the broker's logger touches the terminal or journal.
 */
#ifndef LNR_LOG_H
#define LNR_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_LVL_ERR,
	LOG_LVL_WARN,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG
};

void log_init(const char *procname, enum log_level level);
void log_set_level(enum log_level level);
int log_level_parse(const char *s, enum log_level *out);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap);
/* For setup code and mains only: logs and exits 1. */
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif

# tests for broker: configuration flattening and the alert queue.
check_PROGRAMS += tests/unit/test_conf tests/unit/test_queue
tests_unit_test_conf_SOURCES = tests/unit/test_conf.c tests/unit/check.h
tests_unit_test_conf_LDADD = $(TEST_LIBS) $(YAML_LIBS)
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c tests/unit/check.h
tests_unit_test_queue_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_conf tests/unit/test_queue

# Alerts per rule for the metrics (broker/rulecount.c), bounded.
check_PROGRAMS += tests/unit/test_rulecount
tests_unit_test_rulecount_SOURCES = tests/unit/test_rulecount.c \
	tests/unit/check.h broker/rulecount.c broker/rulecount.h
tests_unit_test_rulecount_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_rulecount

# tests for the output workers' formatter.
check_PROGRAMS += tests/unit/test_format
tests_unit_test_format_SOURCES = tests/unit/test_format.c tests/unit/check.h \
	outputs/format.c outputs/format.h
tests_unit_test_format_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/outputs
tests_unit_test_format_LDADD = $(TEST_LIBS) $(YAML_LIBS)
TESTS += tests/unit/test_format

# The configuration reference matches conf_keys.def.
TESTS += tests/conf_reference.sh
EXTRA_DIST += tests/conf_reference.sh doc/configuration.md

# lanner's command line: bad flags and values stop it with a clear error.
TESTS += tests/broker_cli.sh
EXTRA_DIST += tests/broker_cli.sh

# The nanomsg channel between the broker and its children (common/ipc.c).
check_PROGRAMS += tests/unit/test_ipc
tests_unit_test_ipc_SOURCES = tests/unit/test_ipc.c tests/unit/check.h
tests_unit_test_ipc_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS)
tests_unit_test_ipc_LDADD = $(TEST_LIBS) $(NANOMSG_LIBS)
TESTS += tests/unit/test_ipc

# Each output channel's seccomp lines: no open, no exec, sockets only for
# the channels that need them.
check_PROGRAMS += tests/unit/test_channels
tests_unit_test_channels_SOURCES = tests/unit/test_channels.c \
	tests/unit/check.h outputs/channel.c outputs/http_tls.c \
	outputs/out_file.c outputs/out_http.c outputs/out_program.c \
	outputs/out_stdout.c outputs/out_syslog.c outputs/sink.c
tests_unit_test_channels_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/outputs
tests_unit_test_channels_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS) $(CURL_CFLAGS) \
	$(ZLIB_CFLAGS)
tests_unit_test_channels_LDADD = $(TEST_LIBS) $(CURL_LIBS) $(ZLIB_LIBS)
TESTS += tests/unit/test_channels

# The names the engine may have resolved (broker/dnscheck.c).
check_PROGRAMS += tests/unit/test_dnscheck
tests_unit_test_dnscheck_SOURCES = tests/unit/test_dnscheck.c \
	tests/unit/check.h broker/dnscheck.c broker/dnscheck.h
tests_unit_test_dnscheck_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_dnscheck

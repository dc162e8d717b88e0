# tests for broker: configuration flattening and the per-channel queue.
check_PROGRAMS += tests/unit/test_conf tests/unit/test_queue
tests_unit_test_conf_SOURCES = tests/unit/test_conf.c tests/unit/check.h
tests_unit_test_conf_LDADD = $(TEST_LIBS) $(YAML_LIBS)
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c tests/unit/check.h \
	broker/queue.c broker/queue.h
tests_unit_test_queue_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/broker
TESTS += tests/unit/test_conf tests/unit/test_queue

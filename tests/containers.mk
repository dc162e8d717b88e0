# tests for containers: lanner-containers' parser of runtime replies and
# the record it sends the engine.
check_PROGRAMS += tests/unit/test_inspect
tests_unit_test_inspect_SOURCES = tests/unit/test_inspect.c \
	containers/inspect.c containers/inspect.h tests/unit/check.h
tests_unit_test_inspect_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_unit_test_inspect_LDADD = $(TEST_LIBS) $(JSONC_LIBS)
TESTS += tests/unit/test_inspect

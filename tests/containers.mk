# tests for containers: lanner-containers' parser of runtime replies and
# the record it sends the engine.
check_PROGRAMS += tests/unit/test_inspect
tests_unit_test_inspect_SOURCES = tests/unit/test_inspect.c \
	$(CONTAINERS_PARSERS) tests/unit/check.h
tests_unit_test_inspect_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_unit_test_inspect_LDADD = $(TEST_LIBS) $(JSONC_LIBS)
TESTS += tests/unit/test_inspect
check_PROGRAMS += tests/unit/test_containerd
tests_unit_test_containerd_SOURCES = tests/unit/test_containerd.c \
	$(CONTAINERS_PARSERS) broker/ctrreq.c tests/unit/check.h
tests_unit_test_containerd_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_unit_test_containerd_LDADD = $(TEST_LIBS) $(JSONC_LIBS)
TESTS += tests/unit/test_containerd

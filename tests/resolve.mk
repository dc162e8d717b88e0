# tests for resolve: lanner-resolve's schedule of names.
check_PROGRAMS += tests/unit/test_resolve
tests_unit_test_resolve_SOURCES = tests/unit/test_resolve.c \
	resolve/resolve.c resolve/resolve.h tests/unit/check.h
tests_unit_test_resolve_CFLAGS = $(AM_CFLAGS) $(CARES_CFLAGS) \
	$(NANOMSG_CFLAGS)
tests_unit_test_resolve_LDADD = $(TEST_LIBS) $(CARES_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
TESTS += tests/unit/test_resolve

# tests/: unit tests (tests/unit), end-to-end (tests/e2e), fuzz (tests/fuzz).
TEST_LIBS = common/libcommon.la

check_PROGRAMS += tests/unit/test_ring tests/unit/test_event
tests_unit_test_ring_SOURCES = tests/unit/test_ring.c tests/unit/check.h
tests_unit_test_ring_LDADD = $(TEST_LIBS)
tests_unit_test_event_SOURCES = tests/unit/test_event.c tests/unit/check.h
tests_unit_test_event_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_ring tests/unit/test_event

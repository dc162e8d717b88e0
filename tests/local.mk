# tests/: unit tests (tests/unit), end-to-end (tests/e2e), fuzz (tests/fuzz).
# Each part of the tree keeps its tests' build lines in its own fragment.
TEST_LIBS = common/libcommon.la

check_PROGRAMS += tests/unit/test_ring tests/unit/test_event \
	tests/unit/test_msg tests/unit/test_sandbox tests/unit/test_textesc \
	tests/unit/test_openfilter
tests_unit_test_openfilter_SOURCES = tests/unit/test_openfilter.c \
	tests/unit/check.h
tests_unit_test_openfilter_LDADD = $(TEST_LIBS)
tests_unit_test_ring_SOURCES = tests/unit/test_ring.c tests/unit/check.h
tests_unit_test_ring_LDADD = $(TEST_LIBS)
tests_unit_test_event_SOURCES = tests/unit/test_event.c tests/unit/check.h
tests_unit_test_event_LDADD = $(TEST_LIBS)
tests_unit_test_msg_SOURCES = tests/unit/test_msg.c tests/unit/check.h
tests_unit_test_msg_LDADD = $(TEST_LIBS)
tests_unit_test_sandbox_SOURCES = tests/unit/test_sandbox.c tests/unit/check.h
tests_unit_test_sandbox_LDADD = $(TEST_LIBS)
tests_unit_test_textesc_SOURCES = tests/unit/test_textesc.c tests/unit/check.h
tests_unit_test_textesc_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_ring tests/unit/test_event tests/unit/test_msg \
	tests/unit/test_sandbox tests/unit/test_textesc tests/unit/test_openfilter

# The child library (common/child.c): arguments, handshake, dispatch.
check_PROGRAMS += tests/unit/test_child
tests_unit_test_child_SOURCES = tests/unit/test_child.c tests/unit/check.h
tests_unit_test_child_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_child

# Descriptors over unix sockets (common/fdpass.c).
check_PROGRAMS += tests/unit/test_fdpass
tests_unit_test_fdpass_SOURCES = tests/unit/test_fdpass.c tests/unit/check.h
tests_unit_test_fdpass_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_fdpass

# The checks on rule and configuration files (common/safefile.c).
check_PROGRAMS += tests/unit/test_safefile
tests_unit_test_safefile_SOURCES = tests/unit/test_safefile.c \
	tests/unit/check.h
tests_unit_test_safefile_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_safefile

# Capture files (common/capfile*.c, common/crc32c.c).
check_PROGRAMS += tests/unit/test_capfile
tests_unit_test_capfile_SOURCES = tests/unit/test_capfile.c \
	tests/unit/check.h
tests_unit_test_capfile_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_capfile

include tests/capture.mk
include tests/engine.mk
include tests/containers.mk
include tests/resolve.mk
include tests/rules.mk
include tests/broker.mk
include tests/e2e.mk
include tests/captures.mk
include tests/fuzz.mk

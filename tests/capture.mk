# tests for capture: the probe test needs root and kernel BTF and skips
# (exit 77) without them.
CAPTURE_TEST_LIBS = capture/libprobe.la common/libcommon.la $(LIBBPF_LIBS) \
	$(LIBELF_LIBS)

check_PROGRAMS += tests/unit/test_probe tests/unit/test_proc_snapshot
tests_unit_test_probe_SOURCES = tests/unit/test_probe.c \
	tests/unit/test_probe_files.c tests/unit/test_probe_ident.c \
	tests/unit/test_probe_compat.c tests/unit/test_probe_iouring.c \
	tests/unit/test_probe_iouring_io.c \
	tests/unit/test_probe_net.c tests/unit/test_probe_scm.c \
	tests/unit/test_probe_fds.c tests/unit/test_probe_io.c \
	tests/unit/test_probe_util.c tests/unit/test_probe_util.h \
	tests/unit/check.h
tests_unit_test_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
tests_unit_test_probe_CFLAGS = $(AM_CFLAGS) $(LIBURING_CFLAGS)
tests_unit_test_probe_LDADD = $(CAPTURE_TEST_LIBS) $(LIBURING_LIBS) -lpthread
tests_unit_test_proc_snapshot_SOURCES = tests/unit/test_proc_snapshot.c \
	tests/unit/check.h
tests_unit_test_proc_snapshot_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/capture
tests_unit_test_proc_snapshot_LDADD = $(CAPTURE_TEST_LIBS)
check_PROGRAMS += tests/unit/test_probe_capture
tests_unit_test_probe_capture_SOURCES = tests/unit/test_probe_capture.c \
	tests/unit/check.h
tests_unit_test_probe_capture_LDADD = common/libcommon.la
check_PROGRAMS += tests/unit/test_probe_stress
tests_unit_test_probe_stress_SOURCES = tests/unit/test_probe_stress.c \
	tests/unit/check.h
tests_unit_test_probe_stress_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
tests_unit_test_probe_stress_LDADD = $(CAPTURE_TEST_LIBS) -lpthread
TESTS += tests/unit/test_probe tests/unit/test_proc_snapshot \
	tests/unit/test_probe_capture tests/unit/test_probe_stress
# test_probe again on the other kind of syscall hooks.
TESTS += tests/probe_hooks.sh
EXTRA_DIST += tests/probe_hooks.sh
check_PROGRAMS += tests/unit/test_pump
tests_unit_test_pump_SOURCES = tests/unit/test_pump.c tests/unit/check.h
tests_unit_test_pump_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
tests_unit_test_pump_LDADD = $(CAPTURE_TEST_LIBS)
TESTS += tests/unit/test_pump

# capture/recorder.c: --capture files and files around alerts.
check_PROGRAMS += tests/unit/test_recorder
tests_unit_test_recorder_SOURCES = tests/unit/test_recorder.c \
	tests/unit/check.h
tests_unit_test_recorder_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
tests_unit_test_recorder_LDADD = $(CAPTURE_TEST_LIBS)
TESTS += tests/unit/test_recorder

# The probe's open filter against its model, on real opens.
check_PROGRAMS += tests/unit/test_probe_openfilter
tests_unit_test_probe_openfilter_SOURCES = \
	tests/unit/test_probe_openfilter.c tests/unit/check.h \
	tests/unit/test_probe_sync.c tests/unit/test_probe_sync.h
tests_unit_test_probe_openfilter_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/capture -I$(top_builddir)/capture
tests_unit_test_probe_openfilter_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
tests_unit_test_probe_openfilter_LDADD = $(CAPTURE_TEST_LIBS)
TESTS += tests/unit/test_probe_openfilter
check_PROGRAMS += tests/unit/test_probe_names
tests_unit_test_probe_names_SOURCES = \
	tests/unit/test_probe_names.c tests/unit/check.h \
	tests/unit/test_probe_sync.c tests/unit/test_probe_sync.h
tests_unit_test_probe_names_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/capture
tests_unit_test_probe_names_LDADD = $(CAPTURE_TEST_LIBS)
TESTS += tests/unit/test_probe_names

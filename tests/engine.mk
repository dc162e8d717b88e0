# tests for engine: state tables, field classes, its confinement.
ENGINE_TEST_LIBS = engine/libengine.la common/libcommon.la $(YAML_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
check_PROGRAMS += tests/unit/test_state tests/unit/test_fields
tests_unit_test_state_SOURCES = tests/unit/test_state.c tests/unit/test_state_fds.c \
	tests/unit/test_state.h \
	tests/unit/test_state_evts.h tests/unit/check.h
tests_unit_test_state_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_state_LDADD = $(ENGINE_TEST_LIBS)
tests_unit_test_fields_SOURCES = tests/unit/test_fields.c \
	tests/unit/test_fields_target.c tests/unit/test_fields_fs.c \
	tests/unit/test_fields_io.c tests/unit/test_fields_sock.c \
	tests/unit/test_fields_anonfd.c tests/unit/test_fields_scm.c \
	tests/unit/test_fields_util.c \
	tests/unit/test_fields_util.h tests/unit/test_state_evts.h \
	tests/unit/check.h
tests_unit_test_fields_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_fields_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_state tests/unit/test_fields
check_PROGRAMS += tests/unit/test_publish
tests_unit_test_publish_SOURCES = tests/unit/test_publish.c tests/unit/check.h
tests_unit_test_publish_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_publish_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_publish
check_PROGRAMS += tests/unit/test_drops
tests_unit_test_drops_SOURCES = tests/unit/test_drops.c tests/unit/check.h
tests_unit_test_drops_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_drops_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_drops

check_PROGRAMS += tests/unit/test_engine_allow
tests_unit_test_engine_allow_SOURCES = tests/unit/test_engine_allow.c \
	engine/allow.c tests/unit/check.h
tests_unit_test_engine_allow_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_engine_allow_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS)
tests_unit_test_engine_allow_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_engine_allow
check_PROGRAMS += tests/unit/test_evtsel
tests_unit_test_evtsel_SOURCES = tests/unit/test_evtsel.c tests/unit/check.h
tests_unit_test_evtsel_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_evtsel_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_evtsel
check_PROGRAMS += tests/unit/test_evtsel_open
tests_unit_test_evtsel_open_SOURCES = tests/unit/test_evtsel_open.c \
	tests/unit/check.h
tests_unit_test_evtsel_open_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_evtsel_open_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_evtsel_open
check_PROGRAMS += tests/unit/test_evtsel_proc
tests_unit_test_evtsel_proc_SOURCES = tests/unit/test_evtsel_proc.c \
	tests/unit/check.h
tests_unit_test_evtsel_proc_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_evtsel_proc_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_evtsel_proc

# ka.* and jevt.* fields on an audit event, through conditions.
check_PROGRAMS += tests/unit/test_k8s_fields
tests_unit_test_k8s_fields_SOURCES = tests/unit/test_k8s_fields.c \
	tests/unit/check.h
tests_unit_test_k8s_fields_CPPFLAGS = $(ENGINE_CPPFLAGS) $(JSONC_CFLAGS)
tests_unit_test_k8s_fields_LDADD = $(ENGINE_TEST_LIBS) $(JSONC_LIBS)
TESTS += tests/unit/test_k8s_fields

# The container table and the container.* and k8s.* fields over it.
check_PROGRAMS += tests/unit/test_container
tests_unit_test_container_SOURCES = tests/unit/test_container.c \
	tests/unit/test_fields_util.c tests/unit/test_fields_util.h \
	tests/unit/test_state_evts.h tests/unit/check.h
tests_unit_test_container_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_container_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_container
check_PROGRAMS += tests/unit/test_dns
tests_unit_test_dns_SOURCES = tests/unit/test_dns.c tests/unit/check.h
tests_unit_test_dns_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_dns_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_dns
check_PROGRAMS += tests/unit/test_rename
tests_unit_test_rename_SOURCES = tests/unit/test_rename.c \
	tests/unit/test_state_evts.h tests/unit/check.h
tests_unit_test_rename_CPPFLAGS = $(ENGINE_CPPFLAGS)
tests_unit_test_rename_LDADD = $(ENGINE_TEST_LIBS)
TESTS += tests/unit/test_rename

# tests for rules: the rule language's unit tests, the upstream rules
# conformance test and the rule tools.
RULES_TEST_LIBS = engine/libengine.la common/libcommon.la $(YAML_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
RULES_TEST_CPPFLAGS = $(ENGINE_CPPFLAGS) $(YAML_CFLAGS)
check_PROGRAMS += tests/unit/test_conformance
tests_unit_test_conformance_SOURCES = tests/unit/test_conformance.c \
	tests/unit/check.h
tests_unit_test_conformance_CPPFLAGS = $(RULES_TEST_CPPFLAGS) \
	-DLNR_CONFORMANCE='"$(abs_top_srcdir)/../shared/conformance"'
tests_unit_test_conformance_LDADD = $(RULES_TEST_LIBS)
TESTS += tests/unit/test_conformance
check_PROGRAMS += tests/unit/test_cond
tests_unit_test_cond_SOURCES = tests/unit/test_cond.c \
	tests/unit/test_rule_fixture.h tests/unit/check.h
tests_unit_test_cond_CPPFLAGS = $(RULES_TEST_CPPFLAGS)
tests_unit_test_cond_LDADD = $(RULES_TEST_LIBS)
TESTS += tests/unit/test_cond
check_PROGRAMS += tests/unit/test_rules
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c \
	tests/unit/test_rule_fixture.h tests/unit/check.h
tests_unit_test_rules_CPPFLAGS = $(RULES_TEST_CPPFLAGS)
tests_unit_test_rules_LDADD = $(RULES_TEST_LIBS)
TESTS += tests/unit/test_rules
check_PROGRAMS += tests/unit/test_rule_load
tests_unit_test_rule_load_SOURCES = tests/unit/test_rule_load.c \
	tests/unit/check.h
tests_unit_test_rule_load_CPPFLAGS = $(RULES_TEST_CPPFLAGS)
tests_unit_test_rule_load_LDADD = $(RULES_TEST_LIBS)
TESTS += tests/unit/test_rule_load

TESTS += tests/rules_cli.sh tests/rules_default.sh
EXTRA_DIST += tests/rules_cli.sh tests/rules_default.sh

# tests for rules: the rule language's unit tests, the upstream rules
# conformance test, and (outside make check) the fuzz targets.
RULES_TEST_LIBS = engine/libengine.la common/libcommon.la $(YAML_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
RULES_TEST_CPPFLAGS = $(ENGINE_CPPFLAGS) $(YAML_CFLAGS)
check_PROGRAMS += tests/unit/test_conformance
tests_unit_test_conformance_SOURCES = tests/unit/test_conformance.c \
	tests/unit/check.h
tests_unit_test_conformance_CPPFLAGS = $(RULES_TEST_CPPFLAGS) \
	-DLNR_CONFORMANCE='"$(abs_top_srcdir)/../shared/conformance/falco_rules.yaml"'
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

# Fuzz targets (not part of make check): every tests/fuzz/fuzz_*.c, built
# with clang and libFuzzer straight from the engine and common sources;
# tests/fuzz/run.sh SECONDS builds and runs them.
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -D_GNU_SOURCE -I$(top_srcdir) \
	-I$(top_srcdir)/common -I$(top_srcdir)/engine -I$(top_srcdir)/engine/rules \
	-I$(top_srcdir)/engine/fields -I$(top_srcdir)/engine/state -I$(top_builddir) \
	$(YAML_CFLAGS) $(NANOMSG_CFLAGS)
FUZZ_LIBS = $(YAML_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)
fuzz:
	@mkdir -p tests/fuzz/obj
	@h=$$(ls -t $(top_srcdir)/engine/*/*.h $(top_srcdir)/engine/*/*.def \
		$(top_srcdir)/common/*.h $(top_srcdir)/common/*.def | head -n 1); \
	objs=; for f in $(ENGINE_SOURCE_FILES) \
		$(common_libcommon_la_SOURCES); do \
		case $$f in *.c) ;; *) continue;; esac; \
		o=tests/fuzz/obj/$$(echo $$f | tr / _ | sed 's/\.c$$/.o/'); \
		objs="$$objs $$o"; \
		if [ ! -f $$o ] || [ $(top_srcdir)/$$f -nt $$o ] || \
		   [ $$h -nt $$o ]; then \
			$(CLANG) $(FUZZ_CFLAGS) -c -o $$o $(top_srcdir)/$$f \
				|| exit 1; \
		fi; \
	done; \
	for t in $(top_srcdir)/tests/fuzz/fuzz_*.c; do \
		n=$$(basename $$t .c); echo "  CLANG    tests/fuzz/$$n"; \
		$(CLANG) $(FUZZ_CFLAGS) -o tests/fuzz/$$n $$t $$objs \
			$(FUZZ_LIBS) || exit 1; \
	done
.PHONY: fuzz
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/fuzz_rules.c tests/fuzz/fuzz_cond.c \
	tests/fuzz/seeds_cond tests/fuzz/seeds_rules

TESTS += tests/rules_cli.sh
EXTRA_DIST += tests/rules_cli.sh

# tests/captures/: capture-file fixtures. Each NAME.lcap was recorded
# by tests/captures/record.sh from a test workload and is replayed by
# tests/captures/replay.sh, without root, with tests/captures/rules.yaml;
# the alerts must be NAME.expected.
check_PROGRAMS += tests/captures/lcap_trim
tests_captures_lcap_trim_SOURCES = tests/captures/lcap_trim.c
tests_captures_lcap_trim_LDADD = $(TEST_LIBS)
TESTS += tests/captures/replay.sh
CAPTURE_FIXTURES = files process changes
EXTRA_DIST += tests/captures/replay.sh tests/captures/record.sh \
	tests/captures/rules.yaml tests/captures/workloads.sh \
	$(CAPTURE_FIXTURES:%=tests/captures/%.lcap) \
	$(CAPTURE_FIXTURES:%=tests/captures/%.expected)

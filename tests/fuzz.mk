# Fuzz targets, one per parser of untrusted bytes: built with the rest of
# the tree when configured with --enable-fuzz (CC=clang), never installed.
# tests/fuzz/run.sh SECONDS configures such a build and runs each target.
FUZZ_TARGETS = tests/fuzz/fuzz_alert tests/fuzz/fuzz_capfile \
	tests/fuzz/fuzz_cond \
	tests/fuzz/fuzz_conf tests/fuzz/fuzz_drops tests/fuzz/fuzz_event \
	tests/fuzz/fuzz_msg tests/fuzz/fuzz_ring tests/fuzz/fuzz_rules \
	tests/fuzz/fuzz_textesc tests/fuzz/fuzz_audit_json \
	tests/fuzz/fuzz_inspect tests/fuzz/fuzz_openfilter tests/fuzz/fuzz_dnsinfo
FUZZ_SEEDS = tests/fuzz/seeds_alert tests/fuzz/seeds_capfile \
	tests/fuzz/seeds_cond tests/fuzz/seeds_event \
	tests/fuzz/seeds_conf tests/fuzz/seeds_drops tests/fuzz/seeds_ring \
	tests/fuzz/seeds_rules tests/fuzz/seeds_textesc \
	tests/fuzz/seeds_audit_json tests/fuzz/seeds_inspect \
	tests/fuzz/seeds_openfilter tests/fuzz/seeds_dnsinfo tests/fuzz/seeds_msg
FUZZ_COMMON = common/libcommon.la $(YAML_LIBS) $(NANOMSG_LIBS) \
	$(SECCOMP_LIBS) $(CAPNG_LIBS)
FUZZ_ENGINE = engine/libengine.la $(FUZZ_COMMON)
FUZZ_ENGINE_CPPFLAGS = $(ENGINE_CPPFLAGS) $(YAML_CFLAGS)

if FUZZ
noinst_PROGRAMS += $(FUZZ_TARGETS)
fuzz: $(FUZZ_TARGETS)
else
fuzz:
	@echo "the fuzz targets need ../configure --enable-fuzz CC=clang"; exit 1
endif
.PHONY: fuzz

tests_fuzz_fuzz_alert_SOURCES = tests/fuzz/fuzz_alert.c tests/fuzz/utf8.h \
	outputs/format.c outputs/format.h
tests_fuzz_fuzz_alert_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/outputs
tests_fuzz_fuzz_alert_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_alert_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_capfile_SOURCES = tests/fuzz/fuzz_capfile.c
tests_fuzz_fuzz_capfile_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_capfile_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_cond_SOURCES = tests/fuzz/fuzz_cond.c
tests_fuzz_fuzz_cond_CPPFLAGS = $(FUZZ_ENGINE_CPPFLAGS)
tests_fuzz_fuzz_cond_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_cond_LDADD = $(FUZZ_ENGINE)
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz_conf.c
tests_fuzz_fuzz_conf_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_conf_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_openfilter_SOURCES = tests/fuzz/fuzz_openfilter.c
tests_fuzz_fuzz_openfilter_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_openfilter_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_drops_SOURCES = tests/fuzz/fuzz_drops.c
tests_fuzz_fuzz_drops_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_drops_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_event_SOURCES = tests/fuzz/fuzz_event.c
tests_fuzz_fuzz_event_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_event_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_msg_SOURCES = tests/fuzz/fuzz_msg.c
tests_fuzz_fuzz_msg_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_msg_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_ring_SOURCES = tests/fuzz/fuzz_ring.c
tests_fuzz_fuzz_ring_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ring_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c
tests_fuzz_fuzz_rules_CPPFLAGS = $(FUZZ_ENGINE_CPPFLAGS)
tests_fuzz_fuzz_rules_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_rules_LDADD = $(FUZZ_ENGINE)
tests_fuzz_fuzz_textesc_SOURCES = tests/fuzz/fuzz_textesc.c tests/fuzz/utf8.h
tests_fuzz_fuzz_textesc_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_textesc_LDADD = $(FUZZ_COMMON)
tests_fuzz_fuzz_audit_json_SOURCES = tests/fuzz/fuzz_audit_json.c \
	k8saudit/audit_json.c k8saudit/audit_json.h
tests_fuzz_fuzz_audit_json_CPPFLAGS = $(FUZZ_ENGINE_CPPFLAGS) $(JSONC_CFLAGS)
tests_fuzz_fuzz_audit_json_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_audit_json_LDADD = $(FUZZ_ENGINE) $(JSONC_LIBS)
tests_fuzz_fuzz_inspect_SOURCES = tests/fuzz/fuzz_inspect.c \
	$(CONTAINERS_PARSERS)
tests_fuzz_fuzz_inspect_CPPFLAGS = $(FUZZ_ENGINE_CPPFLAGS) $(JSONC_CFLAGS)
tests_fuzz_fuzz_inspect_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_inspect_LDADD = $(FUZZ_ENGINE) $(JSONC_LIBS)
tests_fuzz_fuzz_dnsinfo_SOURCES = tests/fuzz/fuzz_dnsinfo.c
tests_fuzz_fuzz_dnsinfo_CPPFLAGS = $(FUZZ_ENGINE_CPPFLAGS)
tests_fuzz_fuzz_dnsinfo_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_dnsinfo_LDADD = $(FUZZ_ENGINE)
EXTRA_DIST += tests/fuzz/run.sh $(FUZZ_SEEDS)

# engine/: the sandboxed engine, in layers whose include paths let each
# see only those below it: rules -> fields -> state -> common. The
# runtime (publishing, the drop check, the process) sits on top.
include engine/state/local.mk
include engine/fields/local.mk
include engine/rules/local.mk
ENGINE_CPPFLAGS = $(ENGINE_RULES_CPPFLAGS) -I$(top_srcdir)/engine

noinst_LTLIBRARIES += engine/libengine.la
engine_libengine_la_SOURCES = \
	engine/publish.c engine/publish.h \
	engine/drops.c engine/drops.h engine/evtsel.c engine/evtsel.h \
	engine/evtsel_open.c engine/evtsel_proc.c \
	engine/dnsnames.c engine/dnsnames.h
engine_libengine_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS) $(NANOMSG_CFLAGS)
engine_libengine_la_CPPFLAGS = $(ENGINE_CPPFLAGS)
engine_libengine_la_LIBADD = engine/rules/librules.la \
	engine/fields/libfields.la engine/state/libstate.la

libexec_PROGRAMS += engine/lanner-engine
engine_lanner_engine_SOURCES = engine/main.c engine/ctl.c engine/allow.c \
	engine/engine.h engine/clip.c engine/clip.h \
	engine/rules_cli.c engine/rules_cli.h \
	engine/rules_report.c engine/rules_report.h \
	engine/k8s_event.c engine/containers.c engine/dns.c
engine_lanner_engine_CPPFLAGS = $(ENGINE_CPPFLAGS)
engine_lanner_engine_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS) $(JSONC_CFLAGS)
engine_lanner_engine_LDADD = engine/libengine.la common/libcommon.la \
	$(YAML_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS) $(JSONC_LIBS)

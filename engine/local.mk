# engine/: the sandboxed engine: state tables, field classes, the rule
# language (engine/rules.mk) and the lanner-engine process.
include engine/rules.mk

noinst_LTLIBRARIES += engine/libengine.la
engine_libengine_la_SOURCES = $(ENGINE_RULES_SOURCES) \
	engine/evt_ctx.h engine/fields.h engine/fields_val.h \
	engine/evt_render.c engine/evt_render.h \
	engine/publish.c engine/publish.h \
	engine/drops.c engine/drops.h \
	engine/state.h engine/state_event.c engine/state_path.c \
	engine/state_thread.c engine/state_thread.h \
	engine/state_fd.c engine/state_fd.h \
	engine/state_user.c engine/state_user.h \
	engine/fields_evt.c engine/fields_proc.c engine/fields_thread.c \
	engine/fields_user.c engine/fields_group.c engine/fields_fd.c \
	engine/fields_fdlist.c engine/fields_fs.c engine/fields_container.c \
	engine/fields_k8s.c engine/fields_ka.c engine/fields_jevt.c
engine_libengine_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS) $(NANOMSG_CFLAGS)
engine_libengine_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/engine

libexec_PROGRAMS += engine/lanner-engine
engine_lanner_engine_SOURCES = engine/main.c engine/ctl.c engine/allow.c \
	engine/engine.h \
	engine/rules_cli.c engine/rules_cli.h
engine_lanner_engine_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS)
engine_lanner_engine_LDADD = engine/libengine.la common/libcommon.la \
	$(YAML_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)

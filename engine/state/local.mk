# engine/state/: threads, processes, file descriptors, users and
# containers, fed by events. It sees only common/ and itself.
noinst_LTLIBRARIES += engine/state/libstate.la
engine_state_libstate_la_SOURCES = \
	engine/state/evt_ctx.h engine/state/state.h \
	engine/state/state_event.c engine/state/state_path.c \
	engine/state/state_self.c engine/state/state_sock.c \
	engine/state/state_scm.c engine/state/state_rename.c \
	engine/state/state_anonfd.c engine/state/state_fd_kind.def \
	engine/state/state_thread.c engine/state/state_thread.h \
	engine/state/state_fd.c engine/state/state_fd.h \
	engine/state/state_user.c engine/state/state_user.h \
	engine/state/state_container.c engine/state/state_container.h \
	engine/state/state_dns.c engine/state/state_dns.h
ENGINE_STATE_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/engine/state
engine_state_libstate_la_CPPFLAGS = $(ENGINE_STATE_CPPFLAGS)

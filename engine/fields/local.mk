# engine/fields/: one file per field class, reading the state. It sees
# common/, the state and itself.
noinst_LTLIBRARIES += engine/fields/libfields.la
engine_fields_libfields_la_SOURCES = \
	engine/fields/fields.c engine/fields/fields.h engine/fields/fields_val.h \
	engine/fields/evt_render.c engine/fields/evt_render.h \
	engine/fields/fields_evt.c engine/fields/fields_proc.c \
	engine/fields/fields_thread.c engine/fields/fields_user.c \
	engine/fields/fields_group.c engine/fields/fields_fd.c \
	engine/fields/fields_fdlist.c engine/fields/fields_fs.c \
	engine/fields/fields_container.c engine/fields/fields_k8s.c \
	engine/fields/fields_ka.c engine/fields/fields_jevt.c \
	engine/fields/fields_json.c engine/fields/fields_json.h
ENGINE_FIELDS_CPPFLAGS = $(ENGINE_STATE_CPPFLAGS) -I$(top_srcdir)/engine/fields
engine_fields_libfields_la_CPPFLAGS = $(ENGINE_FIELDS_CPPFLAGS)
engine_fields_libfields_la_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
engine_fields_libfields_la_LIBADD = $(JSONC_LIBS)

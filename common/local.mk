# common/: code every process links.
noinst_LTLIBRARIES += common/libcommon.la
common_libcommon_la_SOURCES = \
	common/event.c common/event.h common/event_table.def \
	common/ring.c common/ring.h \
	common/msg.c common/msg.h common/msg_types.def \
	common/log.c common/log.h

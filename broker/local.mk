# broker/: lanner, the command users run. It spawns and supervises the
# other processes and routes alerts to the output workers.
bin_PROGRAMS += broker/lanner
broker_lanner_SOURCES = broker/main.c \
	broker/broker.h \
	broker/chan.c \
	broker/cli.c broker/cli.h \
	broker/handshake.c \
	broker/logrelay.c \
	broker/paths.c broker/paths.h \
	broker/peer.c \
	broker/proc_table.c broker/proc.h \
	broker/reload.c \
	broker/reseed.c \
	broker/route.c \
	broker/rules.c broker/rules.h \
	broker/rundir.c broker/rundir.h \
	broker/sink.c \
	broker/spawn.c \
	broker/supervise.c \
	broker/tools.c broker/tools.h
broker_lanner_CPPFLAGS = $(AM_CPPFLAGS) \
	-DBUILDDIR='"$(abs_top_builddir)"' -DSRCDIR='"$(abs_top_srcdir)"' \
	-DLIBEXECDIR='"$(libexecdir)"' -DPKGLIBEXECDIR='"$(pkglibexecdir)"' \
	-DPKGDATADIR='"$(pkgdatadir)"' -DSYSCONFDIR='"$(sysconfdir)"'
broker_lanner_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(NANOMSG_CFLAGS) \
	$(YAML_CFLAGS)
broker_lanner_LDADD = common/libcommon.la $(LIBEVENT_LIBS) $(NANOMSG_LIBS) \
	$(YAML_LIBS)

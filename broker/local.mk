# broker/: lanner, the command users run. It spawns and supervises the
# other processes and routes alerts to the output workers.
bin_PROGRAMS += broker/lanner
broker_lanner_SOURCES = broker/main.c \
	broker/broker.h \
	broker/chan.c \
	broker/cli.c broker/cli.h \
	broker/config.c \
	broker/control.c broker/control.h \
	broker/handshake.c \
	broker/k8srelay.c broker/containers.c \
	broker/ctrreq.c broker/ctrrelay.c \
	broker/dnsrelay.c broker/dnscheck.c broker/dnscheck.h \
	broker/logrelay.c \
	broker/metrics.c \
	broker/paths.c broker/paths.h \
	broker/peer.c \
	broker/rulecount.c broker/rulecount.h \
	broker/users.c \
	broker/clip.c broker/clip.h \
	broker/record.c broker/record.h \
	broker/replay.c broker/replay.h \
	broker/proc_table.c broker/proc.h \
	broker/ready.c \
	broker/reload.c \
	broker/reseed.c \
	broker/route.c \
	broker/rules.c broker/rules.h \
	broker/rundir.c broker/rundir.h \
	broker/snapshot.c \
	broker/sink.c \
	broker/spawn.c \
	broker/status.c \
	broker/supervise.c \
	broker/tools.c broker/tools.h \
	broker/watch.c
broker_lanner_CPPFLAGS = $(AM_CPPFLAGS) \
	-DBUILDDIR='"$(abs_top_builddir)"' -DSRCDIR='"$(abs_top_srcdir)"' \
	-DLIBEXECDIR='"$(libexecdir)"' -DPKGLIBEXECDIR='"$(pkglibexecdir)"' \
	-DPKGDATADIR='"$(pkgdatadir)"' -DSYSCONFDIR='"$(sysconfdir)"'
broker_lanner_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(NANOMSG_CFLAGS) \
	$(YAML_CFLAGS) $(SYSTEMD_CFLAGS) $(JSONC_CFLAGS)
broker_lanner_LDADD = common/libcommon.la $(LIBEVENT_LIBS) $(NANOMSG_LIBS) \
	$(YAML_LIBS) $(SYSTEMD_LIBS) $(JSONC_LIBS)

# lannerctl: the operator's client of the control socket.
sbin_PROGRAMS += broker/lannerctl
broker_lannerctl_SOURCES = broker/lannerctl.c broker/control.h

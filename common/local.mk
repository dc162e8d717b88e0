# common/: code every process links. common/evserve.c, the evhttp
# serving lanner-web and lanner-k8saudit share, is compiled into those
# two (web/local.mk, k8saudit/local.mk): libcommon does not link libevent.
noinst_LTLIBRARIES += common/libcommon.la
common_libcommon_la_SOURCES = \
	common/event.c common/event.h common/event_table.def common/pp.h \
	common/ring.c common/ring.h \
	common/suggest.c common/suggest.h \
	common/msg.c common/msg.h common/msg_types.def \
	common/openfilter.c common/openfilter.h \
	common/ctrinfo.c common/ctrinfo.h \
	common/dnsinfo.c common/dnsinfo.h \
	common/channels.def \
	common/log.c common/log.h \
	common/ipc.c common/ipc.h \
	common/child.c common/child.h \
	common/fdpass.c common/fdpass.h \
	common/alert.c common/alert.h \
	common/sandbox.c common/sandbox.h \
	common/privdrop.c common/privdrop.h \
	common/conf.c common/conf.h \
	common/conf_keys.c common/conf_keys.h common/conf_keys.def \
	common/textesc.c common/textesc.h \
	common/safefile.c common/safefile.h \
	common/rmtree.c common/rmtree.h \
	common/drops_conf.c common/drops_conf.h \
	common/queue.c common/queue.h \
	common/ratelog.c common/ratelog.h \
	common/rfc3339.c common/rfc3339.h \
	common/crc32c.c common/crc32c.h \
	common/capfile.c common/capfile_read.c common/capfile.h \
	common/k8sbatch.c common/k8sbatch.h
common_libcommon_la_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS) $(CAPNG_CFLAGS) \
	$(YAML_CFLAGS)
common_libcommon_la_LIBADD = $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS) $(YAML_LIBS)

# The configuration reference, generated from conf_keys.def.
noinst_PROGRAMS += common/conf_ref
common_conf_ref_SOURCES = common/conf_ref.c
common_conf_ref_LDADD = common/libcommon.la
lannerconfdir = $(sysconfdir)/lanner
lannerconf_DATA = lanner.yaml
CLEANFILES += lanner.yaml
lanner.yaml: common/conf_ref$(EXEEXT)
	$(AM_V_GEN)common/conf_ref$(EXEEXT) >$@
man5_MANS = lanner.yaml.5
CLEANFILES += lanner.yaml.5
lanner.yaml.5: common/conf_ref$(EXEEXT)
	$(AM_V_GEN)common/conf_ref$(EXEEXT) --man >$@
# Rewrites doc/configuration.md; tests/conf_reference.sh checks it.
update-docs: common/conf_ref$(EXEEXT)
	common/conf_ref$(EXEEXT) --markdown >$(srcdir)/doc/configuration.md

# web/: lanner-web, the /healthz and /metrics endpoint, a sandboxed
# process of its own since it parses untrusted HTTP.
libexec_PROGRAMS += web/lanner-web
web_lanner_web_SOURCES = web/main.c web/allow.c web/allow.h \
	common/evserve.c common/evserve.h
web_lanner_web_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS) \
	$(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
web_lanner_web_LDADD = common/libcommon.la $(LIBEVENT_LIBS) \
	$(OPENSSL_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)

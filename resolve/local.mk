# resolve/: lanner-resolve, which resolves the domain names the rules
# name (fd.*ip.name), with c-ares, in a sandbox of its own. c-ares, from
# Debian, is a small resolver library with no NSS modules to load: the
# sandbox stays small and the lookups run in one poll loop.
libexec_PROGRAMS += resolve/lanner-resolve
resolve_lanner_resolve_SOURCES = resolve/main.c resolve/resolve.c \
	resolve/resolve.h resolve/allow.c
resolve_lanner_resolve_CFLAGS = $(AM_CFLAGS) $(CARES_CFLAGS) \
	$(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
resolve_lanner_resolve_LDADD = common/libcommon.la $(CARES_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)

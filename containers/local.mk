# containers/: lanner-containers, which reads and parses what the
# container runtime answers about a container, in a sandbox of its own.
libexec_PROGRAMS += containers/lanner-containers
containers_lanner_containers_SOURCES = containers/main.c \
	containers/lookup.c containers/containers.h containers/allow.c \
	containers/inspect.c containers/inspect.h
containers_lanner_containers_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) \
	$(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
containers_lanner_containers_LDADD = common/libcommon.la $(JSONC_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)

# containers/: lanner-containers, which reads and parses what the
# container runtime answers about a container, in a sandbox of its own.
# The parsers of the runtimes' replies; the tests and the fuzz target
# build them too.
CONTAINERS_PARSERS = containers/inspect.c containers/inspect.h \
	containers/containerd.c containers/cri.c \
	containers/grpc.c containers/grpc.h containers/h2.c containers/h2.h \
	containers/pb.c containers/pb.h
libexec_PROGRAMS += containers/lanner-containers
containers_lanner_containers_SOURCES = containers/main.c \
	containers/lookup.c containers/containers.h containers/allow.c \
	$(CONTAINERS_PARSERS)
containers_lanner_containers_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) \
	$(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
containers_lanner_containers_LDADD = common/libcommon.la $(JSONC_LIBS) \
	$(NANOMSG_LIBS) $(SECCOMP_LIBS) $(CAPNG_LIBS)

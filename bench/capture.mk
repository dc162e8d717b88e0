# bench for capture: the probe's cost per open+close pair (needs root).
noinst_PROGRAMS += bench/bench_probe
bench_bench_probe_SOURCES = bench/bench_probe.c
bench_bench_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
bench_bench_probe_CFLAGS = $(AM_CFLAGS) $(LIBURING_CFLAGS)
bench_bench_probe_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(LIBURING_LIBS) -lpthread
# bench for capture: how long the probe takes to load, and the verifier's
# instructions and time for each program (needs root).
noinst_PROGRAMS += bench/bench_probe_load
bench_bench_probe_load_SOURCES = bench/bench_probe_load.c
nodist_bench_bench_probe_load_SOURCES = capture/probe.skel.h
bench_bench_probe_load_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture \
	-I$(top_builddir)/capture
bench_bench_probe_load_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
bench_bench_probe_load_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS)

# bench for capture: the probe's cost per open+close pair (needs root).
noinst_PROGRAMS += bench/bench_probe
bench_bench_probe_SOURCES = bench/bench_probe.c
bench_bench_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/capture
bench_bench_probe_CFLAGS = $(AM_CFLAGS) $(LIBURING_CFLAGS)
bench_bench_probe_LDADD = capture/libprobe.la common/libcommon.la \
	$(LIBBPF_LIBS) $(LIBELF_LIBS) $(LIBURING_LIBS) -lpthread

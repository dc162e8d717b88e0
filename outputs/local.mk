# outputs/: one worker process per output channel. lanner-output runs the
# channels that need no libcurl; lanner-output-http runs http, and is the
# only one that links libcurl and the TLS libraries it brings. What they
# share is built once, into libworker.
noinst_LTLIBRARIES += outputs/libworker.la
outputs_libworker_la_SOURCES = outputs/main.c \
	outputs/channel.c outputs/channel.h outputs/channel_set.h \
	outputs/format.c outputs/format.h \
	outputs/sink.c outputs/sink.h \
	outputs/worker.c outputs/worker.h
outputs_libworker_la_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)

libexec_PROGRAMS += outputs/lanner-output
outputs_lanner_output_SOURCES = outputs/channels_plain.c \
	outputs/out_file.c \
	outputs/out_program.c \
	outputs/out_stdout.c \
	outputs/out_syslog.c
outputs_lanner_output_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
outputs_lanner_output_LDADD = outputs/libworker.la common/libcommon.la

libexec_PROGRAMS += outputs/lanner-output-http
outputs_lanner_output_http_SOURCES = outputs/channels_http.c \
	outputs/http_tls.c outputs/http_tls.h \
	outputs/out_http.c
outputs_lanner_output_http_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) \
	$(SECCOMP_CFLAGS) $(CURL_CFLAGS) $(ZLIB_CFLAGS)
outputs_lanner_output_http_LDADD = outputs/libworker.la common/libcommon.la \
	$(CURL_LIBS) $(ZLIB_LIBS)

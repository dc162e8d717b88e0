# outputs/: lanner-output CHANNEL, one worker process per output channel.
libexec_PROGRAMS += outputs/lanner-output
outputs_lanner_output_SOURCES = outputs/main.c \
	outputs/channel.c outputs/channel.h \
	outputs/format.c outputs/format.h \
	outputs/http_tls.c outputs/http_tls.h \
	outputs/out_file.c \
	outputs/out_http.c \
	outputs/out_program.c \
	outputs/out_stdout.c \
	outputs/out_syslog.c \
	outputs/sink.c outputs/sink.h \
	outputs/worker.c outputs/worker.h
outputs_lanner_output_CFLAGS = $(AM_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS) \
	$(CURL_CFLAGS) $(ZLIB_CFLAGS)
outputs_lanner_output_LDADD = common/libcommon.la $(CURL_LIBS) $(ZLIB_LIBS)

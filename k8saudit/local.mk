# k8saudit/: lanner-k8saudit, the Kubernetes audit webhook, a sandboxed
# process of its own since it parses untrusted HTTP and JSON.
libexec_PROGRAMS += k8saudit/lanner-k8saudit
k8saudit_lanner_k8saudit_SOURCES = k8saudit/main.c k8saudit/k8saudit.h \
	k8saudit/serve.c k8saudit/conns.c k8saudit/allow.c \
	k8saudit/audit_json.c k8saudit/audit_json.h \
	common/evserve.c common/evserve.h
k8saudit_lanner_k8saudit_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) \
	$(OPENSSL_CFLAGS) $(JSONC_CFLAGS) $(NANOMSG_CFLAGS) $(SECCOMP_CFLAGS)
k8saudit_lanner_k8saudit_LDADD = common/libcommon.la $(LIBEVENT_LIBS) \
	$(OPENSSL_LIBS) $(JSONC_LIBS) $(NANOMSG_LIBS) $(SECCOMP_LIBS) \
	$(CAPNG_LIBS)

/*
 * Reading CA certificates and the client pair for the HTTP channel.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_keys.h"
#include "http_tls.h"
#include "log.h"

#define TLS_FILE_MAX (4u << 20) /* a certificate file larger is refused */
#define TLS_BUNDLE_MAX (32u << 20)

struct buf {
	char *p;
	size_t len, cap;
};

/* Appends the file at dirfd/name; a file over TLS_FILE_MAX is refused. */
static int append_file(struct buf *b, int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	ssize_t n;
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > TLS_FILE_MAX ||
	    b->len + (size_t)st.st_size + 2 > TLS_BUNDLE_MAX) {
		close(fd);
		return -EINVAL;
	}
	if (!b->p || b->cap < b->len + (size_t)st.st_size + 2) {
		size_t cap = (b->len + (size_t)st.st_size + 2) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			close(fd);
			return -ENOMEM;
		}
		b->p = p;
		b->cap = cap;
	}
	while ((n = read(fd, b->p + b->len, (size_t)st.st_size)) > 0 &&
	       n <= st.st_size) {
		b->len += (size_t)n;
		st.st_size -= n;
	}
	if (n < 0)
		r = -errno;
	b->p[b->len++] = '\n';
	close(fd);
	return r;
}

/* Every certificate file of a directory such as /etc/ssl/certs (its
 * hash links lead to the same files: repeats do no harm). */
static int append_dir(struct buf *b, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			(void)append_file(b, dirfd(d), e->d_name);
	closedir(d);
	return 0;
}

static int set_blob(CURL *h, CURLoption opt, const struct buf *b)
{
	struct curl_blob blob = {b->p, b->len, CURL_BLOB_COPY};

	return curl_easy_setopt(h, opt, &blob) == CURLE_OK ? 0 : -EINVAL;
}

static int load_cas(CURL *h, const struct conf *c)
{
	const char *cert = conf_str(c, CONF_HTTP_OUTPUT_CA_CERT);
	const char *bundle = conf_str(c, CONF_HTTP_OUTPUT_CA_BUNDLE);
	const char *dir = conf_str(c, CONF_HTTP_OUTPUT_CA_PATH);
	struct buf b = {0};
	int r = 0;

	if (cert[0] && (r = append_file(&b, AT_FDCWD, cert)) < 0)
		log_err("http_output.ca_cert %s: %s", cert, strerror(-r));
	if (!r && bundle[0] && (r = append_file(&b, AT_FDCWD, bundle)) < 0)
		log_err("http_output.ca_bundle %s: %s", bundle, strerror(-r));
	if (!r && dir[0] && (r = append_dir(&b, dir)) < 0)
		log_err("http_output.ca_path %s: %s", dir, strerror(-r));
	if (!r && b.len == 0) {
		log_err("http_output: no CA certificate to verify the server "
			"with (ca_cert, ca_bundle, ca_path)");
		r = -ENOENT;
	}
	if (!r)
		r = set_blob(h, CURLOPT_CAINFO_BLOB, &b);
	free(b.p);
	return r;
}

static int load_client(CURL *h, const struct conf *c)
{
	const char *cert = conf_str(c, CONF_HTTP_OUTPUT_CLIENT_CERT);
	const char *key = conf_str(c, CONF_HTTP_OUTPUT_CLIENT_KEY);
	struct buf b = {0};
	int r = append_file(&b, AT_FDCWD, cert);

	if (r < 0)
		log_err("http_output.client_cert %s: %s", cert, strerror(-r));
	if (!r)
		r = set_blob(h, CURLOPT_SSLCERT_BLOB, &b);
	b.len = 0;
	if (!r && (r = append_file(&b, AT_FDCWD, key)) < 0)
		log_err("http_output.client_key %s: %s", key, strerror(-r));
	if (!r)
		r = set_blob(h, CURLOPT_SSLKEY_BLOB, &b);
	if (b.p)
		explicit_bzero(b.p, b.cap);
	free(b.p);
	return r;
}

int http_tls_setup(CURL *h, const struct conf *c)
{
	int r = 0;

	/* No file is named, so none is opened once sandboxed. */
	curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
	if (conf_bool(c, CONF_HTTP_OUTPUT_INSECURE)) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
		r = load_cas(h, c);
	}
	if (!r && conf_bool(c, CONF_HTTP_OUTPUT_MTLS))
		r = load_client(h, c);
	return r;
}

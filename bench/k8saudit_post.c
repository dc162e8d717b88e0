/*
 * Posts Kubernetes audit events to lanner-k8saudit as fast as it answers:
 * BATCHES EventLists of EVENTS each, one after another on one kept-alive
 * connection, each a privileged pod creation that the default rules
 * alert on. Prints the events the webhook accepted per second; the
 * script bench/k8saudit.sh counts the alerts that came out.
 *   bench/k8saudit_post PORT BATCHES EVENTS
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char event_fmt[] =
    "{\"level\":\"RequestResponse\",\"auditID\":\"bench-%d\","
    "\"stage\":\"ResponseComplete\","
    "\"requestURI\":\"/api/v1/namespaces/bench/pods\",\"verb\":\"create\","
    "\"user\":{\"username\":\"kubernetes-admin\",\"groups\":"
    "[\"system:masters\",\"system:authenticated\"]},"
    "\"sourceIPs\":[\"10.0.0.9\"],\"userAgent\":\"kubectl/v1.29.0\","
    "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"bench\","
    "\"name\":\"pod-%d\",\"apiVersion\":\"v1\"},"
    "\"responseStatus\":{\"metadata\":{},\"code\":201},"
    "\"requestObject\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
    "\"metadata\":{\"name\":\"pod-%d\",\"namespace\":\"bench\"},"
    "\"spec\":{\"containers\":[{\"name\":\"app\","
    "\"image\":\"docker.io/library/nginx:1.25\",\"securityContext\":"
    "{\"privileged\":true}}]}},"
    "\"responseObject\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-%d\"}},"
    "\"requestReceivedTimestamp\":\"2026-01-02T03:04:05.000000Z\","
    "\"stageTimestamp\":\"2026-01-02T03:04:05.100000Z\","
    "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\","
    "\"authorization.k8s.io/reason\":\"\"}}";

static char *make_body(int events, size_t *len)
{
	size_t cap = (size_t)events * 2048 + 256, n;
	char *b = malloc(cap);

	if (!b)
		return NULL;
	n = (size_t)snprintf(b, cap,
			     "{\"kind\":\"EventList\",\"apiVersion\":"
			     "\"audit.k8s.io/v1\",\"items\":[");
	for (int i = 0; i < events; i++) {
		if (i)
			b[n++] = ',';
		n += (size_t)snprintf(b + n, cap - n, event_fmt, i, i, i, i);
	}
	n += (size_t)snprintf(b + n, cap - n, "]}");
	*len = n;
	return b;
}

static int post(int fd, const char *body, size_t len)
{
	char head[256], resp[4096];
	int h = snprintf(head, sizeof(head),
			 "POST /k8s-audit HTTP/1.1\r\nHost: bench\r\n"
			 "Content-Type: application/json\r\n"
			 "Content-Length: %zu\r\n\r\n",
			 len);
	ssize_t r;

	if (write(fd, head, (size_t)h) != h ||
	    write(fd, body, len) != (ssize_t)len)
		return -1;
	/* The answers are small and come whole: one read is one answer. */
	r = read(fd, resp, sizeof(resp) - 1);
	if (r <= 0)
		return -1;
	resp[r] = 0;
	return strncmp(resp, "HTTP/1.1 200", 12) == 0 ? 0 : -1;
}

/* A positive number from the command line, or -1. */
static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 ? v : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct timespec t0, t1;
	int batches, events, fd;
	size_t len;
	char *body;
	double s;

	if (argc != 4) {
		fprintf(stderr, "usage: %s PORT BATCHES EVENTS\n", argv[0]);
		return 2;
	}
	sa.sin_port = htons((uint16_t)number(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	batches = (int)number(argv[2]);
	events = (int)number(argv[3]);
	if (batches < 1 || events < 1 || number(argv[1]) > 65535) {
		fprintf(stderr,
			"%s: PORT, BATCHES and EVENTS are positive "
			"numbers\n",
			argv[0]);
		return 2;
	}
	body = make_body(events, &len);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!body || fd < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < batches; i++)
		if (post(fd, body, len) < 0) {
			fprintf(stderr, "batch %d was not accepted\n", i);
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("posted %d events (%zu bytes each batch) in %.3f s: %.0f "
	       "events/s accepted\n",
	       batches * events, len, s, batches * events / s);
	close(fd);
	free(body);
	return 0;
}

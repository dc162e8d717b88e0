/*
 * The engine's container table (engine/state/state_container.c) and the
 * container.* and k8s.* fields over it: ids and runtimes from cgroup
 * paths, an entry made when a container is first seen and asked about
 * once, the answer taken only for what was asked, the bound and its
 * counter, the sweep (gone, lost answers, retries, refreshes), and the
 * fields before and after the runtime's answer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_fields_util.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define S 1000000000ull

static void kind(const char *cg, const char *id, enum container_kind want)
{
	enum container_kind k = CK_COUNT;
	const char *got = state_container_id(cg, &k);

	CHECK(id ? got && strncmp(got, id, 64) == 0 : got == NULL);
	CHECK(!id || k == want);
}

static void test_ids(void)
{
	kind("0::/system.slice/docker-" ID ".scope", ID, CK_DOCKER);
	kind("0::/docker/" ID, ID, CK_DOCKER);
	kind("0::/libpod_parent/libpod-" ID, ID, CK_PODMAN);
	kind("0::/machine.slice/libpod-" ID ".scope/container", ID, CK_PODMAN);
	kind("0::/kubepods.slice/crio-" ID ".scope", ID, CK_CRIO);
	kind("0::/k.slice/cri-containerd-" ID ".scope", ID, CK_CONTAINERD);
	kind("0::/kubepods/burstable/pod1f2e-33/" ID, ID, CK_UNKNOWN);
	kind("0::/user.slice/session-3.scope", NULL, CK_UNKNOWN);
	kind("0::/x/" ID "0", NULL, CK_UNKNOWN); /* 65 digits: no id */
	CHECK(strcmp(state_container_kind_name(CK_CRIO), "cri-o") == 0);
}

static struct sproc *proc_in(struct thread_table *t, uint32_t pid,
			     const char *cgroups)
{
	struct sproc *p = state_thread_proc(t, state_thread_get(t, pid, pid));

	p->full = true;
	strcpy(p->cgroups, cgroups);
	return p;
}

static struct ctrinfo answer_of(const char *id, enum ctrinfo_status status)
{
	struct ctrinfo i = {.id = id, .status = status};

	i.str[CTRINFO_NAME] = "web";
	return i;
}

static void test_table(void)
{
	static struct thread_table th;
	struct container_table t;
	struct sproc *host, *a, *b;
	struct container *c;
	struct ctrinfo i = answer_of(ID, CTRINFO_FOUND);

	CHECK(state_thread_init(&th, 64, 64) == 0);
	CHECK(state_container_init(&t, 1, 60 * S, 10 * S) == 0);
	host = proc_in(&th, 10, "0::/init.scope");
	a = proc_in(&th, 11, "0::/libpod_parent/libpod-" ID);
	b = proc_in(&th, 12, "0::/docker/" ID2);
	CHECK(state_container_note(&t, host, 1) == NULL);
	c = state_container_note(&t, a, 1);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(c->state == CS_WANTED && c->kind == CK_PODMAN);
	CHECK(state_container_note(&t, a, 2) == c && t.n == 1);
	CHECK(state_container_note(&t, b, 2) == NULL && t.refused == 1);
	/* Asked once; an answer nobody asked for is refused. */
	CHECK(state_container_answer(&t, &i, 3) == -ENOENT && t.stray == 1);
	CHECK(state_container_next_wanted(&t, 3) == c && c->state == CS_ASKED);
	CHECK(state_container_next_wanted(&t, 3) == NULL);
	CHECK(state_container_answer(&t, &i, 4) == 0 && c->state == CS_KNOWN);
	CHECK(c->has_info && strcmp(c->str[CTRINFO_NAME], "web") == 0);
	CHECK(state_container_of(&t, a) == c);

	/* The TTL: asked again, the old values serve meanwhile; a failed
	 * refresh keeps them too. */
	state_container_sweep(&t, &th, 4 + 60 * S);
	CHECK(c->state == CS_WANTED && c->has_info);
	CHECK(state_container_next_wanted(&t, 5 + 60 * S) == c);
	i.status = CTRINFO_FAILED;
	CHECK(state_container_answer(&t, &i, 6 + 60 * S) == 0);
	CHECK(c->state == CS_ABSENT && c->has_info);
	/* Retried after the retry interval. */
	state_container_sweep(&t, &th, 7 + 60 * S);
	CHECK(c->state == CS_ABSENT);
	state_container_sweep(&t, &th, 6 + 70 * S);
	CHECK(c->state == CS_WANTED);
	/* A lost answer times out into a retry. */
	CHECK(state_container_next_wanted(&t, 70 * S) == c);
	state_container_sweep(&t, &th, 70 * S + CONTAINER_ASK_TIMEOUT_NS);
	CHECK(c->state == CS_ABSENT);

	/* Gone: no process left in it. The other container gets its place
	 * at the next sweep, since its process still runs. */
	state_proc_remove(&th, state_thread_remove(&th, 11));
	state_container_sweep(&t, &th, 200 * S);
	CHECK(t.n == 0 && t.refused == 1);
	state_container_sweep(&t, &th, 205 * S);
	CHECK(t.n == 1 && t.refused == 1);
	c = (struct container *)state_container_of(&t, b);
	CHECK(c && c->state == CS_WANTED && c->kind == CK_DOCKER);
	state_container_free(&t);
	state_thread_free(&th);
}

static const struct tproc ctr_p = {
    .exe = "/bin/sh",
    .comm = "sh",
    .exepath = "/bin/busybox",
    .cgroups = "0::/libpod_parent/libpod-" ID,
    .tid = 300,
    .pid = 300,
    .ptid = 1,
    .loginuid = UINT32_MAX,
};

static void snapshot(const struct tproc *p)
{
	begin(tevt_snapshot(rec, 5 * S, p));
}

static void test_fields_before(void)
{
	struct tproc h = ctr_p;

	snapshot(&ctr_p);
	/* What the engine does on a process event (engine/containers.c). */
	CHECK(state_container_note(&st.containers, ctx->proc, 1) != NULL);
	EXPECT({"container.id", "0123456789ab"}, {"container.full_id", ID},
	       {"container.name", "<NA>"}, {"container.type", "podman"},
	       {"container.image", "<NA>"}, {"container.privileged", "<NA>"},
	       {"container.mounts", "<NA>"}, {"k8s.pod.name", "<NA>"});
	end();
	h.tid = h.pid = 301;
	h.cgroups = "0::/user.slice";
	snapshot(&h);
	EXPECT({"container.id", "host"}, {"container.name", "host"},
	       {"container.type", "host"}, {"container.image", "<NA>"},
	       {"container.mounts", "<NA>"}, {"k8s.ns.name", "<NA>"});
	end();
}

static void answer(void)
{
	struct ctrinfo i = {.id = ID, .status = CTRINFO_FOUND};
	struct container *c = state_container_next_wanted(&st.containers, 1);

	CHECK(c && strcmp(c->id, ID) == 0);
	i.str[CTRINFO_RUNTIME] = "podman";
	i.str[CTRINFO_NAME] = "lanner-e2e-7";
	i.str[CTRINFO_IMAGE] = "localhost/lanner-e2e:1";
	i.str[CTRINFO_IMAGE_ID] = "ebd83d54";
	i.str[CTRINFO_REPO] = "localhost/lanner-e2e";
	i.str[CTRINFO_TAG] = "1";
	i.str[CTRINFO_IP] = "10.88.0.4";
	i.str[CTRINFO_POD_NAME] = "web-0";
	i.str[CTRINFO_POD_NS] = "shop";
	i.str[CTRINFO_POD_UID] = "1f2e-33";
	i.str[CTRINFO_SANDBOX] = "5d9f2a1b7c3e8f40112233";
	i.privileged = true;
	i.start_ns = 2 * S;
	i.nmounts = 2;
	i.mounts[0] =
	    (struct ctrinfo_mount){"/srv", "/data", "ro", "rprivate", false};
	i.mounts[1] =
	    (struct ctrinfo_mount){"/etc/h", "/etc/hosts", "", "", true};
	CHECK(state_container_answer(&st.containers, &i, 2) == 0);
}

static void test_fields_after(void)
{
	answer();
	snapshot(&ctr_p);
	EXPECT(
	    {"container.name", "lanner-e2e-7"},
	    {"container.image", "localhost/lanner-e2e:1"},
	    {"container.image.id", "ebd83d54"},
	    {"container.image.repository", "localhost/lanner-e2e"},
	    {"container.image.tag", "1"}, {"container.image.digest", "<NA>"},
	    {"container.type", "podman"}, {"container.privileged", "true"},
	    {"container.ip", "10.88.0.4"}, {"container.start_ts", "2000000000"},
	    {"container.duration", "3000000000"},
	    {"container.mounts",
	     "/srv:/data:ro:false:rprivate,/etc/h:/etc/hosts::true:"},
	    {"container.mount[1]", "/etc/h:/etc/hosts::true:"},
	    {"container.mount[/s*]", "/srv:/data:ro:false:rprivate"},
	    {"container.mount[2]", "<NA>"},
	    {"container.mount.source[/etc/hosts]", "/etc/h"},
	    {"container.mount.dest[/srv]", "/data"},
	    {"container.mount.mode[0]", "ro"},
	    {"container.mount.rdwr[/etc/h]", "true"},
	    {"container.mount.propagation[0]", "rprivate"},
	    {"container.healthcheck", "<NA>"}, {"k8s.pod.name", "web-0"},
	    {"k8s.ns.name", "shop"}, {"k8s.pod.uid", "1f2e-33"},
	    {"k8s.pod.id", "1f2e-33"}, {"k8s.pod.sandbox_id", "5d9f2a1b7c3e"},
	    {"k8s.pod.full_sandbox_id", "5d9f2a1b7c3e8f40112233"},
	    {"k8s.pod.labels", "<NA>"});
	end();
}

int main(void)
{
	test_ids();
	test_table();
	ctx = calloc(1, sizeof(*ctx));
	CHECK(ctx && state_init(&st) == 0);
	CHECK(state_container_init(&st.containers, 16, 3600 * S, 60 * S) == 0);
	test_fields_before();
	test_fields_after();
	state_container_free(&st.containers);
	state_free(&st);
	free(ctx);
	return check_done();
}

/*
 * Field classes against synthetic events: each case names a field (with
 * its argument) and the text its values must render to, checked while
 * the event is current (between the state's before and after steps).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>

#include "check.h"
#include "test_fields_util.h"

static const struct field_class *const classes[] = {
#define CLASS_PTR(c) &fields_##c,
    FIELD_CLASSES(CLASS_PTR)
#undef CLASS_PTR
};

static const struct field_def *find_field(const char *name)
{
	for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
		for (size_t i = 0; i < classes[c]->nfields; i++)
			if (strcmp(classes[c]->fields[i].name, name) == 0)
				return &classes[c]->fields[i];
	return NULL;
}

#define TS 1700000000123456789ull

static const struct tproc init_p = {
    .exe = "/sbin/init",
    .comm = "systemd",
    .exepath = "/usr/lib/systemd/systemd",
    .args = {"--system"},
    .tid = 1,
    .pid = 1,
    .sid = 1,
    .vpgid = 1,
    .loginuid = UINT32_MAX,
    .cap_eff = 0x3,
    .cap_prm = 0x1,
    .start_ts = 1000,
    .cgroups = "0::/init.scope",
};
static const struct tproc bash_p = {
    .exe = "-bash",
    .comm = "bash",
    .exepath = "/usr/bin/bash",
    .cwd = "/home/u",
    .tid = 100,
    .pid = 100,
    .ptid = 1,
    .uid = 1000,
    .gid = 100,
    .euid = 1000,
    .egid = 100,
    .loginuid = 1000,
    .sid = 100,
    .vpgid = 100,
    .tty = 34816,
    .start_ts = TS - 5000,
    .env = {"HOME=/home/u", "TERM=xterm"},
    .cgroups = "0::/user.slice",
};

static void setup(void)
{
	state_user_parse_passwd(&st.users, "root:x:0:0:root:/root:/bin/bash\n"
					   "u:x:1000:100::/home/u:/bin/zsh\n");
	state_user_parse_group(&st.users, "root:x:0:\nusers:x:100:\n");
	ctx->hostname = "testhost";
	begin(tevt_snapshot(rec, 1, &init_p));
	end();
	begin(tevt_snapshot(rec, 2, &bash_p));
	end();
}

static void test_exec_and_open(void)
{
	struct tproc c = bash_p;

	c.tid = c.pid = 200;
	c.ptid = 100;
	c.vpgid = 200;
	c.comm = "cat";
	c.exe = "cat";
	c.exepath = "/usr/bin/cat";
	c.args[0] = "notes.txt";
	c.args[1] = "-n";
	c.start_ts = TS - 1000;
	c.flags = LNR_PROCF_EXE_MEMFD | LNR_PROCF_THREAD_LEADER;
	begin(tevt_clone(rec, LNR_EVT_CLONE, TS - 2000, 200,
			 SIGCHLD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
			 &bash_p));
	EXPECT(
	    {"evt.type", "clone"}, {"evt.res", "SUCCESS"},
	    {"evt.rawres", "200"}, {"proc.name", "bash"},
	    {"evt.arg.clone_flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID"});
	end();
	begin(tevt_execve(rec, TS - 1000, 0, "/usr/bin/cat", &c));
	EXPECT({"evt.type", "execve"}, {"evt.arg.filename", "/usr/bin/cat"},
	       {"proc.name", "cat"}, {"proc.exe", "cat"},
	       {"proc.args", "notes.txt -n"},
	       {"proc.cmdline", "cat notes.txt -n"}, {"proc.pname", "bash"},
	       {"proc.pcmdline", "bash"}, {"proc.is_exe_from_memfd", "true"},
	       {"proc.is_exe_writable", "false"},
	       {"proc.is_exe_upper_layer", "<NA>"});
	end();

	begin(tevt_open(rec, TS, 200, 200, 3, "docs/../notes.txt",
			O_RDONLY | O_CLOEXEC, 0));
	EXPECT(
	    {"evt.type", "open"}, {"evt.dir", "<"}, {"evt.num", "5"},
	    {"evt.hostname", "testhost"}, {"evt.time", "22:13:20.123456789"},
	    {"evt.time.iso8601", "2023-11-14T22:13:20.123456789Z"},
	    {"evt.datetime", "2023-11-14 22:13:20.123456789"},
	    {"evt.arg.flags", "O_RDONLY|O_CLOEXEC"},
	    {"evt.arg[1]", "docs/../notes.txt"}, {"evt.arg.fd", "3"},
	    {"evt.rawarg.flags", "524288"}, {"evt.arg.nosuch", "<NA>"},
	    {"evt.args", "fd=3 name=docs/../notes.txt "
			 "flags=O_RDONLY|O_CLOEXEC mode=0 dev=2049 ino=4242"},
	    {"evt.res", "SUCCESS"}, {"evt.rawres", "3"},
	    {"evt.failed", "false"}, {"evt.is_open_read", "true"},
	    {"evt.is_open_write", "false"}, {"evt.is_open_exec", "false"},
	    {"proc.name", "cat"}, {"proc.pid", "200"}, {"proc.ppid", "100"},
	    {"proc.vpid", "200"}, {"thread.tid", "200"}, {"thread.vtid", "200"},
	    {"thread.ismain", "true"}, {"proc.exepath", "/usr/bin/cat"},
	    {"proc.pexepath", "/usr/bin/bash"}, {"proc.pexe", "-bash"},
	    {"proc.cwd", "/home/u"}, {"proc.tty", "34816"},
	    {"proc.aname[0]", "cat"}, {"proc.aname[1]", "bash"},
	    {"proc.aname[2]", "systemd"}, {"proc.aname[3]", "<NA>"},
	    {"proc.aname", "bash,systemd"}, {"proc.apid", "100,1"},
	    {"proc.aexepath[2]", "/usr/lib/systemd/systemd"},
	    {"proc.sname", "bash"}, {"proc.sid", "100"},
	    {"proc.is_sid_leader", "false"}, {"proc.vpgid.name", "cat"},
	    {"proc.is_vpgid_leader", "true"}, {"proc.duration", "1000"},
	    {"proc.ppid.duration", "5000"}, {"proc.env[HOME]", "/home/u"},
	    {"proc.env", "HOME=/home/u TERM=xterm"}, {"fd.num", "3"},
	    {"fd.name", "/home/u/notes.txt"},
	    {"fd.nameraw", "docs/../notes.txt"}, {"fd.directory", "/home/u"},
	    {"fd.filename", "notes.txt"}, {"fd.type", "file"},
	    {"fd.containername", "host:/home/u/notes.txt"},
	    {"fd.containerdirectory", "host:/home/u"}, {"fd.typechar", "f"},
	    {"fd.ino", "4242"}, {"fd.dev", "2049"}, {"fd.sip", "<NA>"},
	    {"fd.types", "file"}, {"fd.name_changed", "true"},
	    {"user.uid", "1000"}, {"user.name", "u"},
	    {"user.homedir", "/home/u"}, {"user.loginuid", "1000"},
	    {"user.loginname", "u"}, {"group.gid", "100"},
	    {"group.name", "users"}, {"container.id", "host"},
	    {"container.image", "<NA>"}, {"k8s.ns.name", "<NA>"});
	end();

	begin(tevt_openat(rec, TS, 200, 200, -2, AT_FDCWD, "missing", O_RDONLY,
			  0));
	EXPECT({"evt.type", "openat"}, {"evt.res", "ENOENT"},
	       {"evt.rawres", "-2"}, {"evt.failed", "true"},
	       {"evt.arg.fd", "ENOENT"}, {"evt.arg.dirfd", "AT_FDCWD"},
	       {"fd.num", "-2"}, {"fd.name", "/home/u/missing"},
	       {"fd.name_changed", "false"});
	end();

	begin(
	    tevt_open(rec, TS, 200, 200, 4, "/etc", O_RDONLY | O_DIRECTORY, 0));
	EXPECT({"fd.type", "directory"}, {"fd.typechar", "d"},
	       {"fd.directory", "/etc"}, {"fd.filename", "<NA>"},
	       {"fd.types", "file,directory"}, {"fd.types[3]", "file"},
	       {"fd.types[4]", "directory"});
	end();

	begin(tevt_openat(rec, TS, 200, 200, 5, 4, "./cron.d/../x.sh",
			  O_WRONLY | O_CREAT | O_TRUNC, 0755));
	EXPECT({"fd.name", "/etc/x.sh"}, {"evt.is_open_write", "true"},
	       {"evt.is_open_read", "false"}, {"evt.is_open_exec", "true"},
	       {"evt.arg.flags", "O_WRONLY|O_CREAT|O_TRUNC"},
	       {"evt.arg.mode", "0755"});
	end();

	begin(tevt_close(rec, TS, 200, 200, 0, 5));
	EXPECT({"evt.type", "close"}, {"fd.name", "/etc/x.sh"}, {"fd.num", "5"},
	       {"fd.nameraw", "/etc/x.sh"}, {"fd.name_changed", "false"});
	end();
	begin(tevt_close(rec, TS, 200, 200, -9, 5));
	EXPECT({"fd.name", "<NA>"}, {"evt.res", "EBADF"});
	end();
}

static void test_root_caps_container(void)
{
	struct tproc r = init_p;

	r.tid = r.pid = 300;
	r.ptid = 1;
	r.comm = "runc";
	r.cgroups = "0::/system.slice/docker-0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef.scope";
	begin(tevt_snapshot(rec, TS, &r));
	EXPECT({"user.name", "root"}, {"user.uid", "0"}, {"group.name", "root"},
	       {"user.loginuid", "-1"}, {"user.loginname", "<NA>"},
	       {"thread.cap_effective", "CAP_CHOWN CAP_DAC_OVERRIDE"},
	       {"thread.cap_permitted", "CAP_CHOWN"},
	       {"container.id", "0123456789ab"}, {"container.name", "<NA>"},
	       {"proc.pname", "systemd"}, {"evt.res", "<NA>"},
	       {"fd.name", "<NA>"});
	end();
	/* A thread the engine never saw: known ids, no names. */
	begin(tevt_close(rec, TS, 9000, 9000, 0, 1));
	EXPECT({"proc.pid", "9000"}, {"proc.name", "<NA>"},
	       {"user.name", "<NA>"}, {"proc.pname", "<NA>"},
	       {"proc.aname", "<NA>"}, {"fd.name", "<NA>"});
	end();
}

/* Flag names of the file-changing calls: RENAME_*, and the AT_* that
 * unlinkat and linkat take. */
static void test_file_change_flags(void)
{
	const struct lnr_pval rn[LNR_NPARAMS_RENAMEAT2] = {
	    [LNR_PI_RENAMEAT2_res] = LNR_PV_NUM((uint64_t)-17),
	    [LNR_PI_RENAMEAT2_olddirfd] = LNR_PV_NUM((uint64_t)AT_FDCWD),
	    [LNR_PI_RENAMEAT2_oldpath] = LNR_PV_STR("a"),
	    [LNR_PI_RENAMEAT2_newdirfd] = LNR_PV_NUM(4),
	    [LNR_PI_RENAMEAT2_newpath] = LNR_PV_STR("b"),
	    [LNR_PI_RENAMEAT2_flags] =
		LNR_PV_NUM(RENAME_NOREPLACE | RENAME_WHITEOUT),
	};
	const struct lnr_pval ul[LNR_NPARAMS_UNLINKAT] = {
	    [LNR_PI_UNLINKAT_res] = LNR_PV_NUM(0),
	    [LNR_PI_UNLINKAT_dirfd] = LNR_PV_NUM(3),
	    [LNR_PI_UNLINKAT_name] = LNR_PV_STR("d"),
	    [LNR_PI_UNLINKAT_flags] = LNR_PV_NUM(AT_REMOVEDIR),
	};

	begin(tevt_build(rec, LNR_EVT_RENAMEAT2, TS, 200, 200, rn));
	EXPECT({"evt.type", "renameat2"}, {"evt.res", "EEXIST"},
	       {"evt.arg.flags", "RENAME_NOREPLACE|RENAME_WHITEOUT"},
	       {"evt.arg.olddirfd", "AT_FDCWD"}, {"evt.arg.newpath", "b"});
	end();
	begin(tevt_build(rec, LNR_EVT_UNLINKAT, TS, 200, 200, ul));
	EXPECT({"evt.type", "unlinkat"}, {"evt.res", "SUCCESS"},
	       {"evt.args", "res=0 dirfd=3 name=d flags=AT_REMOVEDIR"});
	end();
}

static void test_tables(void)
{
	/* Every field has a description, an extractor and a unique name. */
	for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
		for (size_t i = 0; i < classes[c]->nfields; i++) {
			const struct field_def *f = &classes[c]->fields[i];

			CHECK(f->desc && f->desc[0] && f->extract);
			CHECK(find_field(f->name) == f);
			CHECK(strncmp(f->name, classes[c]->name,
				      strlen(classes[c]->name)) == 0);
		}
	CHECK(find_field("fd.sip")->type == FT_IPADDR);
	CHECK(find_field("fd.net")->type == FT_IPNET);
	CHECK(find_field("fd.rport")->type == FT_PORT);
	CHECK(find_field("proc.duration")->type == FT_RELTIME);
	CHECK(find_field("proc.aname")->flags & FIELD_MULTI);
	CHECK(find_field("jevt.value")->argkinds & FARG_KEY);
	CHECK(find_field("evt.arg")->argkinds & FARG_DOTTED);
}

/* Identity and isolation. */

/* A record of type from bash made of v[0..n). */
static int identity_evt(enum lnr_evt_type type, const struct lnr_pval *v,
			unsigned n)
{
	struct lnr_evt_builder b;

	lnr_evtb_init(&b, rec, sizeof(rec), type, TS, 100, 100);
	lnr_evtb_add_vals(&b, v, n);
	return lnr_evtb_finish(&b);
}

/* Namespace, module and setfsuid arguments as rules see them. */
static void test_identity_args(void)
{
	const struct lnr_pval unshare[LNR_NPARAMS_UNSHARE] = {
	    [LNR_PI_UNSHARE_res] = LNR_PV_NUM(0),
	    [LNR_PI_UNSHARE_flags] = LNR_PV_NUM(CLONE_NEWUTS | CLONE_NEWNET),
	};
	const struct lnr_pval finit[LNR_NPARAMS_FINIT_MODULE] = {
	    [LNR_PI_FINIT_MODULE_res] = LNR_PV_NUM((uint64_t)-EPERM),
	    [LNR_PI_FINIT_MODULE_fd] = LNR_PV_NUM(3),
	    [LNR_PI_FINIT_MODULE_uargs] = LNR_PV_STR("debug=1"),
	    [LNR_PI_FINIT_MODULE_flags] = LNR_PV_NUM(3),
	};
	const struct lnr_pval del[LNR_NPARAMS_DELETE_MODULE] = {
	    [LNR_PI_DELETE_MODULE_res] = LNR_PV_NUM(0),
	    [LNR_PI_DELETE_MODULE_name] = LNR_PV_STR("rootkit"),
	    [LNR_PI_DELETE_MODULE_flags] = LNR_PV_NUM(O_NONBLOCK | O_TRUNC),
	};
	const struct lnr_pval fsuid[LNR_NPARAMS_SETFSUID] = {
	    [LNR_PI_SETFSUID_res] = LNR_PV_NUM(1000),
	    [LNR_PI_SETFSUID_uid] = LNR_PV_NUM(0),
	};

	begin(identity_evt(LNR_EVT_UNSHARE, unshare, LNR_NPARAMS_UNSHARE));
	EXPECT({"evt.type", "unshare"}, {"evt.res", "SUCCESS"},
	       {"evt.arg.flags", "CLONE_NEWUTS|CLONE_NEWNET"},
	       {"proc.name", "bash"});
	end();
	begin(identity_evt(LNR_EVT_FINIT_MODULE, finit,
			   LNR_NPARAMS_FINIT_MODULE));
	EXPECT({"evt.type", "finit_module"}, {"evt.res", "EPERM"},
	       {"evt.failed", "true"}, {"evt.arg.uargs", "debug=1"},
	       {"evt.arg.flags", "MODULE_INIT_IGNORE_MODVERSIONS|"
				 "MODULE_INIT_IGNORE_VERMAGIC"});
	end();
	begin(identity_evt(LNR_EVT_DELETE_MODULE, del,
			   LNR_NPARAMS_DELETE_MODULE));
	EXPECT({"evt.arg.name", "rootkit"},
	       {"evt.arg.flags", "O_NONBLOCK|O_TRUNC"});
	end();
	/* setfsuid returns the previous id, not an error. */
	begin(identity_evt(LNR_EVT_SETFSUID, fsuid, LNR_NPARAMS_SETFSUID));
	EXPECT({"evt.res", "SUCCESS"}, {"evt.rawres", "1000"},
	       {"evt.arg.uid", "0"});
	end();
}

/* Network. */

/* An AF_INET or AF_INET6 tuple or address: ends of alen bytes each. */
static size_t net_bytes(uint8_t *out, uint8_t family, const void *a,
			uint16_t ap, const void *b, uint16_t bp, size_t alen)
{
	size_t n = 1;

	out[0] = family;
	memcpy(out + n, a, alen);
	memcpy(out + n + alen, &ap, 2);
	n += alen + 2;
	if (b) {
		memcpy(out + n, b, alen);
		memcpy(out + n + alen, &bp, 2);
		n += alen + 2;
	}
	return n;
}

static void test_network_args(void)
{
	static const uint8_t lo[4] = {127, 0, 0, 1}, web[4] = {10, 0, 0, 1};
	static const uint8_t lo6[16] = {[15] = 1};
	static const uint8_t m1[16] = {[10] = 0xff, [11] = 0xff, 1, 2, 3, 4};
	static const uint8_t m2[16] = {[10] = 0xff, [11] = 0xff, 5, 6, 7, 8};
	static const uint8_t un[] = {LNR_AF_UNIX, 0x1f, 0, 0,	0,   0, 0,
				     0,		  0,	0, 0,	0,   0, 0,
				     0,		  0,	0, '/', 'r', 0};
	static const uint8_t abs_addr[] = {LNR_AF_UNIX, '@', 'x', 0};
	static const uint8_t netlink[] = {16}, unnamed[] = {LNR_AF_UNIX, 0};
	uint8_t t4[64], a4[64], t6[64], tm[64];
	size_t n4 = net_bytes(t4, LNR_AF_INET, lo, 40000, web, 80, 4);
	size_t na4 = net_bytes(a4, LNR_AF_INET, web, 80, NULL, 0, 4);
	size_t n6 = net_bytes(t6, LNR_AF_INET6, lo6, 40000, lo6, 443, 16);
	size_t nm = net_bytes(tm, LNR_AF_INET6, m1, 1, m2, 2, 16);
	struct lnr_pval c[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t4, n4),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(3),
	    [LNR_PI_CONNECT_addr] = LNR_PV_BYTES(a4, na4),
	};
	const struct lnr_pval sk[LNR_NPARAMS_SOCKET] = {
	    [LNR_PI_SOCKET_fd] = LNR_PV_NUM(3),
	    [LNR_PI_SOCKET_domain] = LNR_PV_NUM(AF_INET6),
	    [LNR_PI_SOCKET_type] = LNR_PV_NUM(SOCK_STREAM | SOCK_NONBLOCK),
	    [LNR_PI_SOCKET_proto] = LNR_PV_NUM(6),
	    [LNR_PI_SOCKET_flags] = LNR_PV_NUM(SOCK_NONBLOCK | SOCK_CLOEXEC),
	};
	const struct lnr_pval ls[LNR_NPARAMS_LISTEN] = {
	    [LNR_PI_LISTEN_res] = LNR_PV_NUM((uint64_t)-EOPNOTSUPP),
	    [LNR_PI_LISTEN_fd] = LNR_PV_NUM(3),
	    [LNR_PI_LISTEN_backlog] = LNR_PV_NUM(0xffffffffu),
	};
	const struct lnr_pval sh[LNR_NPARAMS_SHUTDOWN] = {
	    [LNR_PI_SHUTDOWN_res] = LNR_PV_NUM(0),
	    [LNR_PI_SHUTDOWN_fd] = LNR_PV_NUM(3),
	    [LNR_PI_SHUTDOWN_how] = LNR_PV_NUM(SHUT_RD),
	};
	struct lnr_pval go[LNR_NPARAMS_GETSOCKOPT] = {
	    [LNR_PI_GETSOCKOPT_res] = LNR_PV_NUM(0),
	    [LNR_PI_GETSOCKOPT_fd] = LNR_PV_NUM(3),
	    [LNR_PI_GETSOCKOPT_level] = LNR_PV_NUM(SOL_SOCKET),
	    [LNR_PI_GETSOCKOPT_optname] = LNR_PV_NUM(SO_ERROR),
	    [LNR_PI_GETSOCKOPT_val] = LNR_PV_NUM((uint64_t)-ECONNREFUSED),
	    [LNR_PI_GETSOCKOPT_optlen] = LNR_PV_NUM(4),
	};

	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"evt.type", "connect"}, {"evt.res", "SUCCESS"},
	       {"evt.arg.tuple", "127.0.0.1:40000->10.0.0.1:80"},
	       {"evt.arg.addr", "10.0.0.1:80"}, {"evt.arg.fd", "3"},
	       {"evt.args", "res=0 tuple=127.0.0.1:40000->10.0.0.1:80 fd=3 "
			    "addr=10.0.0.1:80"});
	end();
	c[LNR_PI_CONNECT_res] = LNR_PV_NUM((uint64_t)-ECONNREFUSED);
	c[LNR_PI_CONNECT_tuple] = (struct lnr_pval){0};
	c[LNR_PI_CONNECT_addr] = LNR_PV_BYTES(abs_addr, sizeof(abs_addr));
	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"evt.res", "ECONNREFUSED"}, {"evt.arg.tuple", "<NA>"},
	       {"evt.arg.addr", "@x"});
	end();
	c[LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t6, n6);
	c[LNR_PI_CONNECT_addr] = LNR_PV_BYTES(netlink, sizeof(netlink));
	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"evt.arg.tuple", "::1:40000->::1:443"},
	       {"evt.arg.addr", "family 16"});
	end();
	/* IPv4 in IPv6 is shown as IPv4; unix ends by inode. */
	c[LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(tm, nm);
	c[LNR_PI_CONNECT_addr] = LNR_PV_BYTES(unnamed, sizeof(unnamed));
	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"evt.arg.tuple", "1.2.3.4:1->5.6.7.8:2"}, {"evt.arg.addr", ""});
	end();
	c[LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(un, sizeof(un));
	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"evt.arg.tuple", "1f->0 /r"});
	end();

	begin(identity_evt(LNR_EVT_SOCKET, sk, LNR_NPARAMS_SOCKET));
	EXPECT({"evt.type", "socket"}, {"evt.arg.domain", "AF_INET6"},
	       {"evt.arg.type", "2049"}, {"evt.arg.proto", "6"},
	       {"evt.arg.flags", "O_NONBLOCK|O_CLOEXEC"},
	       {"evt.res", "SUCCESS"});
	end();
	begin(identity_evt(LNR_EVT_LISTEN, ls, LNR_NPARAMS_LISTEN));
	EXPECT({"evt.res", "EOPNOTSUPP"}, {"evt.arg.backlog", "-1"},
	       {"evt.rawarg.backlog", "-1"});
	end();
	begin(identity_evt(LNR_EVT_SHUTDOWN, sh, LNR_NPARAMS_SHUTDOWN));
	EXPECT({"evt.arg.how", "SHUT_RD"});
	end();
	begin(identity_evt(LNR_EVT_GETSOCKOPT, go, LNR_NPARAMS_GETSOCKOPT));
	EXPECT({"evt.arg.level", "SOL_SOCKET"}, {"evt.arg.optname", "SO_ERROR"},
	       {"evt.arg.val", "ECONNREFUSED"}, {"evt.arg.optlen", "4"});
	end();
	/* Option names are SOL_SOCKET's; TCP_NODELAY is a number. */
	go[LNR_PI_GETSOCKOPT_level] = LNR_PV_NUM(6);
	go[LNR_PI_GETSOCKOPT_optname] = LNR_PV_NUM(1);
	go[LNR_PI_GETSOCKOPT_val] = LNR_PV_NUM(1);
	begin(identity_evt(LNR_EVT_GETSOCKOPT, go, LNR_NPARAMS_GETSOCKOPT));
	EXPECT({"evt.arg.level", "SOL_TCP"}, {"evt.arg.optname", "1"},
	       {"evt.arg.val", "1"});
	end();
}

/* Sockets in the fd table: made, connected, used, accepted. */
static void test_socket_fields(void)
{
	static const uint8_t lo[4] = {127, 0, 0, 1}, web[4] = {10, 0, 0, 1},
			     peer[4] = {10, 0, 0, 2};
	uint8_t t[64], ta[64];
	size_t n = net_bytes(t, LNR_AF_INET, lo, 40000, web, 80, 4);
	size_t na = net_bytes(ta, LNR_AF_INET, peer, 5555, lo, 22, 4);
	const struct lnr_pval sk[LNR_NPARAMS_SOCKET] = {
	    [LNR_PI_SOCKET_fd] = LNR_PV_NUM(5),
	    [LNR_PI_SOCKET_domain] = LNR_PV_NUM(AF_INET),
	    [LNR_PI_SOCKET_type] = LNR_PV_NUM(SOCK_STREAM),
	    [LNR_PI_SOCKET_proto] = LNR_PV_NUM(0),
	    [LNR_PI_SOCKET_flags] = LNR_PV_NUM(0),
	};
	const struct lnr_pval c[LNR_NPARAMS_CONNECT] = {
	    [LNR_PI_CONNECT_res] = LNR_PV_NUM((uint64_t)-EINPROGRESS),
	    [LNR_PI_CONNECT_tuple] = LNR_PV_BYTES(t, n),
	    [LNR_PI_CONNECT_fd] = LNR_PV_NUM(5),
	    [LNR_PI_CONNECT_addr] = LNR_PV_BYTES(t, 7),
	};
	const struct lnr_pval st_[LNR_NPARAMS_SENDTO] = {
	    [LNR_PI_SENDTO_res] = LNR_PV_NUM(3),
	    [LNR_PI_SENDTO_fd] = LNR_PV_NUM(5),
	    [LNR_PI_SENDTO_size] = LNR_PV_NUM(3),
	    [LNR_PI_SENDTO_tuple] = LNR_PV_BYTES(t, n),
	};
	const struct lnr_pval ac[LNR_NPARAMS_ACCEPT4] = {
	    [LNR_PI_ACCEPT4_fd] = LNR_PV_NUM(7),
	    [LNR_PI_ACCEPT4_tuple] = LNR_PV_BYTES(ta, na),
	    [LNR_PI_ACCEPT4_queuepct] = LNR_PV_NUM(0),
	    [LNR_PI_ACCEPT4_queuelen] = LNR_PV_NUM(0),
	    [LNR_PI_ACCEPT4_queuemax] = LNR_PV_NUM(4),
	    [LNR_PI_ACCEPT4_flags] = LNR_PV_NUM(0),
	};

	begin(identity_evt(LNR_EVT_SOCKET, sk, LNR_NPARAMS_SOCKET));
	EXPECT({"fd.num", "5"}, {"fd.type", "ipv4"}, {"fd.typechar", "4"},
	       {"fd.sockfamily", "ip"}, {"fd.l4proto", "tcp"},
	       {"fd.connected", "false"}, {"fd.sip", "<NA>"},
	       {"fd.name_changed", "false"});
	end();
	begin(identity_evt(LNR_EVT_CONNECT, c, LNR_NPARAMS_CONNECT));
	EXPECT({"fd.name", "127.0.0.1:40000->10.0.0.1:80"},
	       {"fd.cip", "127.0.0.1"}, {"fd.sip", "10.0.0.1"},
	       {"fd.cport", "40000"}, {"fd.sport", "80"},
	       {"fd.lip", "127.0.0.1"}, {"fd.rip", "10.0.0.1"},
	       {"fd.lport", "40000"}, {"fd.rport", "80"},
	       {"fd.rnet", "10.0.0.1/32"}, {"fd.is_server", "false"},
	       {"fd.connected", "true"}, {"fd.l4proto", "tcp"},
	       {"fd.name_changed", "true"});
	end();
	/* A later call on the socket sees what connect recorded. */
	begin(identity_evt(LNR_EVT_SENDTO, st_, LNR_NPARAMS_SENDTO));
	EXPECT({"fd.name", "127.0.0.1:40000->10.0.0.1:80"}, {"fd.rport", "80"},
	       {"fd.types", "ipv4,ipv6"}, {"fd.name_changed", "false"});
	end();
	begin(identity_evt(LNR_EVT_ACCEPT4, ac, LNR_NPARAMS_ACCEPT4));
	EXPECT({"fd.num", "7"}, {"fd.name", "10.0.0.2:5555->127.0.0.1:22"},
	       {"fd.name_changed", "true"}, {"fd.is_server", "true"},
	       {"fd.lip", "127.0.0.1"}, {"fd.lport", "22"},
	       {"fd.rip", "10.0.0.2"}, {"fd.rport", "5555"},
	       {"fd.cip", "10.0.0.2"}, {"fd.sport", "22"});
	end();
}

/* Descriptors, memory and bpf. */

/* mmap and mprotect: an executable mapping, and one that failed. */
static void test_memory_args(void)
{
	const struct lnr_pval mm[LNR_NPARAMS_MMAP] = {
	    [LNR_PI_MMAP_res] = LNR_PV_NUM(0x7f0000001000),
	    [LNR_PI_MMAP_addr] = LNR_PV_NUM(0),
	    [LNR_PI_MMAP_length] = LNR_PV_NUM(8192),
	    [LNR_PI_MMAP_prot] = LNR_PV_NUM(PROT_READ | PROT_EXEC),
	    [LNR_PI_MMAP_flags] = LNR_PV_NUM(MAP_PRIVATE | MAP_ANONYMOUS),
	    [LNR_PI_MMAP_fd] = LNR_PV_NUM((uint64_t)-1),
	    [LNR_PI_MMAP_offset] = LNR_PV_NUM(0),
	};
	const struct lnr_pval bad[LNR_NPARAMS_MMAP] = {
	    [LNR_PI_MMAP_res] = LNR_PV_NUM((uint64_t)-EBADF),
	    [LNR_PI_MMAP_prot] = LNR_PV_NUM(PROT_EXEC),
	    [LNR_PI_MMAP_flags] = LNR_PV_NUM(MAP_SHARED_VALIDATE | MAP_FIXED),
	    [LNR_PI_MMAP_fd] = LNR_PV_NUM(9),
	};
	const struct lnr_pval mp[LNR_NPARAMS_MPROTECT] = {
	    [LNR_PI_MPROTECT_res] = LNR_PV_NUM(0),
	    [LNR_PI_MPROTECT_addr] = LNR_PV_NUM(0x1000),
	    [LNR_PI_MPROTECT_length] = LNR_PV_NUM(4096),
	    [LNR_PI_MPROTECT_prot] = LNR_PV_NUM(PROT_WRITE | PROT_EXEC),
	};

	begin(identity_evt(LNR_EVT_MMAP, mm, LNR_NPARAMS_MMAP));
	EXPECT({"evt.type", "mmap"}, {"evt.res", "SUCCESS"},
	       {"evt.failed", "false"}, {"evt.arg.prot", "PROT_READ|PROT_EXEC"},
	       {"evt.arg.flags", "MAP_PRIVATE|MAP_ANONYMOUS"},
	       {"evt.arg.length", "8192"}, {"evt.rawres", "139637976731648"});
	end();
	begin(identity_evt(LNR_EVT_MMAP, bad, LNR_NPARAMS_MMAP));
	EXPECT({"evt.res", "EBADF"}, {"evt.failed", "true"},
	       {"evt.arg.flags", "MAP_SHARED_VALIDATE|MAP_FIXED"},
	       {"evt.arg.fd", "9"}, {"evt.arg.addr", "<NA>"});
	end();
	begin(identity_evt(LNR_EVT_MPROTECT, mp, LNR_NPARAMS_MPROTECT));
	EXPECT({"evt.type", "mprotect"},
	       {"evt.arg.prot", "PROT_WRITE|PROT_EXEC"},
	       {"evt.arg.addr", "4096"});
	end();
}

/* The fd-making calls' flags by name, and the other new arguments. */
static void test_fd_args(void)
{
	const struct lnr_pval memfd[LNR_NPARAMS_MEMFD_CREATE] = {
	    [LNR_PI_MEMFD_CREATE_fd] = LNR_PV_NUM(4),
	    [LNR_PI_MEMFD_CREATE_name] = LNR_PV_STR("payload"),
	    [LNR_PI_MEMFD_CREATE_flags] = LNR_PV_NUM(0x1 | 0x2),
	};
	const struct lnr_pval pipe2[LNR_NPARAMS_PIPE2] = {
	    [LNR_PI_PIPE2_res] = LNR_PV_NUM(0),
	    [LNR_PI_PIPE2_fd1] = LNR_PV_NUM(5),
	    [LNR_PI_PIPE2_fd2] = LNR_PV_NUM(6),
	    [LNR_PI_PIPE2_dev] = LNR_PV_NUM(14),
	    [LNR_PI_PIPE2_ino] = LNR_PV_NUM(123456),
	    [LNR_PI_PIPE2_flags] = LNR_PV_NUM(O_CLOEXEC | O_NONBLOCK),
	};
	const struct lnr_pval efd[LNR_NPARAMS_EVENTFD2] = {
	    [LNR_PI_EVENTFD2_res] = LNR_PV_NUM(7),
	    [LNR_PI_EVENTFD2_initval] = LNR_PV_NUM(0),
	    [LNR_PI_EVENTFD2_flags] = LNR_PV_NUM(1 | O_CLOEXEC),
	};
	const struct lnr_pval cr[LNR_NPARAMS_CLOSE_RANGE] = {
	    [LNR_PI_CLOSE_RANGE_res] = LNR_PV_NUM(0),
	    [LNR_PI_CLOSE_RANGE_first] = LNR_PV_NUM(3),
	    [LNR_PI_CLOSE_RANGE_last] = LNR_PV_NUM(0xffffffffu),
	    [LNR_PI_CLOSE_RANGE_flags] = LNR_PV_NUM(0x4),
	};
	const struct lnr_pval uring[LNR_NPARAMS_IO_URING_SETUP] = {
	    [LNR_PI_IO_URING_SETUP_res] = LNR_PV_NUM(8),
	    [LNR_PI_IO_URING_SETUP_entries] = LNR_PV_NUM(4),
	    [LNR_PI_IO_URING_SETUP_flags] = LNR_PV_NUM(0x2 | 0x8),
	};
	const struct lnr_pval uffd[LNR_NPARAMS_USERFAULTFD] = {
	    [LNR_PI_USERFAULTFD_res] = LNR_PV_NUM((uint64_t)-EPERM),
	    [LNR_PI_USERFAULTFD_flags] = LNR_PV_NUM(1 | O_CLOEXEC),
	};
	const struct lnr_pval bpf[LNR_NPARAMS_BPF] = {
	    [LNR_PI_BPF_fd] = LNR_PV_NUM(9),
	    [LNR_PI_BPF_cmd] = LNR_PV_NUM(5),
	    [LNR_PI_BPF_prog_type] = LNR_PV_NUM(2),
	};

	begin(identity_evt(LNR_EVT_MEMFD_CREATE, memfd,
			   LNR_NPARAMS_MEMFD_CREATE));
	EXPECT({"evt.type", "memfd_create"}, {"evt.arg.name", "payload"},
	       {"evt.arg.flags", "MFD_CLOEXEC|MFD_ALLOW_SEALING"},
	       {"evt.res", "SUCCESS"}, {"evt.rawres", "4"});
	end();
	begin(identity_evt(LNR_EVT_PIPE2, pipe2, LNR_NPARAMS_PIPE2));
	EXPECT({"evt.args", "res=0 fd1=5 fd2=6 dev=14 ino=123456 "
			    "flags=O_CLOEXEC|O_NONBLOCK"});
	end();
	begin(identity_evt(LNR_EVT_EVENTFD2, efd, LNR_NPARAMS_EVENTFD2));
	EXPECT({"evt.arg.flags", "EFD_SEMAPHORE|EFD_CLOEXEC"});
	end();
	begin(identity_evt(LNR_EVT_CLOSE_RANGE, cr, LNR_NPARAMS_CLOSE_RANGE));
	EXPECT({"evt.arg.flags", "CLOSE_RANGE_CLOEXEC"},
	       {"evt.arg.last", "4294967295"});
	end();
	begin(identity_evt(LNR_EVT_IO_URING_SETUP, uring,
			   LNR_NPARAMS_IO_URING_SETUP));
	EXPECT({"evt.arg.flags", "IORING_SETUP_SQPOLL|IORING_SETUP_CQSIZE"},
	       {"evt.arg.entries", "4"}, {"evt.arg.sq_entries", "<NA>"});
	end();
	begin(identity_evt(LNR_EVT_USERFAULTFD, uffd, LNR_NPARAMS_USERFAULTFD));
	EXPECT({"evt.res", "EPERM"},
	       {"evt.arg.flags", "UFFD_USER_MODE_ONLY|O_CLOEXEC"});
	end();
	begin(identity_evt(LNR_EVT_BPF, bpf, LNR_NPARAMS_BPF));
	EXPECT({"evt.type", "bpf"}, {"evt.arg.cmd", "5"},
	       {"evt.arg.prog_type", "2"}, {"evt.res", "SUCCESS"});
	end();
}

int main(void)
{
	ctx = calloc(1, sizeof(*ctx));
	CHECK(state_init(&st) == 0);
	setup();
	test_tables();
	test_exec_and_open();
	test_root_caps_container();
	test_file_change_flags();
	/* Identity and isolation. */
	test_identity_args();
	test_network_args();
	test_socket_fields();
	test_sock_fields();
	test_io_fields();
	test_anonfd_fields();
	test_scm_fields();
	/* Descriptors, memory and bpf. */
	test_memory_args();
	test_fd_args();
	/* Processes signals and ptrace are aimed at. */
	test_target_fields();
	/* Paths filesystem changes name. */
	test_fs_fields();
	state_free(&st);
	free(ctx);
	return check_done();
}

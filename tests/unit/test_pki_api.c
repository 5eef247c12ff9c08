/* The API the SIP user agent uses (pki/pki.h), on a configured trustpoint:
 * credentials carry the trustpoint's key and certificate, and a real TLS
 * handshake over a socketpair accepts a client certificate from the
 * trustpoint's CA, refuses one from another CA unless another trustpoint
 * holds that CA (the "different CA" procedure), judges validity by the
 * router clock (`clock set`), and honours revocation-check (crl without a
 * CRL, a CRL that lists the client, none). */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>

#include <check.h>
#include <event2/event.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cli.h"
#include "clock.h"
#include "confdb.h"
#include "evloop.h"
#include "modes.h"
#include "nvram.h"
#include "pki.h"
#include "pki_tp.h"
#include "session.h"
#include "sipua.h"


static struct term_buf		 fake_term;
static struct session		*sess;
static char			 nvdir[64];

struct ident {
	gnutls_x509_privkey_t	 key;
	gnutls_x509_crt_t	 crt;
};
static struct ident	 ca, other_ca, client, stranger, server;

static void
ident_make(struct ident *id, const char *cn, struct ident *issuer, int is_ca,
    gnutls_x509_privkey_t key, unsigned int serial)
{
	unsigned char	 sn[1] = { (unsigned char)serial };
	time_t		 now = time(NULL);

	if (key != NULL)
		id->key = key;
	else {
		ck_assert_int_eq(gnutls_x509_privkey_init(&id->key), 0);
		ck_assert_int_eq(gnutls_x509_privkey_generate(id->key,
		    GNUTLS_PK_RSA, 1024, 0), 0);
	}
	ck_assert_int_eq(gnutls_x509_crt_init(&id->crt), 0);
	gnutls_x509_crt_set_version(id->crt, 3);
	gnutls_x509_crt_set_serial(id->crt, sn, 1);
	gnutls_x509_crt_set_dn_by_oid(id->crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    cn, strlen(cn));
	gnutls_x509_crt_set_key(id->crt, id->key);
	gnutls_x509_crt_set_activation_time(id->crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(id->crt, now + 86400 * 365);
	gnutls_x509_crt_set_basic_constraints(id->crt, is_ca, -1);
	gnutls_x509_crt_set_key_usage(id->crt, is_ca ? GNUTLS_KEY_KEY_CERT_SIGN |
	    GNUTLS_KEY_CRL_SIGN : GNUTLS_KEY_DIGITAL_SIGNATURE |
	    GNUTLS_KEY_KEY_ENCIPHERMENT);
	if (issuer == NULL)
		issuer = id;
	ck_assert_int_eq(gnutls_x509_crt_sign2(id->crt, issuer->crt,
	    issuer->key, GNUTLS_DIG_SHA256, 0), 0);
}

/* A fresh key and an unsigned one-month leaf certificate for it. */
static void
ident_leaf_init(struct ident *id, const char *cn, unsigned int serial)
{
	unsigned char	 sn[1] = { (unsigned char)serial };
	time_t		 now = time(NULL);

	ck_assert_int_eq(gnutls_x509_privkey_init(&id->key), 0);
	ck_assert_int_eq(gnutls_x509_privkey_generate(id->key, GNUTLS_PK_RSA,
	    1024, 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&id->crt), 0);
	gnutls_x509_crt_set_version(id->crt, 3);
	gnutls_x509_crt_set_serial(id->crt, sn, 1);
	gnutls_x509_crt_set_dn_by_oid(id->crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    cn, strlen(cn));
	gnutls_x509_crt_set_key(id->crt, id->key);
	gnutls_x509_crt_set_activation_time(id->crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(id->crt, now + 86400 * 30);
}

/* A client certificate with a CRL Distribution Point. */
static void
ident_make_cdp(struct ident *id, const char *cn, struct ident *issuer,
    unsigned int serial, const char *url)
{
	ident_leaf_init(id, cn, serial);
	gnutls_x509_crt_set_crl_dist_points(id->crt, GNUTLS_SAN_URI, url, 0);
	ck_assert_int_eq(gnutls_x509_crt_sign2(id->crt, issuer->crt,
	    issuer->key, GNUTLS_DIG_SHA256, 0), 0);
}

static void
der_of(gnutls_x509_crt_t crt, gnutls_datum_t *d)
{
	ck_assert_int_eq(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, d), 0);
}

/* Runs line; every question it asks is answered "yes". */
static void
run(const char *line)
{
	int	 rounds;

	session_input(sess, line);
	for (rounds = 0; rounds < 16 &&
	    session_waiting(sess) == SESSION_QUESTION; rounds++)
		session_input(sess, "yes");
}

static void
setup_once(void)
{
	struct grammar		*g;
	struct router		*router;
	struct session_io	 io;
	char			*err = NULL;

	gnutls_global_init();
	evloop_init();
	snprintf(nvdir, sizeof nvdir, "/tmp/vgw-test-pkiapi-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(nvdir));
	nvram_set_dir(nvdir);
	modes_register();
	pki_register();
	sipua_register();
	exec_register();
	g = grammar_new();
	ck_assert_int_eq(grammar_load_builtin(g, &err), 0);
	confdb_init();
	router = router_new(g);
	modes_init(router);
	pki_init(router);
	term_buf_init(&fake_term);
	memset(&io, 0, sizeof io);
	io.dev = &fake_term.term;
	sess = session_new(router, SESSION_SCRIPT, "test", &io);
}

static void
setup(void)
{
	struct pki_key	*k;
	gnutls_datum_t	 d;
	char		*err = NULL;

	router_clock_set(time(NULL));
	ident_make(&ca, "Lab CA", NULL, 1, NULL, 1);
	/* Same name as the real CA, so the client does send its certificate. */
	ident_make(&other_ca, "Lab CA", NULL, 1, NULL, 1);
	ident_make(&client, "peer", &ca, 0, NULL, 7);
	ident_make(&stranger, "peer", &other_ca, 0, NULL, 8);
	ck_assert_int_eq(keystore_generate("kp1", 1024, 0, 0, &err), 0);
	k = keystore_find("kp1");
	ident_make(&server, "gw1", &ca, 0, k->sign, 2);
	run("enable");
	run("configure terminal");
	run("crypto pki trustpoint tp1");
	run(" enrollment terminal");
	run(" revocation-check none");
	run(" rsakeypair kp1");
	run(" exit");
	der_of(ca.crt, &d);
	ck_assert_int_eq(chain_store("tp1", CERT_CA, d.data, d.size, &err), 0);
	gnutls_free(d.data);
	der_of(server.crt, &d);
	ck_assert_int_eq(chain_store("tp1", CERT_ROUTER, d.data, d.size, &err),
	    0);
	gnutls_free(d.data);
}

static void
ident_free(struct ident *id, int key)
{
	gnutls_x509_crt_deinit(id->crt);
	if (key)
		gnutls_x509_privkey_deinit(id->key);
}

static void
teardown(void)
{
	char	*crl;

	ident_free(&ca, 1);
	ident_free(&other_ca, 1);
	ident_free(&client, 1);
	ident_free(&stranger, 1);
	ident_free(&server, 0);		/* the key store owns its key */
	run("end");
	crl = nvram_path("crl-tp1.pem");
	unlink(crl);
	free(crl);
	router_clock_set(time(NULL));
}

static void
verified(void *arg, int ok)
{
	*(int *)arg = ok ? 1 : 0;
}

/* After the handshake: the verification that waits for a CRL or OCSP
 * fetch ends on the event loop, pumped here for at most 10 s. */
static int
verify_finish(gnutls_session_t s)
{
	int	 result = -1, i;

	switch (pki_verify_finish(s, verified, &result)) {
	case 0:
		return 0;
	case PKI_VERIFY_PENDING:
		break;
	default:
		return -1;
	}
	for (i = 0; i < 10000 && result == -1; i++) {
		event_base_loop(evloop_base(), EVLOOP_ONCE | EVLOOP_NONBLOCK);
		if (result == -1)
			usleep(1000);
	}
	if (result == -1)
		pki_verify_cancel(s);
	return result == 1 ? 0 : -1;
}

/* Both ends of a handshake on one thread over a non-blocking socketpair;
 * 0 when both finished and the peer was verified, -1 otherwise. */
static int
handshake(struct ident *peer, gnutls_session_t *srv_out)
{
	gnutls_certificate_credentials_t	 vgw, cli;
	gnutls_session_t			 s, c;
	int					 sv[2], rs = GNUTLS_E_AGAIN;
	int					 rc = GNUTLS_E_AGAIN, i;
	char					*err = NULL;

	ck_assert_int_eq(pki_trustpoint_credentials("tp1", &vgw, &err), 0);
	ck_assert_int_eq(gnutls_certificate_allocate_credentials(&cli), 0);
	ck_assert_int_eq(gnutls_certificate_set_x509_key(cli, &peer->crt, 1,
	    peer->key), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NONBLOCK);
	gnutls_init(&c, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
	gnutls_set_default_priority(s);
	gnutls_set_default_priority(c);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, vgw);
	gnutls_credentials_set(c, GNUTLS_CRD_CERTIFICATE, cli);
	gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE);
	gnutls_transport_set_int(s, sv[0]);
	gnutls_transport_set_int(c, sv[1]);
	for (i = 0; i < 2000 && (rs < 0 || rc < 0); i++) {
		if (rs < 0 && !gnutls_error_is_fatal(rs))
			rs = gnutls_handshake(s);
		if (rc < 0 && !gnutls_error_is_fatal(rc))
			rc = gnutls_handshake(c);
		if ((rs < 0 && gnutls_error_is_fatal(rs)) ||
		    (rc < 0 && gnutls_error_is_fatal(rc)))
			break;
	}
	if (rs == 0 && rc == 0 && verify_finish(s) != 0)
		rs = -1;
	if (srv_out != NULL && rs == 0)
		*srv_out = s;
	else
		gnutls_deinit(s);
	gnutls_deinit(c);
	close(sv[0]);
	close(sv[1]);
	gnutls_certificate_free_credentials(cli);
	pki_credentials_free(vgw);
	return rs == 0 && rc == 0 ? 0 : -1;
}

START_TEST(test_credentials_need_a_configured_enrolled_trustpoint)
{
	gnutls_certificate_credentials_t	 cred;
	char					*err = NULL;

	ck_assert_int_eq(pki_trustpoint_credentials("nope", &cred, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not configured"));
	free(err);
	err = NULL;
	run("crypto pki trustpoint bare");
	run(" exit");
	ck_assert_int_eq(pki_trustpoint_credentials("bare", &cred, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "no certificate"));
	free(err);
	ck_assert(pki_trustpoint_exists("tp1"));
	ck_assert(!pki_trustpoint_exists("nope"));
	run("no crypto pki trustpoint bare");
}
END_TEST

START_TEST(test_handshake_trusts_client_from_trustpoint_ca)
{
	gnutls_session_t	 s = NULL;
	char			*err = NULL;

	ck_assert_int_eq(handshake(&client, &s), 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(pki_verify_peer("tp1", s, &err), 0);
	gnutls_deinit(s);
}
END_TEST

START_TEST(test_handshake_refuses_client_from_other_ca)
{
	ck_assert_int_eq(handshake(&stranger, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "not signed"));
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "trusted CA"));
}
END_TEST

START_TEST(test_router_clock_decides_validity)
{
	router_clock_set(time(NULL) + 86400 * 400);
	ck_assert_int_eq(handshake(&client, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "expired"));
	router_clock_set(time(NULL) - 86400);
	ck_assert_int_eq(handshake(&client, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "not yet valid"));
	router_clock_set(time(NULL));
	ck_assert_int_eq(handshake(&client, NULL), 0);
}
END_TEST

/* The feature module's "different CA" procedure: the remote endpoint's
 * root in a trustpoint of its own makes its certificates trusted, with
 * that trustpoint's revocation-check. */
START_TEST(test_other_trustpoint_ca_trusted_with_its_revocation_check)
{
	gnutls_datum_t	 d;
	char		*err = NULL;

	run("crypto pki trustpoint x");
	run(" enrollment terminal");
	run(" exit");
	der_of(other_ca.crt, &d);
	ck_assert_int_eq(chain_store("x", CERT_CA, d.data, d.size, &err), 0);
	gnutls_free(d.data);
	ck_assert_int_eq(handshake(&stranger, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "CRL"));
	run("crypto pki trustpoint x");
	run(" revocation-check none");
	run(" exit");
	ck_assert_int_eq(handshake(&stranger, NULL), 0);
	ck_assert_int_eq(handshake(&client, NULL), 0);
	run("no crypto pki trustpoint x");	/* answers yes */
	ck_assert_int_eq(handshake(&stranger, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "trusted CA"));
}
END_TEST

/* A TCP port nothing listens on now, chosen by the kernel. */
static int
free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	int			 s, port;

	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(s);
	return port;
}

/* Runs /usr/bin/python3 with argv (output to /dev/null) and waits up to
 * 5 s for it to listen on 127.0.0.1:port; its pid. */
static pid_t
python_serve(char *const argv[], int port)
{
	pid_t	 pid;
	int	 i, fd;

	if ((pid = fork()) == 0) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execv("/usr/bin/python3", argv);
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		struct sockaddr_in	 sin;
		int			 s = socket(AF_INET, SOCK_STREAM, 0);

		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_port = htons(port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(s, (struct sockaddr *)&sin, sizeof sin) == 0) {
			close(s);
			break;
		}
		close(s);
		usleep(50000);
	}
	return pid;
}

/* Serves dir on 127.0.0.1:port with python's http.server; its pid. */
static pid_t
http_serve(const char *dir, int port)
{
	char	 portstr[16];
	char	*argv[] = { "python3", "-m", "http.server", portstr,
		    "--bind", "127.0.0.1", "--directory", (char *)dir, NULL };

	snprintf(portstr, sizeof portstr, "%d", port);
	return python_serve(argv, port);
}

static void
crl_file(const char *path, gnutls_x509_crt_t revoked)
{
	gnutls_x509_crl_t	 crl;
	gnutls_datum_t		 der;
	FILE			*f;

	ck_assert_int_eq(gnutls_x509_crl_init(&crl), 0);
	gnutls_x509_crl_set_version(crl, 2);
	gnutls_x509_crl_set_this_update(crl, time(NULL) - 60);
	gnutls_x509_crl_set_next_update(crl, time(NULL) + 86400);
	if (revoked != NULL)
		gnutls_x509_crl_set_crt(crl, revoked, time(NULL) - 60);
	ck_assert_int_eq(gnutls_x509_crl_sign2(crl, ca.crt, ca.key,
	    GNUTLS_DIG_SHA256, 0), 0);
	ck_assert_int_eq(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER,
	    &der), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(der.data, 1, der.size, f), der.size);
	fclose(f);
	gnutls_free(der.data);
	gnutls_x509_crl_deinit(crl);
}

/* revocation-check crl with the CRL fetched from the client certificate's
 * CRL Distribution Point over HTTP (signature checked, egress enforced). */
START_TEST(test_crl_fetched_from_distribution_point)
{
	struct ident	 good, bad, blocked, forged, named;
	char		 dir[128], path[192], url[128];
	int		 port = free_port();
	pid_t		 pid;

	snprintf(dir, sizeof dir, "%s/www", nvdir);
	mkdir(dir, 0700);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/good.crl", port);
	ident_make_cdp(&good, "good", &ca, 11, url);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/bad.crl", port);
	ident_make_cdp(&bad, "bad", &ca, 12, url);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/forged.crl", port);
	ident_make_cdp(&forged, "forged", &ca, 13, url);
	ident_make_cdp(&blocked, "blocked", &ca, 14,
	    "http://192.0.2.10/ca.crl");
	snprintf(url, sizeof url, "http://crl.lab.invalid:%d/good.crl", port);
	ident_make_cdp(&named, "named", &ca, 15, url);
	snprintf(path, sizeof path, "%s/good.crl", dir);
	crl_file(path, NULL);
	snprintf(path, sizeof path, "%s/bad.crl", dir);
	crl_file(path, bad.crt);
	snprintf(path, sizeof path, "%s/forged.crl", dir);
	crl_file(path, NULL);
	/* Same bytes but not the CA's signature: flip one signature byte. */
	{
		FILE	*f = fopen(path, "r+");
		long	 end;

		ck_assert_ptr_nonnull(f);
		fseek(f, 0, SEEK_END);
		end = ftell(f);
		fseek(f, end - 5, SEEK_SET);
		fputc(0x5a, f);
		fclose(f);
	}
	pid = http_serve(dir, port);
	run("crypto pki trustpoint tp1");
	run(" revocation-check crl");
	ck_assert_int_eq(handshake(&named, NULL), -1);	/* name unknown */
	run("ip host crl.lab.invalid 127.0.0.1");	/* as IOS resolves it */
	run("crypto pki trustpoint tp1");
	ck_assert_int_eq(handshake(&named, NULL), 0);
	run("no ip host crl.lab.invalid");
	run("crypto pki trustpoint tp1");
	ck_assert_int_eq(handshake(&good, NULL), 0);
	ck_assert_int_eq(handshake(&bad, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "revoked"));
	ck_assert_int_eq(handshake(&forged, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "CRL"));
	ck_assert_int_eq(handshake(&blocked, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "CRL"));
	run(" revocation-check none");
	run(" exit");
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	ident_free(&good, 1);
	ident_free(&bad, 1);
	ident_free(&forged, 1);
	ident_free(&blocked, 1);
	ident_free(&named, 1);
}
END_TEST

/* A client certificate naming an OCSP responder (AIA). */
static void
ident_make_aia(struct ident *id, const char *cn, unsigned int serial,
    const char *url)
{
	gnutls_datum_t	 d = { (unsigned char *)url, strlen(url) };

	ident_leaf_init(id, cn, serial);
	ck_assert_int_eq(gnutls_x509_crt_set_authority_info_access(id->crt,
	    GNUTLS_IA_OCSP_URI, &d), 0);
	ck_assert_int_eq(gnutls_x509_crt_sign2(id->crt, ca.crt, ca.key,
	    GNUTLS_DIG_SHA256, 0), 0);
}

static void
file_put(const char *dir, const char *name, const void *data, size_t len)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* An OCSP responder on 127.0.0.1 only: python's HTTP server hands each
 * POSTed request to `openssl ocsp` (whose own -port would listen on every
 * interface). */
static const char ocsp_server_py[] =
    "import http.server, subprocess, sys, os\n"
    "d = sys.argv[2]\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def log_message(self, *a): pass\n"
    "    def do_POST(self):\n"
    "        n = int(self.headers.get('Content-Length', 0))\n"
    "        open(d + '/req.der', 'wb').write(self.rfile.read(n))\n"
    "        subprocess.run(['openssl', 'ocsp', '-index', d + '/index.txt',\n"
    "            '-rsigner', d + '/ca.pem', '-rkey', d + '/ca.key', '-CA',\n"
    "            d + '/ca.pem', '-reqin', d + '/req.der', '-respout',\n"
    "            d + '/resp.der', '-ndays', '1'], capture_output=True)\n"
    "        body = open(d + '/resp.der', 'rb').read()\n"
    "        self.send_response(200)\n"
    "        self.send_header('Content-Type', 'application/ocsp-response')\n"
    "        self.send_header('Content-Length', str(len(body)))\n"
    "        self.end_headers()\n"
    "        self.wfile.write(body)\n"
    "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()\n";

static pid_t
ocsp_serve(const char *dir, int port)
{
	char	 portstr[16], script[256];
	char	*argv[] = { "python3", script, portstr, (char *)dir, NULL };

	snprintf(script, sizeof script, "%s/ocsp.py", dir);
	file_put(dir, "ocsp.py", ocsp_server_py, strlen(ocsp_server_py));
	snprintf(portstr, sizeof portstr, "%d", port);
	return python_serve(argv, port);
}

/* revocation-check ocsp against openssl's responder: good, revoked, an
 * `ocsp url` for a certificate without AIA, and a dead responder. */
START_TEST(test_ocsp_revocation_check)
{
	struct ident	 good, revoked, dead;
	gnutls_datum_t	 d;
	char		 dir[128], url[128], deadurl[128], index[512];
	int		 port = free_port(), deadport = free_port();
	pid_t		 pid;

	snprintf(dir, sizeof dir, "%s/ocsp", nvdir);
	mkdir(dir, 0700);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
	snprintf(deadurl, sizeof deadurl, "http://127.0.0.1:%d/", deadport);
	ident_make_aia(&good, "good", 0x21, url);
	ident_make_aia(&revoked, "revoked", 0x22, url);
	ident_make_aia(&dead, "dead", 0x23, deadurl);
	ck_assert_int_eq(gnutls_x509_crt_export2(ca.crt, GNUTLS_X509_FMT_PEM,
	    &d), 0);
	file_put(dir, "ca.pem", d.data, d.size);
	gnutls_free(d.data);
	ck_assert_int_eq(gnutls_x509_privkey_export2(ca.key,
	    GNUTLS_X509_FMT_PEM, &d), 0);
	file_put(dir, "ca.key", d.data, d.size);
	gnutls_free(d.data);
	snprintf(index, sizeof index,
	    "V\t491231235959Z\t\t21\tunknown\t/CN=good\n"
	    "R\t491231235959Z\t240101000000Z\t22\tunknown\t/CN=revoked\n"
	    "V\t491231235959Z\t\t07\tunknown\t/CN=peer\n");
	file_put(dir, "index.txt", index, strlen(index));
	pid = ocsp_serve(dir, port);

	run("crypto pki trustpoint tp1");
	run(" revocation-check ocsp");
	ck_assert_int_eq(handshake(&good, NULL), 0);
	ck_assert_int_eq(handshake(&revoked, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "revoked"));
	ck_assert_int_eq(handshake(&dead, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "OCSP"));
	ck_assert_int_eq(handshake(&client, NULL), -1);	/* no AIA */
	run(" revocation-check ocsp none");
	ck_assert_int_eq(handshake(&dead, NULL), 0);
	ck_assert_int_eq(handshake(&revoked, NULL), -1);
	run(" revocation-check ocsp");
	snprintf(index, sizeof index, " ocsp url %s", url);
	run(index);
	ck_assert_int_eq(handshake(&client, NULL), 0);
	run(" no ocsp url");
	run(" revocation-check none");
	run(" exit");
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	ident_free(&good, 1);
	ident_free(&revoked, 1);
	ident_free(&dead, 1);
}
END_TEST

static void
crl_write(int revoke_client)
{
	gnutls_x509_crl_t	 crl;
	gnutls_datum_t		 pem;
	char			*path;

	ck_assert_int_eq(gnutls_x509_crl_init(&crl), 0);
	gnutls_x509_crl_set_version(crl, 2);
	gnutls_x509_crl_set_this_update(crl, time(NULL) - 60);
	gnutls_x509_crl_set_next_update(crl, time(NULL) + 86400);
	if (revoke_client)
		gnutls_x509_crl_set_crt(crl, client.crt, time(NULL) - 60);
	ck_assert_int_eq(gnutls_x509_crl_sign2(crl, ca.crt, ca.key,
	    GNUTLS_DIG_SHA256, 0), 0);
	ck_assert_int_eq(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM,
	    &pem), 0);
	path = nvram_path("crl-tp1.pem");
	ck_assert_int_eq(file_write_atomic(path, pem.data, pem.size, 0600), 0);
	free(path);
	gnutls_free(pem.data);
	gnutls_x509_crl_deinit(crl);
}

START_TEST(test_revocation_check_honoured)
{
	run("crypto pki trustpoint tp1");
	run(" revocation-check crl");
	ck_assert_int_eq(handshake(&client, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "CRL"));
	crl_write(0);
	ck_assert_int_eq(handshake(&client, NULL), 0);
	crl_write(1);
	ck_assert_int_eq(handshake(&client, NULL), -1);
	ck_assert_ptr_nonnull(strstr(pki_last_verify_error(), "revoked"));
	run(" revocation-check crl none");
	ck_assert_int_eq(handshake(&client, NULL), -1);	/* revoked stays revoked */
	run(" revocation-check ocsp none");
	ck_assert_int_eq(handshake(&client, NULL), 0);
	run(" revocation-check none");
	run(" exit");
}
END_TEST

static Suite *
pki_api_suite(void)
{
	Suite	*s = suite_create("pki_api");
	TCase	*tc = tcase_create("tls");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_credentials_need_a_configured_enrolled_trustpoint);
	tcase_add_test(tc, test_handshake_trusts_client_from_trustpoint_ca);
	tcase_add_test(tc, test_handshake_refuses_client_from_other_ca);
	tcase_add_test(tc, test_router_clock_decides_validity);
	tcase_add_test(tc, test_revocation_check_honoured);
	tcase_add_test(tc, test_crl_fetched_from_distribution_point);
	tcase_add_test(tc, test_ocsp_revocation_check);
	tcase_add_test(tc, test_other_trustpoint_ca_trusted_with_its_revocation_check);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pki_api_suite());
	int	 failed;

	/* One process: the grammar and database are set up once. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (nvdir[0] != '\0') {
		char	 cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", nvdir);
		if (system(cmd) != 0)
			failed++;
	}
	return failed == 0 ? 0 : 1;
}

/* sipua/tls.c through the real TLS listener on loopback: a trusted client
 * certificate gets 200 OK to OPTIONS; no certificate, an untrusted one, an
 * ECDHE-only client under strict-cipher and a missing crypto signaling
 * entry are refused and counted as handshake errors; strict-cipher gives
 * TLS_RSA_WITH_AES_128_CBC_SHA. The certificates are made here with
 * GnuTLS; the client runs in a child process while the parent turns the
 * event loop. */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "evloop.h"
#include "log.h"
#include "sipua_int.h"
#include "sipua_testlib.h"

struct test_pki {
	gnutls_x509_privkey_t	 key;
	gnutls_x509_crt_t	 crt;
};

static struct test_pki	 ca, other_ca, server, client, rogue;
static int		 test_port;

static void
make_cert(struct test_pki *p, const struct test_pki *issuer, const char *cn,
    int is_ca, int serial)
{
	unsigned char	 ser = serial;
	time_t		 now = time(NULL);

	ck_assert_int_eq(gnutls_x509_privkey_init(&p->key), 0);
	ck_assert_int_eq(gnutls_x509_privkey_generate(p->key, GNUTLS_PK_RSA,
	    2048, 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&p->crt), 0);
	gnutls_x509_crt_set_version(p->crt, 3);
	gnutls_x509_crt_set_serial(p->crt, &ser, 1);
	gnutls_x509_crt_set_activation_time(p->crt, now - 3600);
	gnutls_x509_crt_set_expiration_time(p->crt, now + 86400);
	gnutls_x509_crt_set_dn_by_oid(p->crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    cn, strlen(cn));
	gnutls_x509_crt_set_key(p->crt, p->key);
	gnutls_x509_crt_set_basic_constraints(p->crt, is_ca, -1);
	if (is_ca)
		gnutls_x509_crt_set_key_usage(p->crt,
		    GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
	else {
		gnutls_x509_crt_set_key_usage(p->crt,
		    GNUTLS_KEY_DIGITAL_SIGNATURE |
		    GNUTLS_KEY_KEY_ENCIPHERMENT);
		gnutls_x509_crt_set_key_purpose_oid(p->crt,
		    GNUTLS_KP_TLS_WWW_SERVER, 0);
		gnutls_x509_crt_set_key_purpose_oid(p->crt,
		    GNUTLS_KP_TLS_WWW_CLIENT, 0);
	}
	if (issuer == NULL)
		issuer = p;
	ck_assert_int_eq(gnutls_x509_crt_sign2(p->crt, issuer->crt,
	    issuer->key, GNUTLS_DIG_SHA256, 0), 0);
}

static int
verify_peer(gnutls_session_t s)
{
	unsigned	status;

	if (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0)
		return GNUTLS_E_CERTIFICATE_ERROR;
	return 0;
}

/* What pki_trustpoint_credentials gives vgw, made from the test PKI. */
static void *
test_creds(const char *trustpoint, char **err)
{
	gnutls_certificate_credentials_t	 creds;
	gnutls_x509_crt_t			 chain[2];

	if (strcmp(trustpoint, "user1") != 0) {
		*err = strdup("no such trustpoint");
		return NULL;
	}
	gnutls_certificate_allocate_credentials(&creds);
	chain[0] = server.crt;
	chain[1] = ca.crt;
	gnutls_certificate_set_x509_key(creds, chain, 2, server.key);
	gnutls_certificate_set_x509_trust(creds, &ca.crt, 1);
	gnutls_certificate_set_verify_function(creds, verify_peer);
	return creds;
}

static void
tls_setup(void)
{
	static int	made;

	if (!made) {
		make_cert(&ca, NULL, "Test Root CA", 1, 1);
		make_cert(&other_ca, NULL, "Other CA", 1, 1);
		make_cert(&server, &ca, "GW1", 0, 2);
		make_cert(&client, &ca, "client.test", 0, 3);
		make_cert(&rogue, &other_ca, "rogue.test", 0, 4);
		made = 1;
	}
	testlib_log_capture(NULL);
	test_port = testlib_listen_loopback(20000);
	message_init();
	tls_global_init();
	tls_set_cred_source(test_creds);
	sipua_conf_free(&sipua_conf);
	sipua_conf_defaults(&sipua_conf);
	sipua_conf.enabled[SIPT_UDP] = 0;
	sipua_conf.enabled[SIPT_TCP] = 0;
	sipua_sig_add(&sipua_conf, 1, 0, 0, "user1", 0);
	ck_assert_int_eq(transport_apply(), 0);
}

static void
tls_teardown(void)
{
	transport_shutdown();
	tls_set_cred_source(NULL);
}

enum client_result {
	CLIENT_GOT_200 = 10,
	CLIENT_HANDSHAKE_FAILED = 11,
	CLIENT_NO_REPLY = 12,
	CLIENT_ERROR = 13
};

/* The child: a GnuTLS client with the given certificate and priority that
 * sends one OPTIONS. Writes the negotiated suite to suite_fd. */
static int
client_run(const struct test_pki *cert, const char *priority, int suite_fd)
{
	gnutls_certificate_credentials_t creds;
	gnutls_session_t		 s;
	struct sockaddr_in		 gw;
	char				 buf[4096];
	const char			*name, *msg =
	    "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-tls1\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:c@h>;tag=1\r\nTo: <sip:gw@h>\r\n"
	    "Call-ID: tls1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
	int				 fd, rc, n = 0, total = 0;

	gnutls_certificate_allocate_credentials(&creds);
	gnutls_certificate_set_x509_trust(creds, &ca.crt, 1);
	if (cert != NULL)
		gnutls_certificate_set_x509_key(creds,
		    (gnutls_x509_crt_t *)&cert->crt, 1, cert->key);
	gnutls_init(&s, GNUTLS_CLIENT);
	gnutls_priority_set_direct(s, priority, NULL);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, creds);
	gw = testlib_v4("127.0.0.1", test_port + 1);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&gw, sizeof gw) != 0)
		return CLIENT_ERROR;
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, 5000);
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		return CLIENT_HANDSHAKE_FAILED;
	name = gnutls_cipher_suite_get_name(gnutls_kx_get(s),
	    gnutls_cipher_get(s), gnutls_mac_get(s));
	if (write(suite_fd, name, strlen(name)) < 0)
		return CLIENT_ERROR;
	/* TLS 1.3: a missing client certificate shows after the handshake. */
	if (gnutls_record_send(s, msg, strlen(msg)) < 0)
		return CLIENT_HANDSHAKE_FAILED;
	while (total < (int)sizeof buf - 1 &&
	    (n = gnutls_record_recv(s, buf + total, sizeof buf - 1 - total)) > 0) {
		total += n;
		buf[total] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL)
			break;
	}
	if (total == 0)
		return n < 0 ? CLIENT_HANDSHAKE_FAILED : CLIENT_NO_REPLY;
	return strncmp(buf, "SIP/2.0 200 OK", 14) == 0 ? CLIENT_GOT_200 :
	    CLIENT_NO_REPLY;
}

/* Runs the client and the loop together; returns the client's result. */
static int
client_exchange(const struct test_pki *cert, const char *priority,
    char *suite, size_t suitelen)
{
	pid_t	pid;
	int	status, i, p[2];
	ssize_t	n;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		alarm(8);
		_exit(client_run(cert, priority, p[1]));
	}
	close(p[1]);
	for (i = 0; i < 1600; i++) {
		event_base_loop(evloop_base(), EVLOOP_NONBLOCK);
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(5000);
	}
	if (i == 1600) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	n = read(p[0], suite, suitelen - 1);
	suite[n > 0 ? n : 0] = '\0';
	close(p[0]);
	/* Let the server notice the closed connection. */
	for (i = 0; i < 20; i++) {
		event_base_loop(evloop_base(), EVLOOP_NONBLOCK);
		usleep(2000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(test_trusted_client_gets_200_over_tls)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	char			 suite[128];

	ck_assert_int_eq(client_exchange(&client, "NORMAL", suite,
	    sizeof suite), CLIENT_GOT_200);
	ck_assert_int_eq(ct->stats.handshake_errors, before);
	/* Without strict-cipher a modern client gets a modern suite. */
	ck_assert_ptr_null(strstr(suite, "RSA_AES_128_CBC"));
	ck_assert_int_gt(strlen(suite), 0);
}
END_TEST

START_TEST(test_client_without_certificate_refused_and_counted)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	char			 suite[128];

	ck_assert_int_ne(client_exchange(NULL, "NORMAL", suite, sizeof suite),
	    CLIENT_GOT_200);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 1);
	ck_assert_int_eq(ct->count, 0);
}
END_TEST

START_TEST(test_untrusted_client_refused_and_counted)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	char			 suite[128];

	ck_assert_int_ne(client_exchange(&rogue, "NORMAL", suite,
	    sizeof suite), CLIENT_GOT_200);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 1);
	ck_assert_int_eq(ct->count, 0);
}
END_TEST

START_TEST(test_strict_cipher_gives_rsa_aes128_sha_and_refuses_ecdhe)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	char			 suite[128];

	sipua_conf_free(&sipua_conf);
	sipua_sig_add(&sipua_conf, 0, 0x7f000000, 0xff000000, "user1", 1);
	ck_assert_int_eq(client_exchange(&client, "NORMAL", suite,
	    sizeof suite), CLIENT_GOT_200);
	ck_assert_str_eq(suite, "RSA_AES_128_CBC_SHA1");
	ck_assert_int_ne(client_exchange(&client,
	    "NORMAL:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA", suite, sizeof suite),
	    CLIENT_GOT_200);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 1);
}
END_TEST

START_TEST(test_no_crypto_signaling_refused_and_counted)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	char			 suite[128];

	sipua_conf_free(&sipua_conf);
	/* Only a remote-addr entry that does not cover 127.0.0.1. */
	sipua_sig_add(&sipua_conf, 0, 0xac120000, 0xffff0000, "user1", 0);
	ck_assert_int_ne(client_exchange(&client, "NORMAL", suite,
	    sizeof suite), CLIENT_GOT_200);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 1);
}
END_TEST

/* A GnuTLS server in a child process that demands a client certificate
 * (verified against the test CA) and answers each request with 200 OK. */
static void
server_child(int lfd, int replies)
{
	gnutls_certificate_credentials_t creds;
	gnutls_session_t		 s;
	gnutls_x509_crt_t		 chain[2] = { server.crt, ca.crt };
	char				 buf[4096];
	const char			*ok = "SIP/2.0 200 OK\r\n"
	    "Via: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK-out\r\n"
	    "From: <sip:gw@h>;tag=1\r\nTo: <sip:s@h>;tag=2\r\n"
	    "Call-ID: out1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
	int				 fd, rc, n, i;

	alarm(10);
	gnutls_certificate_allocate_credentials(&creds);
	gnutls_certificate_set_x509_key(creds, chain, 2, server.key);
	gnutls_certificate_set_x509_trust(creds, &ca.crt, 1);
	gnutls_certificate_set_verify_function(creds, verify_peer);
	if ((fd = accept(lfd, NULL, NULL)) < 0)
		_exit(2);
	gnutls_init(&s, GNUTLS_SERVER);
	gnutls_priority_set_direct(s, "NORMAL", NULL);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, creds);
	gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE);
	gnutls_transport_set_int(s, fd);
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0)
		_exit(3);
	for (i = 0; i < replies; i++) {
		if ((n = gnutls_record_recv(s, buf, sizeof buf)) <= 0)
			_exit(4);
		gnutls_record_send(s, ok, strlen(ok));
	}
	sleep(1);
	_exit(0);
}

START_TEST(test_outbound_tls_reuses_its_connection)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	unsigned long		 before = sip_stats.resp_in[200];
	const char		*req = "OPTIONS sip:s@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK-out\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:gw@h>;tag=1\r\n"
	    "To: <sip:s@h>\r\nCall-ID: out1\r\nCSeq: 1 OPTIONS\r\n"
	    "Content-Length: 0\r\n\r\n";
	int			 lfd, status;
	pid_t			 pid;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	sin = testlib_v4("127.0.0.1", 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	getsockname(lfd, (struct sockaddr *)&sin, &len);
	if ((pid = fork()) == 0)
		server_child(lfd, 2);
	close(lfd);
	ck_assert_int_eq(transport_send_to(SIPT_TLS, (struct sockaddr *)&sin,
	    sizeof sin, req, strlen(req)), 0);
	ck_assert_int_eq(ct->count, 1);
	TESTLIB_PUMP_WHILE(sip_stats.resp_in[200] == before, 2000);
	ck_assert_int_eq(sip_stats.resp_in[200], before + 1);
	ck_assert_int_eq(TAILQ_FIRST(&ct->list)->state, CONN_ESTABLISHED);
	ck_assert_int_gt(strlen(tls_conn_cipher(TAILQ_FIRST(&ct->list))), 0);
	/* The second request goes on the same connection (RFC 3261 §18). */
	ck_assert_int_eq(transport_send_to(SIPT_TLS, (struct sockaddr *)&sin,
	    sizeof sin, req, strlen(req)), 0);
	ck_assert_int_eq(ct->count, 1);
	TESTLIB_PUMP_WHILE(sip_stats.resp_in[200] == before + 1, 2000);
	ck_assert_int_eq(sip_stats.resp_in[200], before + 2);
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	TESTLIB_PUMP_WHILE(ct->count > 0, 250);
	ck_assert_int_eq(ct->count, 0);
}
END_TEST

/* Plain text to the TLS port, and a client that vanishes mid-handshake:
 * both are handshake errors, nothing reaches SIP, nothing is left open. */
START_TEST(test_garbage_and_vanishing_clients_are_handshake_errors)
{
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 before = ct->stats.handshake_errors;
	unsigned long		 opts = sip_stats.req_in[SM_OPTIONS];
	struct sockaddr_in	 gw;
	const char		*plain = "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Content-Length: 0\r\n\r\n";
	int			 fd;

	gw = testlib_v4("127.0.0.1", test_port + 1);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&gw, sizeof gw), 0);
	ck_assert_int_eq(write(fd, plain, strlen(plain)), (ssize_t)strlen(plain));
	TESTLIB_PUMP_WHILE(ct->stats.handshake_errors == before, 500);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 1);
	ck_assert_int_eq(ct->count, 0);
	close(fd);
	/* Three bytes of a TLS record header, then gone. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&gw, sizeof gw), 0);
	ck_assert_int_eq(write(fd, "\x16\x03\x01", 3), 3);
	TESTLIB_PUMP_WHILE(1, 100);
	close(fd);
	TESTLIB_PUMP_WHILE(ct->count > 0, 500);
	ck_assert_int_eq(ct->count, 0);
	ck_assert_int_eq(ct->stats.handshake_errors, before + 2);
	ck_assert_int_eq(sip_stats.req_in[SM_OPTIONS], opts);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sipua_tls");
	TCase	*tc = tcase_create("tls");

	tcase_add_checked_fixture(tc, tls_setup, tls_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_trusted_client_gets_200_over_tls);
	tcase_add_test(tc, test_client_without_certificate_refused_and_counted);
	tcase_add_test(tc, test_untrusted_client_refused_and_counted);
	tcase_add_test(tc, test_strict_cipher_gives_rsa_aes128_sha_and_refuses_ecdhe);
	tcase_add_test(tc, test_no_crypto_signaling_refused_and_counted);
	tcase_add_test(tc, test_outbound_tls_reuses_its_connection);
	tcase_add_test(tc, test_garbage_and_vanishing_clients_are_handshake_errors);
	suite_add_tcase(s, tc);
	return testlib_run(s);
}

/*
 * The SCEP client of trustpoints with `enrollment url`: `crypto pki
 * authenticate` fetches the CA certificate (GetCACert) while the session
 * waits, shows its fingerprints and asks; `crypto pki enroll` ends in
 * scep_enroll_start, which runs on the loop: GetCACaps (the strongest
 * digest and cipher offered), GetCACert (the recipient: the RA in `mode
 * ra`, else the CA), PKCSReq, then CertPoll every `enrollment retry
 * period` minutes while the CA answers PENDING, up to `retry count`.
 * Every request is an HTTP GET (as IOS sends them) through rev_fetch.c:
 * bounded in time, egress-checked. Results are syslog lines, as on IOS.
 */
#include <sys/queue.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <gnutls/crypto.h>

#include "clock.h"
#include "evloop.h"
#include "exec.h"
#include "log.h"
#include "pki_cmd.h"
#include "scep.h"
#include "scep_client.h"
#include "xmalloc.h"

#define SCEP_PATH_DEFAULT	"/cgi-bin/pkiclient.exe"
/* IOS retries every minute by default; with no `retry count` it keeps
 * trying. vgw bounds it (a day of polls). */
#define SCEP_RETRY_COUNT_DEFAULT	1440

enum job_state { JOB_CAPS, JOB_CACERT, JOB_REQUEST, JOB_WAIT };

struct scep_job {
	unsigned int		 id;
	char			*tp;
	char			*url;		/* up to the script, no query */
	enum job_state		 state;
	char			 txid[SCEP_TXID_MAX + 1];
	unsigned char		 snonce[SCEP_NONCE_LEN];
	gnutls_datum_t		 csr;
	gnutls_x509_crt_t	 transient;	/* signs until we have one */
	gnutls_x509_crt_t	 recipient;	/* CA or RA */
	gnutls_x509_crt_t	 ca;
	gnutls_digest_algorithm_t dig;
	enum cms_cipher		 cipher;
	int			 polls, retry_count, retry_period;
	int			 accepted;	/* the CA said PENDING once */
	gnutls_x509_privkey_t	 newkey;	/* auto-enroll regenerate: the
						 * pair the request carries */
	time_t			 next_poll;	/* for show crypto pki timers */
	struct event		*timer;
	TAILQ_ENTRY(scep_job)	 entry;
};

static TAILQ_HEAD(, scep_job)	 scep_jobs = TAILQ_HEAD_INITIALIZER(scep_jobs);
static unsigned int		 scep_next_id = 1;

/* `enrollment url` to the script's URL: IOS adds /cgi-bin/pkiclient.exe
 * when the URL names no path; a path is the script's location. */
char *
scep_script_url(const char *url)
{
	const char	*p = strstr(url, "://");
	char		*s;
	size_t		 n = strlen(url);

	p = p != NULL ? strchr(p + 3, '/') : NULL;
	if (p != NULL && p[1] != '\0')
		return xstrdup(url);
	if (n > 0 && url[n - 1] == '/')
		n--;
	xasprintf(&s, "%.*s%s", (int)n, url, SCEP_PATH_DEFAULT);
	return s;
}

static char *
scep_op_url(const char *script, const char *op, const char *message)
{
	char	*s;

	xasprintf(&s, "%s?operation=%s&message=%s", script, op,
	    message != NULL ? message : "");
	return s;
}

static struct scep_job *
job_find(unsigned int id)
{
	struct scep_job	*j;

	TAILQ_FOREACH(j, &scep_jobs, entry)
		if (j->id == id)
			return j;
	return NULL;
}

static struct scep_job *
job_of_tp(const char *tp)
{
	struct scep_job	*j;

	TAILQ_FOREACH(j, &scep_jobs, entry)
		if (strcmp(j->tp, tp) == 0)
			return j;
	return NULL;
}

static void
job_free(struct scep_job *j)
{
	TAILQ_REMOVE(&scep_jobs, j, entry);
	if (j->timer != NULL)
		event_free(j->timer);
	if (j->transient != NULL)
		gnutls_x509_crt_deinit(j->transient);
	if (j->recipient != NULL)
		gnutls_x509_crt_deinit(j->recipient);
	if (j->ca != NULL)
		gnutls_x509_crt_deinit(j->ca);
	gnutls_free(j->csr.data);
	if (j->newkey != NULL)
		gnutls_x509_privkey_deinit(j->newkey);
	free(j->tp);
	free(j->url);
	free(j);
}

/* The key the request carries: a regenerated pair, else the
 * trustpoint's. */
static gnutls_x509_privkey_t
job_key(struct scep_job *j)
{
	struct pki_key	*k;
	struct tp_conf	 c;

	if (j->newkey != NULL)
		return j->newkey;
	if (tp_conf_read(j->tp, &c) != 0 || (k = tp_key(&c)) == NULL)
		return NULL;
	return k->sign;
}

void
scep_enroll_cancel(const char *tp)
{
	struct scep_job	*j;

	while ((j = job_of_tp(tp)) != NULL)
		job_free(j);
}

/* The request gave up: IOS's message (CERTFAIL's text is inferred: no
 * capture of a SCEP enrollment that ran out of retries was found). */
static void
job_fail(struct scep_job *j, const char *why)
{
	log_msg("%%PKI-6-CERTFAIL: Certificate enrollment failed for "
	    "trustpoint %s: %s.", j->tp, why);
	pending_clear(j->tp);
	job_free(j);
}

static void	job_step(struct scep_job *);
static void	job_fetched(void *, unsigned char *, size_t);

static int
job_get(struct scep_job *j, const char *op, const char *message)
{
	char	*url = scep_op_url(j->url, op, message);
	int	 rc;

	rc = rev_fetch_start(url, NULL, 0, NULL, job_fetched,
	    (void *)(uintptr_t)j->id);
	free(url);
	return rc;
}

static void
job_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct scep_job	*j = job_find((unsigned int)(uintptr_t)arg);

	if (j != NULL)
		job_step(j);
}

/* PENDING, or the CA could not be reached: again after retry period. */
static void
job_retry(struct scep_job *j)
{
	struct timeval	 tv;

	if (++j->polls > j->retry_count) {
		job_fail(j, "the CA did not grant the request in time");
		return;
	}
	j->state = j->recipient != NULL ? JOB_WAIT : JOB_CAPS;
	tv.tv_sec = j->retry_period * 60;
	tv.tv_usec = 0;
	j->next_poll = router_clock_now() + tv.tv_sec;
	if (j->timer == NULL)
		j->timer = evtimer_new(evloop_base(), job_timer_cb,
		    (void *)(uintptr_t)j->id);
	evtimer_add(j->timer, &tv);
}

/* GetCACaps: the strongest digest and cipher offered; none listed means
 * the original SCEP's MD5 and DES. */
static void
job_caps(struct scep_job *j, const char *caps)
{
	j->dig = GNUTLS_DIG_MD5;
	j->cipher = CMS_DES;
	if (caps == NULL)
		return;
	if (strcasestr(caps, "SHA-256") != NULL)
		j->dig = GNUTLS_DIG_SHA256;
	else if (strcasestr(caps, "SHA-1") != NULL)
		j->dig = GNUTLS_DIG_SHA1;
	if (strcasestr(caps, "AES") != NULL)
		j->cipher = CMS_AES128;
	else if (strcasestr(caps, "DES3") != NULL)
		j->cipher = CMS_3DES;
}

/* The CA answered with the CA (one DER certificate) or the CA and its RA
 * (certs-only PKCS#7): the CA must be the one authenticated. */
static int
job_cacert(struct scep_job *j, const unsigned char *body, size_t len)
{
	gnutls_x509_crt_t	 got[CMS_MAX_CERTS];
	struct tp_certs		 tc;
	unsigned int		 n, i, k;
	int			 ret = -1;

	n = scep_parse_cacert(body, len, got, CMS_MAX_CERTS);
	tp_certs_load(j->tp, &tc);
	for (i = 0; i < n && j->ca == NULL; i++)
		for (k = 0; k < tc.ncas; k++)
			if (j->ca == NULL &&
			    gnutls_x509_crt_equals(got[i], tc.cas[k]))
				j->ca = scep_crt_dup(got[i]);
	for (i = 0; i < n && j->ca != NULL; i++) {
		if (j->recipient == NULL && !cert_is_ca(got[i]) &&
		    cert_signed_by(got[i], j->ca)) {
			j->recipient = got[i];	/* the RA */
			got[i] = NULL;
		}
	}
	if (j->ca != NULL && j->recipient == NULL)
		j->recipient = scep_crt_dup(j->ca);
	if (j->ca != NULL)
		ret = 0;
	for (i = 0; i < n; i++)
		if (got[i] != NULL)
			gnutls_x509_crt_deinit(got[i]);
	tp_certs_free(&tc);
	return ret;
}

/* PKCSReq the first time, CertPoll after a PENDING. */
static int
job_send(struct scep_job *j)
{
	struct scep_msg	 m;
	gnutls_x509_privkey_t key;
	gnutls_datum_t	 der = { NULL, 0 }, issuer = { NULL, 0 };
	gnutls_datum_t	 subject = { NULL, 0 }, ias = { NULL, 0 };
	char		*b64;
	int		 rc = -1;

	if ((key = job_key(j)) == NULL)
		return -1;
	memset(&m, 0, sizeof m);
	m.status = m.fail = -1;
	m.type = j->accepted ? SCEP_CERTPOLL : SCEP_PKCSREQ;
	strcpy(m.txid, j->txid);
	gnutls_rnd(GNUTLS_RND_NONCE, j->snonce, sizeof j->snonce);
	memcpy(m.snonce, j->snonce, sizeof m.snonce);
	m.has_snonce = 1;
	m.dig = j->dig;
	m.cipher = j->cipher;
	if (m.type == SCEP_PKCSREQ)
		m.inner = j->csr;
	else {
		if (gnutls_x509_crt_get_raw_dn(j->ca, &issuer) < 0 ||
		    gnutls_x509_crt_get_raw_dn(j->transient, &subject) < 0 ||
		    cms_issuer_and_subject(&issuer, &subject, &ias) != 0)
			goto out;
		m.inner = ias;
	}
	if (scep_msg_build(&m, j->transient, key, j->recipient,
	    &der) != 0 || (b64 = scep_b64_url(&der)) == NULL)
		goto out;
	rc = job_get(j, "PKIOperation", b64);
	free(b64);
out:
	gnutls_free(der.data);
	gnutls_free(issuer.data);
	gnutls_free(subject.data);
	gnutls_free(ias.data);
	return rc;
}

/* The certificate issued: ours (our key), signed by the CA. */
static int
job_install(struct scep_job *j, const gnutls_datum_t *certs)
{
	gnutls_x509_crt_t	 got[CMS_MAX_CERTS];
	gnutls_x509_privkey_t	 key;
	gnutls_datum_t		 der = { NULL, 0 };
	struct tp_conf		 c;
	unsigned int		 n, i;
	char			*err = NULL, *label;
	int			 ret = -1;

	if ((key = job_key(j)) == NULL || tp_conf_read(j->tp, &c) != 0)
		return -1;
	n = cms_certs_only(certs->data, certs->size, got, CMS_MAX_CERTS);
	for (i = 0; i < n && ret != 0; i++) {
		if (!cert_matches_key(got[i], key) ||
		    !cert_signed_by(got[i], j->ca) ||
		    gnutls_x509_crt_export2(got[i], GNUTLS_X509_FMT_DER,
		    &der) < 0)
			continue;
		/* A regenerated pair replaces the old one with its
		 * certificate, not before. */
		if (j->newkey != NULL) {
			label = tp_key_label(&c);
			if (keystore_add(label, j->newkey, 0, &err) != 0) {
				free(label);
				j->newkey = NULL;
				gnutls_free(der.data);
				break;
			}
			free(label);
			j->newkey = NULL;
		}
		ret = chain_store(j->tp, CERT_ROUTER, der.data, der.size, &err);
		gnutls_free(der.data);
		free(err);
		err = NULL;
	}
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(got[i]);
	return ret;
}

/* A CertRep: signed by the CA or its RA, for this transaction, answering
 * this nonce. */
static void
job_reply(struct scep_job *j, const unsigned char *body, size_t len)
{
	struct scep_msg	 m;
	gnutls_x509_privkey_t key;
	const char	*why;
	int		 fail;

	if ((key = job_key(j)) == NULL) {
		job_fail(j, "the trustpoint or its key is gone");
		return;
	}
	if (scep_msg_parse(body, len, key, &m, &why, &fail) != 0) {
		log_msg("%%PKI-3-CERTREP: Bad reply from the CA for "
		    "trustpoint %s: %s.", j->tp, why);
		job_retry(j);
		return;
	}
	if (m.type != SCEP_CERTREP || strcmp(m.txid, j->txid) != 0 ||
	    !m.has_rnonce || memcmp(m.rnonce, j->snonce, SCEP_NONCE_LEN) != 0 ||
	    (!gnutls_x509_crt_equals(m.signer, j->ca) &&
	    !cert_signed_by(m.signer, j->ca))) {
		log_msg("%%PKI-3-CERTREP: Bad reply from the CA for "
		    "trustpoint %s: not an answer to this request.", j->tp);
		scep_msg_free(&m);
		job_retry(j);
		return;
	}
	switch (m.status) {
	case SCEP_SUCCESS:
		if (job_install(j, &m.inner) == 0) {
			log_msg("%%PKI-6-CERTRET: Certificate received from "
			    "Certificate Authority");
			pending_clear(j->tp);
			job_free(j);
		} else
			job_fail(j, "the certificate received does not match "
			    "the request");
		break;
	case SCEP_PENDING:
		j->accepted = 1;
		job_retry(j);
		break;
	default:
		log_msg("%%PKI-6-CERTREJECT: Certificate enrollment request "
		    "was rejected by Certificate Authority");
		debug_msg("CRYPTO_PKI: status = FAILURE, failInfo %s",
		    scep_fail_name(m.fail));
		pending_clear(j->tp);
		job_free(j);
		break;
	}
	scep_msg_free(&m);
}

static void
job_fetched(void *arg, unsigned char *body, size_t len)
{
	struct scep_job	*j = job_find((unsigned int)(uintptr_t)arg);
	char		*caps;

	if (j == NULL) {
		free(body);
		return;
	}
	switch (j->state) {
	case JOB_CAPS:
		caps = body != NULL ? xstrndup((char *)body, len) : NULL;
		job_caps(j, caps);
		free(caps);
		j->state = JOB_CACERT;
		if (job_get(j, "GetCACert", j->tp) != 0)
			goto unreachable;
		break;
	case JOB_CACERT:
		if (body == NULL)
			goto unreachable;
		if (job_cacert(j, body, len) != 0) {
			job_fail(j, "the CA certificate is not the one "
			    "authenticated");
			break;
		}
		job_step(j);
		break;
	case JOB_REQUEST:
		if (body == NULL)
			goto unreachable;
		job_reply(j, body, len);
		break;
	case JOB_WAIT:
		break;
	}
	free(body);
	return;
unreachable:
	free(body);
	log_msg("%%PKI-3-SOCKETSEND: Failed to send out message to CA "
	    "server.");
	job_retry(j);
}

/* Starts (or goes on with) the exchange. */
static void
job_step(struct scep_job *j)
{
	switch (j->state) {
	case JOB_CAPS:
		if (job_get(j, "GetCACaps", j->tp) == 0)
			return;
		break;
	case JOB_CACERT:
	case JOB_WAIT:
	case JOB_REQUEST:
		j->state = JOB_REQUEST;
		if (job_send(j) == 0)
			return;
		break;
	}
	log_msg("%%PKI-3-SOCKETSEND: Failed to send out message to CA "
	    "server.");
	job_retry(j);
}

int
scep_enroll_start(const char *tp, const gnutls_datum_t *csr, char **err)
{
	return scep_enroll_start_key(tp, csr, NULL, err);
}

int
scep_enroll_start_key(const char *tp, const gnutls_datum_t *csr,
    gnutls_x509_privkey_t newkey, char **err)
{
	struct scep_job		*j;
	struct tp_conf		 c;
	struct pki_key		*k;
	gnutls_x509_crq_t	 crq;

	if (tp_conf_read(tp, &c) != 0 || c.url == NULL ||
	    ((k = tp_key(&c)) == NULL && newkey == NULL)) {
		xasprintf(err, "%% Trustpoint %s cannot enroll by SCEP", tp);
		if (newkey != NULL)
			gnutls_x509_privkey_deinit(newkey);
		return -1;
	}
	scep_enroll_cancel(tp);
	j = xcalloc(1, sizeof *j);
	j->id = scep_next_id++;
	j->tp = xstrdup(tp);
	j->url = scep_script_url(c.url);
	j->retry_period = c.retry_period > 0 ? c.retry_period : 1;
	j->retry_count = c.retry_count > 0 ? c.retry_count :
	    SCEP_RETRY_COUNT_DEFAULT;
	j->csr.data = gnutls_malloc(csr->size);
	memcpy(j->csr.data, csr->data, csr->size);
	j->csr.size = csr->size;
	j->newkey = newkey;
	TAILQ_INSERT_TAIL(&scep_jobs, j, entry);
	if (gnutls_x509_crq_init(&crq) >= 0) {
		if (gnutls_x509_crq_import(crq, csr, GNUTLS_X509_FMT_DER) >= 0)
			j->transient = scep_transient_cert(job_key(j), crq);
		gnutls_x509_crq_deinit(crq);
	}
	if (j->transient == NULL || scep_txid(job_key(j), j->txid,
	    sizeof j->txid) != 0) {
		job_free(j);
		xasprintf(err, "%% Unable to build the enrollment request");
		return -1;
	}
	job_step(j);
	return 0;
}

/* `show crypto pki timers`: the polls waiting. */
void
scep_timers_show(struct sbuf *sb)
{
	struct scep_job	*j;
	time_t		 now = router_clock_now(), left;

	TAILQ_FOREACH(j, &scep_jobs, entry) {
		if (j->state != JOB_WAIT || j->next_poll == 0)
			continue;
		left = j->next_poll > now ? j->next_poll - now : 0;
		sbuf_printf(sb, "|  %7ld:%02ld.000  POLL %s\n",
		    (long)left / 60, (long)left % 60, j->tp);
	}
}

int
scep_enroll_in_progress(const char *tp)
{
	return job_of_tp(tp) != NULL;
}

/* CRLs for `revocation-check crl`: fetched over HTTP from a certificate's
 * CRL Distribution Point without blocking (rev_fetch.c), kept in memory
 * until their nextUpdate (a failed fetch for CRL_NEGATIVE_LIFE, so a
 * verification waiting for it ends), and trusted only when the CA's
 * signature on them verifies. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "pki_int.h"
#include "xmalloc.h"

#define CRL_CACHE_MAX		32
#define CRL_DEFAULT_LIFE	3600		/* without nextUpdate */
#define CRL_NEGATIVE_LIFE	10		/* a fetch that failed */

struct crl_entry {
	char			*url;
	unsigned char		*der;		/* NULL: fetch failed */
	size_t			 len;
	time_t			 expires;	/* system time */
	int			 fetching;
};
static struct crl_entry	 crl_cache[CRL_CACHE_MAX];

static gnutls_x509_crl_t
crl_parse(const unsigned char *data, size_t len)
{
	gnutls_x509_crl_t	 crl;
	gnutls_datum_t		 d;

	if (gnutls_x509_crl_init(&crl) < 0)
		return NULL;
	d.data = (unsigned char *)data;
	d.size = len;
	if (gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_DER) < 0 &&
	    gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_crl_deinit(crl);
		return NULL;
	}
	return crl;
}

static void
crl_fetched(void *arg, unsigned char *der, size_t len)
{
	struct crl_entry	*e = arg;
	gnutls_x509_crl_t	 crl;
	time_t			 next;

	e->fetching = 0;
	e->expires = time(NULL) + CRL_NEGATIVE_LIFE;
	if (der == NULL || (crl = crl_parse(der, len)) == NULL) {
		free(der);
		return;
	}
	next = gnutls_x509_crl_get_next_update(crl);
	gnutls_x509_crl_deinit(crl);
	e->der = der;
	e->len = len;
	e->expires = time(NULL) + (next > router_clock_now() ?
	    next - router_clock_now() : CRL_DEFAULT_LIFE);
}

/* The cached CRL of url, or NULL: a fetch is started (the verification
 * running is told to wait) unless one runs or failed a moment ago. */
static struct crl_entry *
crl_cache_get(const char *url)
{
	struct crl_entry	*e, *slot = NULL;
	size_t			 i;

	for (i = 0; i < CRL_CACHE_MAX; i++) {
		e = &crl_cache[i];
		if (e->url != NULL && strcmp(e->url, url) == 0) {
			if (e->fetching) {
				rev_note_missing();
				return NULL;
			}
			if (e->expires > time(NULL))
				return e->der != NULL ? e : NULL;
			slot = e;
			break;
		}
		if (!e->fetching && (slot == NULL || e->url == NULL ||
		    (slot->url != NULL && e->expires < slot->expires)))
			slot = e;
	}
	if (slot == NULL)
		return NULL;
	free(slot->url);
	free(slot->der);
	memset(slot, 0, sizeof *slot);
	slot->url = xstrdup(url);
	slot->expires = time(NULL) + CRL_NEGATIVE_LIFE;
	slot->fetching = 1;
	/* Nothing could be sent (no address, egress refused): nothing to
	 * wait for, and nothing kept. */
	if (rev_fetch_start(url, NULL, 0, NULL, crl_fetched, slot) != 0) {
		free(slot->url);
		memset(slot, 0, sizeof *slot);
		return NULL;
	}
	rev_note_missing();
	return NULL;
}

/* A CRL counts only when one of the CA certificates signed it. */
int
crl_signed(gnutls_x509_crl_t crl, const gnutls_x509_crt_t *cas,
    unsigned int ncas)
{
	unsigned int	 status = 0;

	return gnutls_x509_crl_verify(crl, cas, ncas,
	    GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5,
	    &status) == 0 && status == 0;
}

unsigned int
crl_collect(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas,
    gnutls_x509_crl_t *out, unsigned int max)
{
	struct crl_entry	*e;
	gnutls_x509_crl_t	 crl;
	char			 url[1024];
	size_t			 sz;
	unsigned int		 i, k, reasons, crit, nout = 0;
	int			 type;

	for (i = 0; i < n && nout < max; i++) {
		for (k = 0; k < 4 && nout < max; k++) {
			sz = sizeof url - 1;
			type = gnutls_x509_crt_get_crl_dist_points(chain[i], k,
			    url, &sz, &reasons, &crit);
			if (type < 0)
				break;
			if (type != GNUTLS_SAN_URI)
				continue;
			url[sz] = '\0';
			if ((e = crl_cache_get(url)) == NULL ||
			    (crl = crl_parse(e->der, e->len)) == NULL)
				continue;
			if (crl_signed(crl, cas, ncas))
				out[nout++] = crl;
			else
				gnutls_x509_crl_deinit(crl);
		}
	}
	return nout;
}

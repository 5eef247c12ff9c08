/*
 * `auto-enroll [PERCENT] [regenerate]` on a trustpoint with `enrollment
 * url`: once a minute (router clock), a trustpoint whose certificate has
 * lived PERCENT of its validity (80 by default), or that has its CA but
 * no certificate yet, enrolls again over SCEP with the answers its
 * configuration gives (subject-name, fqdn, serial-number, ip-address,
 * password as the challenge). With `regenerate` the request carries a new
 * key pair, which replaces the old one only when its certificate arrives.
 */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "clock.h"
#include "confdb.h"
#include "evloop.h"
#include "log.h"
#include "pki_cmd.h"
#include "router_id.h"
#include "scep_client.h"
#include "type7.h"
#include "xmalloc.h"

#define RENEW_TICK	60	/* seconds */

static struct event	*renew_ev;

/* When the trustpoint's certificate is due (0: now, no certificate). */
static time_t
renew_due(const struct tp_conf *c, const struct tp_certs *tc)
{
	time_t	 start, end;

	if (tc->router == NULL)
		return 0;
	start = gnutls_x509_crt_get_activation_time(tc->router);
	end = gnutls_x509_crt_get_expiration_time(tc->router);
	return start + (end - start) / 100 * c->auto_enroll;
}

static char *
renew_name(const struct tp_conf *c)
{
	if (c->fqdn != NULL)
		return strcmp(c->fqdn, "none") == 0 ? NULL : xstrdup(c->fqdn);
	return tp_default_key_label();
}

/* The request from the configuration alone, no one being asked. */
static void
renew_start(const struct tp_conf *c)
{
	struct csr_params	 p;
	struct pki_key		*k = tp_key(c);
	gnutls_x509_privkey_t	 newkey = NULL, key;
	gnutls_datum_t		 der = { NULL, 0 };
	struct in_addr		 a;
	char			*name, *chal = NULL, *err = NULL;
	unsigned int		 bits;

	bits = c->key_size > 0 ? (unsigned)c->key_size : k != NULL ?
	    keystore_bits(k->sign) : 1024;
	if (k == NULL || c->auto_regenerate) {
		if ((newkey = keystore_rsa_generate(bits)) == NULL)
			return;
		key = newkey;
	} else
		key = k->sign;
	memset(&p, 0, sizeof p);
	p.subject = c->subject;
	p.unstructured_name = name = renew_name(c);
	p.serial = c->serial == 1 ? router_serial_number() : NULL;
	if (c->ip != NULL && inet_pton(AF_INET, c->ip, &a) == 1)
		p.ip = c->ip;
	if (c->password_enc != NULL)
		p.challenge = chal = password7_decode(c->password_enc);
	if (csr_build(key, &p, &der, &err) == 0) {
		/* Not captured; IOS's renewal message as its guides name it. */
		log_msg("%%PKI-6-CERTRENEWAUTO: Renewing the router certificate "
		    "for trustpoint %s", c->name);
		pending_set(c->name, name != NULL ? name : "", &der);
		if (scep_enroll_start_key(c->name, &der, newkey, &err) != 0)
			pending_clear(c->name);
		newkey = NULL;		/* the exchange owns it now */
	}
	if (newkey != NULL)
		gnutls_x509_privkey_deinit(newkey);
	gnutls_free(der.data);
	free(err);
	free(name);
	free(chal);
}

static void
renew_tick(evutil_socket_t fd, short what, void *arg)
{
	struct confnode	*n;
	struct tp_conf	 c;
	struct tp_certs	 tc;
	time_t		 now = router_clock_now();
	int		 due;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (confdb_word(n, 2) == NULL || strcmp(confdb_word(n, 0),
		    "crypto") != 0 || strcmp(confdb_word(n, 2), "trustpoint") != 0 ||
		    tp_conf_read(confdb_word(n, 3), &c) != 0)
			continue;
		if (c.url == NULL || c.auto_enroll <= 0 ||
		    scep_enroll_in_progress(c.name))
			continue;
		tp_certs_load(c.name, &tc);
		due = tc.ncas > 0 && now >= renew_due(&c, &tc);
		tp_certs_free(&tc);
		if (due)
			renew_start(&c);
	}
}

void
scep_renew_start(void)
{
	struct timeval	 tv = { RENEW_TICK, 0 };

	if (renew_ev != NULL)
		return;
	renew_ev = event_new(evloop_base(), -1, EV_PERSIST, renew_tick, NULL);
	event_add(renew_ev, &tv);
}

/* `show crypto pki timers`: each auto-enroll trustpoint's renewal. */
void
scep_renew_timers_show(struct sbuf *sb)
{
	struct confnode	*n;
	struct tp_conf	 c;
	struct tp_certs	 tc;
	time_t		 now = router_clock_now(), due;
	long		 left;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (confdb_word(n, 2) == NULL || strcmp(confdb_word(n, 0),
		    "crypto") != 0 || strcmp(confdb_word(n, 2), "trustpoint") != 0 ||
		    tp_conf_read(confdb_word(n, 3), &c) != 0 || c.url == NULL ||
		    c.auto_enroll <= 0)
			continue;
		tp_certs_load(c.name, &tc);
		due = tc.router != NULL ? renew_due(&c, &tc) : now;
		tp_certs_free(&tc);
		left = due > now ? (long)(due - now) : 0;
		sbuf_printf(sb, "|  %4ldd%02ld:%02ld:%02ld.000  RENEW %s\n",
		    left / 86400, left / 3600 % 24, left / 60 % 60, left % 60,
		    c.name);
	}
}

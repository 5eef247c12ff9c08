/* Digest authentication of REGISTER and INVITE (calls.md §4.2): the
 * header IOS writes (`Digest username="U",realm="R",uri="…",
 * response="…",nonce="…",cnonce="8 HEX",qop=auth,algorithm=MD5,
 * nc=00000001`, no spaces after commas), nc counting per nonce. One
 * deviation: `uri=` is the Request-URI as RFC 3261 §22.4 asks, not IOS's
 * next-hop `sip:<proxy-ip>` quirk, which registrars that check the uri
 * (Kamailio with its defaults) would refuse. MD5 comes from GnuTLS. */
#include <gnutls/crypto.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "sipua_int.h"
#include "stack.h"

static char		 last_nonce[128];
static unsigned		 nonce_count;

static void
md5_hex(const char *s, char out[33])
{
	unsigned char	d[16];
	int		i;

	gnutls_hash_fast(GNUTLS_DIG_MD5, s, strlen(s), d);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void
auth_digest(const char *user, const char *realm, const char *pass,
    const char *method, const char *uri, const char *nonce, const char *nc,
    const char *cnonce, const char *qop, char out[33])
{
	char	ha1[33], ha2[33], buf[1024];

	snprintf(buf, sizeof buf, "%s:%s:%s", user, realm, pass);
	md5_hex(buf, ha1);
	snprintf(buf, sizeof buf, "%s:%s", method, uri);
	md5_hex(buf, ha2);
	if (qop != NULL)
		snprintf(buf, sizeof buf, "%s:%s:%s:%s:%s:%s", ha1, nonce, nc,
		    cnonce, qop, ha2);
	else
		snprintf(buf, sizeof buf, "%s:%s:%s", ha1, nonce, ha2);
	md5_hex(buf, out);
}

/* "abc" -> abc, in a buffer. */
static const char *
unquote(const char *s, char *buf, size_t len)
{
	size_t	n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		snprintf(buf, len, "%.*s", (int)(n - 2), s + 1);
		return buf;
	}
	snprintf(buf, len, "%s", s);
	return buf;
}

/* A request resent after a second challenge carries one answer. */
static void
auth_drop_old(osip_message_t *req, const char *name)
{
	osip_header_t	*h;
	int		 pos;

	while ((pos = osip_message_header_get_byname(req, name, 0, &h)) >= 0) {
		osip_list_remove(&req->headers, pos);
		osip_header_free(h);
	}
}

int
auth_answer(osip_message_t *resp, osip_message_t *req)
{
	osip_www_authenticate_t	*wa = NULL;
	char			 realm[128], nonce[128], opaque[128], qopb[64];
	char			 uri[256], *uristr, cnonce[9], nc[9], digest[33];
	char			 hdr[1024];
	const char		*qop = NULL, *op;
	int			 proxy = resp->status_code == 407;

	if (sipua_conf.auth_user == NULL || sipua_conf.auth_pass == NULL)
		return -1;
	if (proxy)
		osip_message_get_proxy_authenticate(resp, 0, &wa);
	else
		osip_message_get_www_authenticate(resp, 0, &wa);
	if (wa == NULL || wa->auth_type == NULL ||
	    strcasecmp(wa->auth_type, "Digest") != 0 || wa->nonce == NULL ||
	    (wa->algorithm != NULL && strcasecmp(wa->algorithm, "MD5") != 0))
		return -1;
	unquote(wa->realm != NULL ? wa->realm : "\"\"", realm, sizeof realm);
	if (sipua_conf.auth_realm != NULL &&
	    strcmp(sipua_conf.auth_realm, realm) != 0)
		return -1;
	unquote(wa->nonce, nonce, sizeof nonce);
	if (wa->qop_options != NULL &&
	    strstr(unquote(wa->qop_options, qopb, sizeof qopb), "auth") != NULL)
		qop = "auth";
	if (strcmp(nonce, last_nonce) != 0) {
		snprintf(last_nonce, sizeof last_nonce, "%s", nonce);
		nonce_count = 0;
	}
	snprintf(nc, sizeof nc, "%08x", ++nonce_count);
	stack_random_hex(cnonce, 8);
	if (osip_uri_to_str(req->req_uri, &uristr) != 0)
		return -1;
	snprintf(uri, sizeof uri, "%s", uristr);
	osip_free(uristr);
	auth_digest(sipua_conf.auth_user, realm, sipua_conf.auth_pass,
	    req->sip_method, uri, nonce, nc, cnonce, qop, digest);
	op = wa->opaque != NULL ? unquote(wa->opaque, opaque, sizeof opaque) :
	    NULL;
	snprintf(hdr, sizeof hdr, "Digest username=\"%s\",realm=\"%s\","
	    "uri=\"%s\",response=\"%s\",nonce=\"%s\"%s%s%s",
	    sipua_conf.auth_user, realm, uri, digest, nonce,
	    op != NULL ? ",opaque=\"" : "", op != NULL ? op : "",
	    op != NULL ? "\"" : "");
	if (qop != NULL)
		snprintf(hdr + strlen(hdr), sizeof hdr - strlen(hdr),
		    ",cnonce=\"%s\",qop=auth,algorithm=MD5,nc=%s", cnonce, nc);
	else
		snprintf(hdr + strlen(hdr), sizeof hdr - strlen(hdr),
		    ",algorithm=MD5");
	auth_drop_old(req, proxy ? "proxy-authorization" : "authorization");
	osip_message_set_header(req, proxy ? "Proxy-Authorization" :
	    "Authorization", hdr);
	return 0;
}

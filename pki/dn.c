/* Names and dates as IOS prints them in `show crypto pki ...`: lower-case
 * attribute names (cn=, o=, hostname=, ipaddress=), the most specific RDN
 * first, multi-valued RDNs joined with '+'; "HH:MM:SS UTC Mon D YYYY". */
#include <stdlib.h>
#include <string.h>

#include "pki_int.h"
#include "xmalloc.h"

static const struct {
	const char	*oid;
	const char	*name;
} dn_names[] = {
	{ "2.5.4.3", "cn" },
	{ "2.5.4.6", "c" },
	{ "2.5.4.7", "l" },
	{ "2.5.4.8", "st" },
	{ "2.5.4.10", "o" },
	{ "2.5.4.11", "ou" },
	{ "2.5.4.5", "serialNumber" },
	{ "1.2.840.113549.1.9.1", "ea" },
	{ "1.2.840.113549.1.9.2", "hostname" },
	{ "1.2.840.113549.1.9.8", "ipaddress" },
	{ "0.9.2342.19200300.100.1.25", "dc" },
};

/* GnuTLS counts the NUL in an AVA's OID datum. */
static int
dn_oid_eq(const gnutls_datum_t *d, const char *oid)
{
	size_t	 n = d->size;

	if (n > 0 && d->data[n - 1] == '\0')
		n--;
	return strlen(oid) == n && memcmp(oid, d->data, n) == 0;
}

static void
dn_ava_format(const gnutls_x509_ava_st *ava, struct sbuf *out)
{
	size_t	 i;

	for (i = 0; i < sizeof dn_names / sizeof dn_names[0]; i++) {
		if (dn_oid_eq(&ava->oid, dn_names[i].oid))
			break;
	}
	if (i < sizeof dn_names / sizeof dn_names[0])
		sbuf_puts(out, dn_names[i].name);
	else
		sbuf_puts(out, (const char *)ava->oid.data);
	sbuf_putc(out, '=');
	sbuf_add(out, (const char *)ava->value.data, ava->value.size);
}

static int
dn_rdn_count(gnutls_x509_dn_t dn)
{
	gnutls_x509_ava_st	 ava;
	int			 n = 0;

	while (gnutls_x509_dn_get_rdn_ava(dn, n, 0, &ava) == 0)
		n++;
	return n;
}

/* The RDNs most specific first, each as IOS writes it, separated by sep
 * (after which indent follows). */
static void
dn_ios_render(gnutls_x509_dn_t dn, const char *sep, const char *indent,
    struct sbuf *out)
{
	gnutls_x509_ava_st	 ava;
	int			 irdn, iava;

	for (irdn = dn_rdn_count(dn) - 1; irdn >= 0; irdn--) {
		for (iava = 0; gnutls_x509_dn_get_rdn_ava(dn, irdn, iava,
		    &ava) == 0; iava++) {
			if (iava > 0)
				sbuf_putc(out, '+');
			dn_ava_format(&ava, out);
		}
		if (irdn > 0) {
			sbuf_puts(out, sep);
			sbuf_puts(out, indent);
		}
	}
}

void
dn_ios_format(gnutls_x509_dn_t dn, struct sbuf *out)
{
	dn_ios_render(dn, ",", "", out);
}

/* `show crypto pki certificates` puts each RDN on a line of its own
 * (cn=Cisco Licensing Root CA / o=Cisco in the captures); every line
 * starts with indent, the last ends with a newline. */
void
dn_ios_lines(gnutls_x509_dn_t dn, const char *indent, struct sbuf *out)
{
	sbuf_puts(out, indent);
	dn_ios_render(dn, "\n", indent, out);
	sbuf_putc(out, '\n');
}

char *
dn_attr(gnutls_x509_crt_t crt, const char *oid)
{
	gnutls_x509_dn_t	 dn;
	gnutls_x509_ava_st	 ava;
	int			 irdn, iava;

	if (gnutls_x509_crt_get_subject(crt, &dn) < 0)
		return NULL;
	for (irdn = 0; gnutls_x509_dn_get_rdn_ava(dn, irdn, 0, &ava) == 0;
	    irdn++) {
		for (iava = 0; gnutls_x509_dn_get_rdn_ava(dn, irdn, iava,
		    &ava) == 0; iava++) {
			if (dn_oid_eq(&ava.oid, oid))
				return xstrndup((const char *)ava.value.data,
				    ava.value.size);
		}
	}
	return NULL;
}

void
ios_time(time_t t, struct sbuf *out)
{
	struct tm	 tm;
	char		 buf[64];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%H:%M:%S UTC %b %-d %Y", &tm);
	sbuf_puts(out, buf);
}

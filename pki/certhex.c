/* Certificate hex as IOS keeps it in running-config (`certificate ca 01`
 * blocks) and shows it (Key Data, fingerprints): parsing typed hex back to
 * DER and rendering DER in groups of 8 digits. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki_int.h"
#include "xmalloc.h"

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Blanks between groups and at line ends are free; anything else that is
 * not a hex digit, or an odd digit count, is refused. */
int
certhex_parse(const char *text, unsigned char **der, size_t *len, char **err)
{
	unsigned char	*out;
	size_t		 n = 0;
	int		 v, hi = -1;

	out = xmalloc(strlen(text) / 2 + 1);
	for (; *text != '\0'; text++) {
		if (isspace((unsigned char)*text))
			continue;
		if ((v = hex_value((unsigned char)*text)) < 0) {
			free(out);
			xasprintf(err, "%% Invalid hex character '%c'", *text);
			return -1;
		}
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0 || n == 0) {
		free(out);
		xasprintf(err, n == 0 ? "%% No certificate data" :
		    "%% Odd number of hex digits");
		return -1;
	}
	*der = out;
	*len = n;
	return 0;
}

void
certhex_render(const unsigned char *der, size_t len, const char *indent,
    struct sbuf *out)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (i % 32 == 0)
			sbuf_puts(out, indent);
		sbuf_printf(out, "%02X", der[i]);
		if (i + 1 == len)
			sbuf_putc(out, '\n');
		else if (i % 32 == 31)
			sbuf_puts(out, " \n");
		else if (i % 4 == 3)
			sbuf_putc(out, ' ');
	}
}

void
hex_groups(const unsigned char *p, size_t len, struct sbuf *out)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		sbuf_printf(out, "%02X", p[i]);
		if (i % 4 == 3 || i + 1 == len)
			sbuf_putc(out, ' ');
	}
}

char *
cert_serial_hex(gnutls_x509_crt_t crt)
{
	unsigned char	 buf[64];
	size_t		 n = sizeof buf, i = 0, j;
	char		*s;

	if (gnutls_x509_crt_get_serial(crt, buf, &n) < 0 || n == 0)
		return xstrdup("00");
	while (i + 1 < n && buf[i] == 0)
		i++;
	s = xmalloc((n - i) * 2 + 1);
	for (j = 0; i < n; i++, j += 2)
		snprintf(s + j, 3, "%02X", buf[i]);
	return s;
}

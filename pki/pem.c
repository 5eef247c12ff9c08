/* PEM and base64 as typed at and printed to the terminal (the legacy
 * encrypted private key is pem_legacy.c's). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "pki_int.h"
#include "xmalloc.h"

void
pem_encode(const char *title, const unsigned char *der, size_t len,
    struct sbuf *out)
{
	gnutls_datum_t	 in, b64;
	unsigned int	 i;

	in.data = (unsigned char *)der;
	in.size = len;
	if (gnutls_base64_encode2(&in, &b64) < 0)
		return;
	if (title != NULL)
		sbuf_printf(out, "-----BEGIN %s-----\n", title);
	for (i = 0; i < b64.size; i += 64) {
		sbuf_add(out, (const char *)b64.data + i,
		    b64.size - i < 64 ? b64.size - i : 64);
		sbuf_putc(out, '\n');
	}
	if (title != NULL)
		sbuf_printf(out, "-----END %s-----\n", title);
	gnutls_free(b64.data);
}

/* Takes the base64 between the first BEGIN line (if any) and its END line,
 * skipping RFC 1421 header lines ("Name: value"). */
int
pem_decode_any(const char *text, unsigned char **der, size_t *len)
{
	struct sbuf	 b64;
	gnutls_datum_t	 in, out;
	const char	*line, *eol;
	int		 in_block = 0, seen_begin = 0, ret;

	sbuf_init(&b64);
	for (line = text; *line != '\0'; line = *eol ? eol + 1 : eol) {
		if ((eol = strchr(line, '\n')) == NULL)
			eol = line + strlen(line);
		if (strncmp(line, "-----BEGIN", 10) == 0) {
			if (seen_begin)
				break;
			seen_begin = in_block = 1;
			continue;
		}
		if (strncmp(line, "-----END", 8) == 0)
			break;
		if (seen_begin && !in_block)
			continue;
		if (memchr(line, ':', eol - line) != NULL)
			continue;
		for (; line < eol; line++) {
			if (!isspace((unsigned char)*line))
				sbuf_putc(&b64, *line);
		}
	}
	in.data = (unsigned char *)b64.data;
	in.size = b64.len;
	if (b64.len == 0 || gnutls_base64_decode2(&in, &out) < 0 ||
	    out.size == 0) {
		sbuf_free(&b64);
		return -1;
	}
	sbuf_free(&b64);
	*der = xmalloc(out.size);
	memcpy(*der, out.data, out.size);
	*len = out.size;
	gnutls_free(out.data);
	ret = 0;
	return ret;
}


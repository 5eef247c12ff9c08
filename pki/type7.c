/* The reversible IOS "type 7" password encoding, for the trustpoint
 * `password`, which IOS always shows as `password 7 ...` (ios-reference.md
 * §5): two decimal digits of seed, then each byte XOR the xlat table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki_tp.h"
#include "sbuf.h"
#include "xmalloc.h"

static const char type7_xlat[] =
    "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
#define TYPE7_XLAT_LEN	(sizeof type7_xlat - 1)

char *
type7_encode(const char *plain)
{
	struct sbuf	 sb;
	size_t		 i, seed;

	/* IOS picks the seed at random; a seed derived from the text keeps
	 * running-config reproducible (any 0..15 decodes the same). */
	for (seed = 0, i = 0; plain[i] != '\0'; i++)
		seed += (unsigned char)plain[i];
	seed %= 16;
	sbuf_init(&sb);
	sbuf_printf(&sb, "%02zu", seed);
	for (i = 0; plain[i] != '\0'; i++)
		sbuf_printf(&sb, "%02X", (unsigned char)plain[i] ^
		    (unsigned char)type7_xlat[(seed + i) % TYPE7_XLAT_LEN]);
	return sbuf_detach(&sb);
}

char *
type7_decode(const char *enc)
{
	size_t		 n = strlen(enc), i, seed;
	unsigned int	 v;
	char		*out;

	if (n < 2 || n % 2 != 0 || sscanf(enc, "%2zu", &seed) != 1 ||
	    seed >= TYPE7_XLAT_LEN)
		return NULL;
	out = xmalloc(n / 2);
	for (i = 0; 2 + 2 * i < n; i++) {
		if (sscanf(enc + 2 + 2 * i, "%2x", &v) != 1) {
			free(out);
			return NULL;
		}
		out[i] = (char)(v ^ (unsigned char)type7_xlat[(seed + i) %
		    TYPE7_XLAT_LEN]);
	}
	out[i] = '\0';
	return out;
}

/*
 * What a user pastes for the PKI: PEM and bare base64 (certificates,
 * public keys), legacy encrypted private keys (DES-EDE3-CBC, DES-CBC) and
 * certificate hex as running-config holds it. The first byte picks the
 * decoder; the rest is the pasted text.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "fuzz_lib.h"
#include "pki_int.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	gnutls_x509_privkey_t	 key;
	unsigned char		*der;
	size_t			 len;
	char			*text, *err = NULL;

	fuzz_router_get();
	if (size == 0)
		return 0;
	text = fuzz_text(data + 1, size - 1);
	switch (data[0] % 3) {
	case 0:
		if (pem_decode_any(text, &der, &len) == 0)
			free(der);
		break;
	case 1:
		if (pem_legacy_decrypt(text, "cisco123", &key, &err) == 0)
			gnutls_x509_privkey_deinit(key);
		free(err);
		break;
	default:
		if (certhex_parse(text, &der, &len, &err) == 0)
			free(der);
		free(err);
		break;
	}
	free(text);
	return 0;
}

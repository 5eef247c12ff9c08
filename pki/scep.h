/* SCEP (RFC 8894) for the client (scep_client.c) and the certificate
 * server (cs_*.c): pkiMessages (scep_msg.c), the HTTP side of each. Private
 * to pki/. */
#ifndef VGW_SCEP_H
#define VGW_SCEP_H

#include "cms.h"

enum scep_type {
	SCEP_CERTREP = 3,
	SCEP_RENEWALREQ = 17,
	SCEP_PKCSREQ = 19,
	SCEP_CERTPOLL = 20,
	SCEP_GETCERT = 21,
	SCEP_GETCRL = 22
};
enum scep_status { SCEP_SUCCESS = 0, SCEP_FAILURE = 2, SCEP_PENDING = 3 };
enum scep_fail {
	SCEP_BADALG = 0, SCEP_BADMESSAGECHECK, SCEP_BADREQUEST, SCEP_BADTIME,
	SCEP_BADCERTID
};

#define SCEP_NONCE_LEN	16
#define SCEP_TXID_MAX	80

/*
 * One pkiMessage. To build: type, txid, the nonces, status/fail for a
 * CertRep, inner (the envelope's content; size 0: none), dig and cipher.
 * Parsed: the same, with inner opened when a key was given, and signer
 * (owned) the certificate that signed.
 */
struct scep_msg {
	int			 type;		/* enum scep_type, -1 unknown */
	int			 status;	/* -1 when absent */
	int			 fail;		/* -1 when absent */
	char			 txid[SCEP_TXID_MAX + 1];
	unsigned char		 snonce[SCEP_NONCE_LEN];
	unsigned char		 rnonce[SCEP_NONCE_LEN];
	int			 has_snonce, has_rnonce;
	gnutls_datum_t		 inner;
	gnutls_digest_algorithm_t dig;
	enum cms_cipher		 cipher;
	gnutls_x509_crt_t	 signer;
};

/* A signed pkiMessage: inner enveloped to `to` (when inner.size > 0),
 * signed by key as signer (carried). out freed with gnutls_free. */
int	 scep_msg_build(const struct scep_msg *, gnutls_x509_crt_t signer,
	    gnutls_x509_privkey_t key, gnutls_x509_crt_t to,
	    gnutls_datum_t *out);
/* Verifies the signature, reads the SCEP attributes and, with key, opens
 * the envelope. 0, or -1 with *why (static) and the failInfo to answer. */
int	 scep_msg_parse(const unsigned char *der, size_t len,
	    gnutls_x509_privkey_t key, struct scep_msg *, const char **why,
	    int *fail);
void	 scep_msg_free(struct scep_msg *);
/* A degenerate SignedData carrying certificates (a CertRep's content). */
int	 scep_certs_only(const gnutls_x509_crt_t *, unsigned int,
	    gnutls_datum_t *out);
/* The transactionID vgw uses: hex SHA-1 of the public key (RFC 8894's
 * custom). */
int	 scep_txid(gnutls_x509_privkey_t, char *out, size_t sz);
/* A transient self-signed certificate for key and subject (the request's
 * signer before it has a certificate). */
gnutls_x509_crt_t scep_transient_cert(gnutls_x509_privkey_t key,
	    gnutls_x509_crq_t subject_of);
const char *scep_fail_name(int fail);
gnutls_x509_crt_t scep_crt_dup(gnutls_x509_crt_t);

/* Base64 for GET's message= (URL-escaped) and back (spaces as '+',
 * line breaks ignored, as IOS sends %0A). */
char	*scep_b64_url(const gnutls_datum_t *);
int	 scep_b64_decode(const char *text, gnutls_datum_t *out);

#endif

/* What the files of pki/ share among themselves: the key store, the
 * certificate hex of chains, legacy PEM, requests, verification, IOS text
 * formats and the trustpoint view of the configuration. Nothing here is
 * for the rest of vgw (that is pki.h). */
#ifndef VGW_PKI_INT_H
#define VGW_PKI_INT_H

#include <sys/queue.h>
#include <stddef.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "sbuf.h"

/* The router pki_init() was given (pki_main.c). */
struct router;
extern struct router	*pki_router;

#define PKI_MODULUS_MIN		360
#define PKI_MODULUS_MAX		4096
#define PKI_MODULUS_DEFAULT	512

/* keystore.c: RSA key pairs by label, one NVRAM file each (mode 0600). */
struct pki_key {
	char			*label;
	int			 usage_keys;	/* a signature and an encryption pair */
	int			 exportable;
	time_t			 generated;	/* router clock at generation */
	long long		 stamp;		/* creation order (microseconds) */
	gnutls_x509_privkey_t	 sign;		/* general purpose, or signature */
	gnutls_x509_privkey_t	 encr;		/* usage-keys only, else NULL */
	TAILQ_ENTRY(pki_key)	 entry;
};

void		 keystore_load(void);
void		 keystore_clear(void);
struct pki_key	*keystore_find(const char *label);
struct pki_key	*keystore_first(void);
struct pki_key	*keystore_next(struct pki_key *);
/* Generates (replacing any pair of that label) and saves; 0 or -1 + *err. */
int		 keystore_generate(const char *label, unsigned int bits,
		    int usage_keys, int exportable, char **err);
/* A fresh RSA key (NULL if bits is out of range or generation failed). */
gnutls_x509_privkey_t keystore_rsa_generate(unsigned int bits);
/* Takes ownership of the keys (encr NULL: general purpose), even on
 * error (they are then freed), and saves. */
int		 keystore_install(const char *label, gnutls_x509_privkey_t sign,
		    gnutls_x509_privkey_t encr, int exportable, char **err);
/* Takes ownership of key, even on error; replaces a pair of that label
 * and saves. */
int		 keystore_add(const char *label, gnutls_x509_privkey_t key,
		    int exportable, char **err);
int		 keystore_remove(const char *label);
/* The NVRAM file name of a label ("rsa-kp1.key"); caller frees. */
char		*keystore_file_name(const char *label);
unsigned int	 keystore_bits(gnutls_x509_privkey_t);
/* DER SubjectPublicKeyInfo of a private key; caller frees data. */
int		 keystore_spki(gnutls_x509_privkey_t, gnutls_datum_t *);

/* certhex.c: the hex of `certificate` blocks in running-config. */
int		 certhex_parse(const char *text, unsigned char **der,
		    size_t *len, char **err);
/* 8 groups of 8 hex digits a line after indent, trailing blank on every
 * line but the last, as IOS renders certificates and Key Data. */
void		 certhex_render(const unsigned char *der, size_t len,
		    const char *indent, struct sbuf *out);
/* "FA3654F3 94F533B3 ..." upper case, groups of 8, trailing blank. */
void		 hex_groups(const unsigned char *p, size_t len, struct sbuf *out);
/* Serial number in upper-case hex as IOS names certificates ("66", "01"). */
char		*cert_serial_hex(gnutls_x509_crt_t);

/* pem.c: PEM/base64 in and out, legacy encrypted private keys. */
enum pem_cipher { PEM_DES_EDE3_CBC, PEM_DES_CBC };
int		 pem_legacy_encrypt(gnutls_x509_privkey_t, enum pem_cipher,
		    const char *passphrase, char **out, char **err);
int		 pem_legacy_decrypt(const char *pem, const char *passphrase,
		    gnutls_x509_privkey_t *out, char **err);
/* Base64 (with or without BEGIN/END lines, blanks ignored) to DER. */
int		 pem_decode_any(const char *text, unsigned char **der,
		    size_t *len);
/* PEM with BEGIN/END title lines, body wrapped at 64 columns; title NULL:
 * the wrapped base64 alone. */
void		 pem_encode(const char *title, const unsigned char *der,
		    size_t len, struct sbuf *out);

/* csr.c: PKCS#10 requests as IOS builds them. */
struct csr_params {
	const char	*subject;	/* `subject-name` X.500 text, or NULL */
	const char	*serial;	/* router serial number, or NULL */
	const char	*ip;		/* unstructuredAddress, or NULL */
	const char	*unstructured_name; /* host name or fqdn, or NULL */
	const char	*challenge;	/* challengePassword, or NULL */
};
int		 csr_build(gnutls_x509_privkey_t, const struct csr_params *,
		    gnutls_datum_t *der, char **err);

/* dn.c: IOS renderings of names and dates. */
void		 dn_ios_format(gnutls_x509_dn_t, struct sbuf *out);
void		 dn_ios_lines(gnutls_x509_dn_t, const char *indent,
		    struct sbuf *out);
/* Value of one attribute (by OID) of a certificate's subject; caller frees. */
char		*dn_attr(gnutls_x509_crt_t, const char *oid);
void		 ios_time(time_t, struct sbuf *out);	/* 03:08:21 UTC Sep 21 2025 */

/* verify.c: chains against CA certificates and the router clock. */
struct revcheck {
	int		 methods[3];	/* REV_* in the order configured */
	int		 nmethods;	/* 0: the IOS default, crl */
	int		 crl_optional;
	const char	*ocsp_url;	/* `ocsp url`, else the certificate's AIA */
};
enum { REV_CRL = 1, REV_NONE, REV_OCSP };
int		 verify_chain(const gnutls_x509_crt_t *chain, unsigned int n,
		    const gnutls_x509_crt_t *cas, unsigned int ncas, time_t now,
		    const struct revcheck *, gnutls_x509_crl_t *crls,
		    unsigned int ncrls, char **err);
/* Does the chain lead to one of cas by its signatures alone? */
int		 chain_signed_by(const gnutls_x509_crt_t *chain, unsigned int n,
		    const gnutls_x509_crt_t *cas, unsigned int ncas);
/* crl_fetch.c: CRLs from the chain's CRL Distribution Points (HTTP,
 * cached until nextUpdate), only those a CA in cas signed; returns how
 * many were put in out (caller deinits them). One not cached yet is
 * fetched meanwhile (rev_note_missing). */
unsigned int	 crl_collect(const gnutls_x509_crt_t *chain, unsigned int n,
		    const gnutls_x509_crt_t *cas, unsigned int ncas,
		    gnutls_x509_crl_t *out, unsigned int max);
int		 crl_signed(gnutls_x509_crl_t, const gnutls_x509_crt_t *cas,
		    unsigned int ncas);
/* rev_fetch.c: GET (body NULL) or POST over HTTP on the main loop,
 * bounded in time, egress-checked; done gets the body of a 200 answer
 * (and frees it) or NULL. -1 when nothing could be sent. */
typedef void (*rev_fetch_fn)(void *arg, unsigned char *body, size_t len);
int		 rev_fetch_start(const char *url, const unsigned char *body,
		    size_t bodylen, const char *content_type, rev_fetch_fn,
		    void *arg);
int		 rev_fetches_in_flight(void);
/* A cache lookup found nothing and started a fetch: the verification
 * running must wait (pki_verify_peer takes the count). */
void		 rev_note_missing(void);
int		 rev_missing_take(void);
/* A handshake's peer whose verification waits for fetches. */
void		 rev_waiter_add(gnutls_session_t, const char *trustpoint);

/* ocsp.c: the status of crt from its responder (an answer cached for a
 * minute; without one, a request is sent and OCSP_UNKNOWN returned with
 * rev_note_missing). */
enum { OCSP_GOOD, OCSP_REVOKED, OCSP_UNKNOWN };
int		 ocsp_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
		    const char *configured_url);
/* Is crt a CA certificate (basicConstraints CA:TRUE, or a v1 self-signed)? */
int		 cert_is_ca(gnutls_x509_crt_t);
/* Does the certificate carry this private key's public key? */
int		 cert_matches_key(gnutls_x509_crt_t, gnutls_x509_privkey_t);
/* Is crt signed by ca (MD5/SHA-1 allowed, no time check)? */
int		 cert_signed_by(gnutls_x509_crt_t crt, gnutls_x509_crt_t ca);

#endif

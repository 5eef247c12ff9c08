/* pki/ internals that know the configuration database: the trustpoint's
 * sub-commands, its chain's certificates, and the command handlers' shared
 * helpers. */
#ifndef VGW_PKI_TP_H
#define VGW_PKI_TP_H

#include "pki_int.h"

struct confnode;
struct cmd_ctx;

#define TP_MAX_CAS	8

enum cert_kind { CERT_ROUTER, CERT_CA, CERT_SELF_SIGNED };

/* node->priv of a `certificate [ca] SERIAL` node in a chain. */
struct pki_cert {
	enum cert_kind	 kind;
	unsigned char	*der;		/* NULL until `quit` accepted the hex */
	size_t		 len;
	struct sbuf	 hex;		/* lines typed so far in (config-pubkey) */
	int		 overflow;	/* more hex than any certificate has */
	time_t		 installed;	/* router clock when it was stored */
};

struct tp_conf {
	const char	*name;
	const char	*url;		/* enrollment url */
	int		 terminal;	/* enrollment terminal */
	int		 pem;		/* enrollment terminal pem */
	int		 selfsigned;
	int		 serial;	/* -1 ask, 0 none, 1 include */
	const char	*ip;		/* ip-address value, or NULL */
	const char	*subject;
	const char	*fqdn;
	const char	*password_enc;	/* type 7 text */
	const char	*rsakeypair;
	int		 key_size;
	int		 retry_period;	/* minutes; 0: the default, 1 */
	int		 retry_count;	/* 0: the default */
	int		 mode_ra;	/* enrollment mode ra */
	int		 auto_enroll;	/* percent of the lifetime; 0: off */
	int		 auto_regenerate;
	struct revcheck	 rev;
};

struct tp_certs {
	gnutls_x509_crt_t	 router;	/* NULL when not enrolled */
	gnutls_x509_crt_t	 cas[TP_MAX_CAS];
	unsigned int		 ncas;
};

struct confnode	*tp_node(const char *name);
struct confnode	*tp_chain_node(const char *name);
int		 tp_conf_read(const char *name, struct tp_conf *);
char		*tp_key_label(const struct tp_conf *);
char		*tp_default_key_label(void);
struct pki_cert	*chain_cert(const struct confnode *);
void		 tp_certs_load(const char *name, struct tp_certs *);
void		 tp_certs_free(struct tp_certs *);

/* chain.c: putting certificates into chains from dialogs. */
int		 chain_store(const char *tp, enum cert_kind,
		    const unsigned char *der, size_t len, char **err);
void		 chain_remove_all(const char *tp);
void		 pki_cert_free(void *);


#endif

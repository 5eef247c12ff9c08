/* The IOS certificate server (`crypto pki server NAME`): its configuration
 * view, its CA, its request database and CRL (cs_server.c), its SCEP
 * answers over `ip http server` (cs_scep.c), its commands (cs_cmd.c).
 * One server per router, as on IOS. Private to pki/. */
#ifndef VGW_CS_H
#define VGW_CS_H

#include <sys/queue.h>

#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "sbuf.h"

#define CS_KEY_BITS		1024	/* IOS's size at `no shutdown` */

enum cs_grant { CS_GRANT_MANUAL, CS_GRANT_AUTO, CS_GRANT_NONE };
enum cs_db_level { CS_DB_MINIMUM, CS_DB_NAMES, CS_DB_COMPLETE };
enum cs_req_state { CS_REQ_PENDING, CS_REQ_GRANTED, CS_REQ_REJECTED };

struct cs_conf {
	const char		*name;
	const char		*issuer;	/* issuer-name, else CN=NAME */
	enum cs_grant		 grant;
	int			 life_cert;	/* days */
	int			 life_ca;	/* days */
	int			 life_crl;	/* hours */
	enum cs_db_level	 db_level;
	const char		*db_url;
	const char		*cdp_url;
	int			 enabled;	/* `no shutdown` configured */
};

struct cs_request {
	unsigned int		 id;
	enum cs_req_state	 state;
	char			*txid;
	gnutls_datum_t		 csr;		/* DER */
	unsigned char		 md5[16];	/* of the request */
	char			*subject;	/* IOS rendering */
	unsigned long		 serial;	/* issued, 0 before */
	TAILQ_ENTRY(cs_request)	 entry;
};

struct cs_revoked {
	unsigned long		 serial;
	time_t			 when;
	TAILQ_ENTRY(cs_revoked)	 entry;
};

/* The running server: its CA, database and counters. */
struct cs_state {
	char			*name;
	gnutls_x509_crt_t	 ca;
	gnutls_x509_privkey_t	 key;		/* the key store's */
	unsigned long		 last_serial;	/* 1 is the CA's */
	unsigned int		 next_req;
	TAILQ_HEAD(, cs_request) requests;
	TAILQ_HEAD(, cs_revoked) revoked;
	gnutls_datum_t		 crl;		/* DER, current */
	time_t			 crl_next;
	unsigned long		 scep_ok, scep_bad;
};

/* cs_server.c */
struct confnode	*cs_node(const char *name);
struct confnode	*cs_first_node(void);
int		 cs_conf_read(const char *name, struct cs_conf *);
/* The server's state, loaded from NVRAM on first use; NULL when it has no
 * CA yet. */
struct cs_state	*cs_state(const char *name);
/* Creates the CA (key generated if missing, printing IOS's lines to t),
 * its trustpoint and chain, the database and the first CRL. 0 or -1. */
int		 cs_create_ca(const char *name, struct term *t,
		    const char *passphrase, char **err);
int		 cs_running(const char *name);
void		 cs_forget(void);
struct cs_request *cs_request_find_txid(struct cs_state *, const char *);
struct cs_request *cs_request_find(struct cs_state *, unsigned int id);
struct cs_request *cs_request_add(struct cs_state *, const char *txid,
		    const gnutls_datum_t *csr);
/* Grants (issues the certificate) or rejects; 0 or -1. */
int		 cs_grant(struct cs_state *, struct cs_request *);
void		 cs_reject(struct cs_state *, struct cs_request *);
/* The certificate issued for a granted request (DER, gnutls_free). */
int		 cs_issued(struct cs_state *, const struct cs_request *,
		    gnutls_datum_t *);
int		 cs_revoke(struct cs_state *, unsigned long serial);
int		 cs_save(struct cs_state *);
void		 cs_crl_refresh(struct cs_state *);

/* cs_scep.c: SCEP over `ip http server`. */
void		 cs_http_sync(void);
void		 cs_http_set_addr(const char *addr);
int		 cs_http_port(void);
int		 cs_http_enabled(void);

#endif

/* The command handlers of pki/pki.xml and the dialog helpers they share. */
#ifndef VGW_PKI_CMD_H
#define VGW_PKI_CMD_H

#include "pki_tp.h"
#include "exec.h"
#include "term.h"

struct cmd_ctx;

int	 pki_key_generate(struct cmd_ctx *);
int	 pki_key_zeroize(struct cmd_ctx *);
int	 pki_show_mypubkey(struct cmd_ctx *);
int	 pki_key_export(struct cmd_ctx *);
int	 pki_key_import(struct cmd_ctx *);
int	 pki_trustpoint(struct cmd_ctx *);
int	 pki_tp_password(struct cmd_ctx *);
int	 pki_authenticate(struct cmd_ctx *);
int	 pki_import_certificate(struct cmd_ctx *);
int	 pki_enroll(struct cmd_ctx *);
int	 pki_export_pem(struct cmd_ctx *);
int	 pki_import_pem(struct cmd_ctx *);
int	 pki_show_certificates(struct cmd_ctx *);
int	 pki_show_trustpoints(struct cmd_ctx *);
int	 pki_cert_hex_line(struct cmd_ctx *);
int	 pki_cert_command(struct cmd_ctx *);
void	 pki_cert_render(const struct confnode *, struct sbuf *, int);

/* Generates a key pair printing IOS's messages; 0 or -1. */
int	 pki_key_make(struct term *, const char *label, unsigned int bits,
	    unsigned int encr_bits, int exportable);
/*
 * Reads pasted lines up to "quit" (or an empty line unless quit_only)
 * without blocking: returns CMD_WAIT, and done gets the text (with its
 * newlines; done frees it) or NULL at end of input.
 */
typedef int (*paste_done_fn)(struct cmd_ctx *, char *text, void *arg);
int	 paste_ask(struct cmd_ctx *, int quit_only, paste_done_fn, void *arg);
/* Decodes a pasted certificate (PEM or bare base64); NULL with the IOS
 * error printed. */
gnutls_x509_crt_t paste_cert(struct term *, const char *text,
	    gnutls_datum_t *der);
/* "       Fingerprint MD5: ..." lines of the authenticate dialog. */
void	 fingerprint_lines(gnutls_x509_crt_t, const char *md5_prefix,
	    const char *sha1_prefix, struct sbuf *);
int	 tp_has_domain(void);
/* "Certificate has the following attributes:", the fingerprints and "%
 * Do you accept this certificate? [yes/no]: " with fn as continuation. */
int	 authenticate_ask(struct cmd_ctx *, gnutls_x509_crt_t ca,
	    cmd_choice_fn fn, void *arg);
/* Looks a trustpoint up for a terminal dialog; -1 with the error printed
 * (missing, or SCEP which vgw does not have yet). */
int	 tp_terminal_check(struct term *, const char *name, struct tp_conf *);

/* A request made by `crypto pki enroll` and not yet answered. */
struct pki_pending {
	char		*tp;
	char		*name;		/* unstructuredName in the request */
	unsigned char	 md5[16];
	unsigned char	 sha1[20];
};
const struct pki_pending *pending_find(const char *tp);
void	 pending_clear(const char *tp);
void	 pending_set(const char *tp, const char *name,
	    const gnutls_datum_t *der);
struct pki_key *tp_key(const struct tp_conf *);
int	 tp_check_router_cert(struct term *, const char *tp,
	    gnutls_x509_crt_t, gnutls_x509_privkey_t, const struct tp_certs *);
void	 chain_remove_router(const char *tp);
int	 show_node_is(const struct confnode *, const char *what,
	    const char **name);

#endif

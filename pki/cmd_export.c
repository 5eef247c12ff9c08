/* `crypto pki export NAME pem {terminal | url nvram:F} [{3des | des} PASS]`
 * and `crypto pki import NAME pem terminal [exportable] PASS`: a gateway's
 * identity (CA certificate, encrypted private key, router certificate)
 * carried from one router to another, as the feature module's "different
 * CA" procedure does. Import checks everything before it stores anything. */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "confdb.h"
#include "nvram.h"
#include "pki_cmd.h"
#include "xmalloc.h"

#define PASSPHRASE_MIN	8

static void
export_cert(struct sbuf *sb, const char *title, gnutls_x509_crt_t crt)
{
	gnutls_datum_t	 der;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return;
	sbuf_printf(sb, "%% %s:\n", title);
	pem_encode("CERTIFICATE", der.data, der.size, sb);
	gnutls_free(der.data);
}

/* The CA certificate that issued the router certificate (or the first). */
static gnutls_x509_crt_t
export_issuer(const struct tp_certs *tc)
{
	unsigned int	 i;

	for (i = 0; tc->router != NULL && i < tc->ncas; i++) {
		if (gnutls_x509_crt_check_issuer(tc->router, tc->cas[i]))
			return tc->cas[i];
	}
	return tc->ncas > 0 ? tc->cas[0] : NULL;
}

/* The encrypted key block; -1 with the IOS error printed. */
static int
export_key(struct term *t, const struct tp_conf *c, const char *cipher,
    const char *pass, struct sbuf *sb)
{
	struct pki_key	*k;
	char		*pem, *err = NULL;

	if (strlen(pass) < PASSPHRASE_MIN) {
		term_puts(t, "% Passphrase is too short, needs to be at least "
		    "8 chars\n");
		return -1;
	}
	if ((k = tp_key(c)) == NULL) {
		term_printf(t, "%% Trustpoint %s has no RSA key pair.\n",
		    c->name);
		return -1;
	}
	if (!k->exportable) {
		term_printf(t, "%% RSA key pair %s is not exportable.\n",
		    k->label);
		return -1;
	}
	if (pem_legacy_encrypt(k->sign, strcmp(cipher, "des") == 0 ?
	    PEM_DES_CBC : PEM_DES_EDE3_CBC, pass, &pem, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		return -1;
	}
	sbuf_printf(sb, "%% Key name: %s\n   Usage: General Purpose Key\n%s",
	    k->label, pem);
	free(pem);
	return 0;
}

/* url nvram:NAME (or flash:NAME) writes NAME.ca, NAME.prv and NAME.crt. */
static int
export_to_nvram(struct term *t, const char *url, const char *ca,
    const char *key, const char *crt)
{
	const char	*name = strchr(url, ':') + 1;
	const char	*ext[3] = { "ca", "prv", "crt" };
	const char	*data[3] = { ca, key, crt };
	char		*file, *path;
	int		 i;

	if (*name == '\0' || strchr(name, '/') != NULL || *name == '.') {
		term_printf(t, "%% Bad file name in %s\n", url);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (data[i] == NULL || *data[i] == '\0')
			continue;
		xasprintf(&file, "%s.%s", name, ext[i]);
		path = nvram_path(file);
		if (file_write_atomic(path, data[i], strlen(data[i]), 0600)
		    != 0) {
			term_printf(t, "%% Error writing nvram:%s\n", file);
			free(path);
			free(file);
			return -1;
		}
		term_printf(t, "%% Exported to nvram:%s\n", file);
		free(path);
		free(file);
	}
	return 0;
}

/* Only nvram:FILE (or flash:FILE), a plain name in the NVRAM folder. */
static int
export_url_ok(struct term *t, const char *url)
{
	const char	*name;

	if (url == NULL)
		return 0;
	if (strncmp(url, "nvram:", 6) != 0 && strncmp(url, "flash:", 6) != 0) {
		term_printf(t, "%% Export to %s is not available in vgw: use "
		    "terminal or nvram:FILE\n", url);
		return -1;
	}
	name = url + 6;
	if (*name == '\0' || *name == '.' || strchr(name, '/') != NULL) {
		term_printf(t, "%% Bad file name in %s\n", url);
		return -1;
	}
	return 0;
}

int
pki_export_pem(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	const char		*pass = gmatch_str(ctx->match, "$pass");
	const char		*url = gmatch_str(ctx->match, "$url");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	gnutls_x509_crt_t	 ca;
	struct sbuf		 sca, skey, scrt;
	int			 ret = -1, self;

	if (export_url_ok(t, url) != 0)
		return -1;
	if (tp_conf_read(name, &c) != 0) {
		term_printf(t, "%% Could not find trustpoint %s.\n", name);
		return -1;
	}
	tp_certs_load(name, &tc);
	sbuf_init(&sca);
	sbuf_init(&skey);
	sbuf_init(&scrt);
	if ((ca = export_issuer(&tc)) == NULL) {
		term_printf(t, "%% Trustpoint %s has no CA certificate.\n",
		    name);
		goto out;
	}
	if (pass != NULL && tc.router != NULL && export_key(t, &c,
	    gmatch_has(ctx->match, "des") ? "des" : "3des", pass, &skey) != 0)
		goto out;
	if (tc.router == NULL)
		term_printf(t, "%% The specified trustpoint is not enrolled "
		    "(%s).\n%% Only export the CA certificate in PEM format.\n",
		    name);
	self = tc.router != NULL && gnutls_x509_crt_equals(tc.router, ca);
	export_cert(&sca, self ? "Self-signed CA certificate" :
	    "CA certificate", ca);
	if (tc.router != NULL)
		export_cert(&scrt, "General Purpose Certificate", tc.router);
	if (url != NULL)
		ret = export_to_nvram(t, url, sbuf_str(&sca), sbuf_str(&skey),
		    sbuf_str(&scrt)) == 0 ? CMD_DONE : -1;
	else {
		term_write(t, sbuf_str(&sca), sca.len);
		if (skey.len > 0)
			term_printf(t, "\n%s", sbuf_str(&skey));
		if (scrt.len > 0)
			term_printf(t, "\n%s", sbuf_str(&scrt));
		ret = CMD_DONE;
	}
out:
	sbuf_free(&sca);
	sbuf_free(&skey);
	sbuf_free(&scrt);
	tp_certs_free(&tc);
	return ret;
}

/* The three pasted blocks, checked together. */
struct import_set {
	gnutls_x509_crt_t	 ca;
	gnutls_x509_privkey_t	 key;
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 ca_der;
	gnutls_datum_t		 crt_der;
};

static void
import_set_free(struct import_set *s)
{
	if (s->ca != NULL)
		gnutls_x509_crt_deinit(s->ca);
	if (s->crt != NULL)
		gnutls_x509_crt_deinit(s->crt);
	if (s->key != NULL)
		gnutls_x509_privkey_deinit(s->key);
	free(s->ca_der.data);
	free(s->crt_der.data);
}

/* One of the three blocks: pasted after IOS's prompt, or read from the
 * nvram:FILE.ca / .prv / .crt that `export ... url nvram:FILE` wrote. */
static const char *const import_prompts[3] = {
	"% Enter PEM-formatted CA certificate.\n"
	"% End with a blank line or \"quit\" on a line by itself.\n",
	"% Enter PEM-formatted encrypted private General Purpose key.\n"
	"% End with \"quit\" on a line by itself.\n",
	"% Enter PEM-formatted General Purpose certificate.\n"
	"% End with a blank line or \"quit\" on a line by itself.\n"
};

/* The three blocks of `crypto pki import NAME pem` read so far. */
struct import_state {
	struct import_set	 set;
	int			 which;		/* 0 CA, 1 key, 2 certificate */
};

/* A block from the files url names (nvram:NAME.ca, .prv, .crt). */
static char *
import_file(struct term *t, const char *url, int which)
{
	static const char	*ext[3] = { "ca", "prv", "crt" };
	char			*file, *path, *text;
	size_t			 len;

	xasprintf(&file, "%s.%s", strchr(url, ':') + 1, ext[which]);
	path = nvram_path(file);
	if ((text = file_read_all(path, &len)) == NULL)
		term_printf(t, "%% Cannot read nvram:%s\n", file);
	free(path);
	free(file);
	return text;
}

/* Takes one block (and frees it); 0, or -1 with the error printed. */
static int
import_take(struct cmd_ctx *ctx, struct import_state *st, char *text)
{
	struct import_set	*s = &st->set;
	struct term		*t = ctx->term;
	struct tp_certs		 tc;
	char			*err = NULL;
	int			 ret = 0;

	switch (st->which) {
	case 0:
		if ((s->ca = paste_cert(t, text, &s->ca_der)) == NULL)
			ret = -1;
		else if (!cert_is_ca(s->ca)) {
			term_puts(t, "% The certificate is not a CA "
			    "certificate: not imported\n");
			ret = -1;
		}
		break;
	case 1:
		if (text == NULL)
			ret = -1;
		else if (pem_legacy_decrypt(text, gmatch_str(ctx->match,
		    "$pass"), &s->key, &err) != 0) {
			term_printf(t, "%s\n", err);
			free(err);
			ret = -1;
		}
		break;
	default:
		if ((s->crt = paste_cert(t, text, &s->crt_der)) == NULL) {
			ret = -1;
			break;
		}
		memset(&tc, 0, sizeof tc);
		tc.cas[0] = s->ca;
		tc.ncas = 1;
		ret = tp_check_router_cert(t, gmatch_str(ctx->match, "$name"),
		    s->crt, s->key, &tc);
		break;
	}
	free(text);
	return ret;
}

static int	import_step(struct cmd_ctx *, struct import_state *);
static int	import_finish(struct cmd_ctx *, struct import_state *);

static int
import_fail(struct cmd_ctx *ctx, struct import_state *st)
{
	term_puts(ctx->term, "% PEM files import failed.\n");
	import_set_free(&st->set);
	free(st);
	return -1;
}

static int
import_pasted(struct cmd_ctx *ctx, char *text, void *arg)
{
	struct import_state	*st = arg;

	if (import_take(ctx, st, text) != 0)
		return import_fail(ctx, st);
	st->which++;
	return import_step(ctx, st);
}

/* The next block: pasted (the command waits for it) or read from a file. */
static int
import_step(struct cmd_ctx *ctx, struct import_state *st)
{
	const char	*url = gmatch_str(ctx->match, "$url");

	while (st->which < 3) {
		if (url == NULL) {
			term_puts(ctx->term, import_prompts[st->which]);
			return paste_ask(ctx, st->which == 1, import_pasted,
			    st);
		}
		if (import_take(ctx, st, import_file(ctx->term, url,
		    st->which)) != 0)
			return import_fail(ctx, st);
		st->which++;
	}
	return import_finish(ctx, st);
}

/* Creates the trustpoint if needed and names its key; returns the label. */
static char *
import_trustpoint(const char *name)
{
	struct confnode	*tp;
	struct tp_conf	 c;
	char		*text;

	if ((tp = tp_node(name)) == NULL) {
		xasprintf(&text, "crypto pki trustpoint %s", name);
		tp = router_apply_line(pki_router, NULL, "config", text);
		free(text);
		if (tp == NULL)
			return NULL;
		router_apply_line(pki_router, tp, "ca-trustpoint", "enrollment terminal");
	}
	tp_conf_read(name, &c);
	if (c.rsakeypair != NULL)
		return xstrdup(c.rsakeypair);
	xasprintf(&text, "rsakeypair %s", name);
	router_apply_line(pki_router, tp, "ca-trustpoint", text);
	free(text);
	return xstrdup(name);
}

static int
import_finish(struct cmd_ctx *ctx, struct import_state *st)
{
	struct term		*t = ctx->term;
	struct import_set	*s = &st->set;
	const char		*name = gmatch_str(ctx->match, "$name");
	char			*label = NULL, *err = NULL;
	int			 ret = -1, rc;

	if ((label = import_trustpoint(name)) == NULL) {
		term_puts(t, "% Unable to create the trustpoint\n");
		return import_fail(ctx, st);
	}
	rc = keystore_add(label, s->key, gmatch_has(ctx->match, "exportable"),
	    &err);
	s->key = NULL;	/* the key store owns it now, even on error */
	if (rc != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		free(label);
		return import_fail(ctx, st);
	}
	if (chain_store(name, CERT_CA, s->ca_der.data, s->ca_der.size, &err)
	    != 0 || chain_store(name, CERT_ROUTER, s->crt_der.data,
	    s->crt_der.size, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		goto out;
	}
	pending_clear(name);
	term_puts(t, "% PEM files import succeeded.\n");
	ret = CMD_DONE;
out:
	free(label);
	import_set_free(s);
	free(st);
	return ret;
}

int
pki_import_pem(struct cmd_ctx *ctx)
{
	if (export_url_ok(ctx->term, gmatch_str(ctx->match, "$url")) != 0)
		return -1;
	return import_step(ctx, xcalloc(1, sizeof(struct import_state)));
}

/*
 * Global configuration commands of modes/ that need more than storing:
 * `enable secret` (stored as its MD5-crypt hash, type 5), `enable password`
 * and `service password-encryption` (type 7, ios-reference.md §5).
 */
#include <stdlib.h>
#include <string.h>

#include "modes_int.h"
#include "sbuf.h"
#include "exec.h"
#include "type7.h"
#include "xmalloc.h"

int
modes_password_encryption(void)
{
	struct confnode	*n = confdb_find(NULL, "service password-encryption");

	return n != NULL && n->match.negate == GNEG_NONE;
}

/* The cleartext password of a match: $plain, or $typed after `0`. A LINE
 * that itself reads "5 HASH" / "7 HIDDEN" is what the other branch meant. */
static const char *
password_plain(const struct gmatch *m)
{
	const char	*v;

	if ((v = gmatch_str(m, "typed")) != NULL)
		return v;
	return gmatch_str(m, "plain");
}

/* IOS stores both, with this warning, when the two are the same. */
static const char enable_same_as_secret[] =
    "The enable password you have chosen is the same as your enable "
    "secret.\nThis is not recommended.  Re-enter the enable password.\n";
static const char enable_same_as_password[] =
    "The enable secret you have chosen is the same as your enable "
    "password.\nThis is not recommended.  Re-enter the enable secret.\n";
/* `enable password 7 X` with X no type 7 string (the IOS text could not
 * be confirmed; this is vgw's). */
static const char enable_bad_type7[] = "% Invalid encrypted password\n";

static void
enable_warn(struct cmd_ctx *ctx, const char *text)
{
	/* Not while startup-config is replayed. */
	if (ctx->session == NULL || !session_quiet(ctx->session))
		term_puts(ctx->term, text);
}

/* The stored `enable password` in clear text (caller frees), or NULL. */
static char *
enable_password_clear(void)
{
	struct confnode	*n;
	const char	*v;

	if ((n = confdb_find(NULL, "enable password")) == NULL)
		return NULL;
	if ((v = gmatch_str(&n->match, "hidden")) != NULL)
		return password7_decode(v);
	if ((v = gmatch_str(&n->match, "plain")) == NULL)
		v = gmatch_str(&n->match, "typed");
	return v != NULL ? xstrdup(v) : NULL;
}

static int
enable_secret_is(const char *plain)
{
	struct confnode	*n = confdb_find(NULL, "enable secret");
	const char	*hash;

	if (n == NULL || (hash = gmatch_str(&n->match, "hash")) == NULL)
		return 0;
	return password5_check(plain, hash);
}

int
modes_enable_secret(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	const char		*plain, *hash;
	char			*line, *h = NULL, *pw;

	if (m->negate != GNEG_NONE)
		return 0;
	hash = gmatch_str(m, "hash");
	plain = password_plain(m);
	if (hash == NULL && plain != NULL && strncmp(plain, "5 ", 2) == 0)
		hash = plain + 2;
	if (hash == NULL && plain != NULL)
		hash = h = password5_hash(plain, NULL);
	/* A malformed hash would lock everyone out of enable. */
	if (hash == NULL || !password5_valid(hash)) {
		free(h);
		term_puts(ctx->term, "ERROR: The secret you entered is not a "
		    "valid encrypted secret.\nTo enter an UNENCRYPTED secret, "
		    "do not specify type 5 encryption.\nWhen you properly "
		    "enter an UNENCRYPTED secret, it will be encrypted.\n\n");
		return -1;
	}
	if (h != NULL && (pw = enable_password_clear()) != NULL) {
		if (strcmp(pw, plain) == 0)
			enable_warn(ctx, enable_same_as_password);
		free(pw);
	}
	xasprintf(&line, "enable secret 5 %s", hash);
	router_apply_line(ctx->router, NULL, "config", line);
	free(line);
	free(h);
	return CMD_DONE;
}

int
modes_enable_password(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	const char		*plain, *hidden;
	char			*line, *enc;

	if (m->negate != GNEG_NONE)
		return 0;
	if ((hidden = gmatch_str(m, "hidden")) != NULL) {
		if (password7_valid(hidden))
			return 0;
		term_puts(ctx->term, enable_bad_type7);
		return -1;
	}
	if ((plain = password_plain(m)) == NULL || strncmp(plain, "7 ", 2) == 0)
		return 0;
	if (enable_secret_is(plain))
		enable_warn(ctx, enable_same_as_secret);
	if (modes_password_encryption()) {
		enc = password7_encode(plain, -1);
		xasprintf(&line, "enable password 7 %s", enc);
		free(enc);
	} else if (gmatch_has(m, "typed"))
		xasprintf(&line, "enable password %s", plain);
	else
		return 0;
	router_apply_line(ctx->router, NULL, "config", line);
	free(line);
	return CMD_DONE;
}

int
modes_password_encryption_cmd(struct cmd_ctx *ctx)
{
	/* Stored first, then every cleartext password is encoded at once;
	 * `no service password-encryption` decodes nothing (§5). */
	if (ctx->match->negate != GNEG_NONE)
		return 0;
	confdb_apply(NULL, ctx->match);
	modes_passwords_encrypt(ctx->router);
	return CMD_DONE;
}

/*
 * A node holding a cleartext password: the index of its $plain/$typed
 * value after a `password` keyword (with the `0` before $typed), or -1.
 */
static int
password_val(const struct confnode *n, int *zero)
{
	const struct gval	*v;
	int			 i;

	for (i = 1; i < n->match.nvals; i++) {
		v = &n->match.vals[i];
		if (v->name == NULL || (strcmp(v->name, "plain") != 0 &&
		    strcmp(v->name, "typed") != 0))
			continue;
		*zero = i >= 2 && strcmp(n->match.vals[i - 1].text, "0") == 0;
		if (strcmp(n->match.vals[i - 1 - *zero].text, "password") == 0)
			return i;
	}
	return -1;
}

/* The node's line, its cleartext password shown as `7 ENCODED` when
 * encrypt is set. */
void
modes_password_render(const struct confnode *n, struct sbuf *out, int encrypt)
{
	char	*enc;
	int	 i, at, zero;

	if (!encrypt || (at = password_val(n, &zero)) < 0) {
		gmatch_render(&n->match, out);
		return;
	}
	if (n->match.negate == GNEG_NO)
		sbuf_puts(out, "no ");
	for (i = 0; i < n->match.nvals; i++) {
		if (zero && i == at - 1)
			continue;
		if (i > 0)
			sbuf_putc(out, ' ');
		if (i == at) {
			enc = password7_encode(n->match.vals[i].text, -1);
			sbuf_printf(out, "7 %s", enc);
			free(enc);
		} else
			sbuf_puts(out, n->match.vals[i].text);
	}
}

/* Walks the whole tree and re-stores each cleartext password encoded. */
static void
passwords_encrypt_level(struct router *r, struct confnode *parent)
{
	struct confnode	*n, *next;
	struct sbuf	 sb;
	int		 zero;

	for (n = confdb_first(parent); n != NULL; n = next) {
		next = confdb_next(n);
		if (!TAILQ_EMPTY(&n->children))
			passwords_encrypt_level(r, n);
		if (n->match.cmd == NULL || password_val(n, &zero) < 0)
			continue;
		sbuf_init(&sb);
		modes_password_render(n, &sb, 1);
		router_apply_line(r, parent, n->match.cmd->mode->name,
		    sbuf_str(&sb));
		sbuf_free(&sb);
	}
}

void
modes_passwords_encrypt(struct router *r)
{
	passwords_encrypt_level(r, NULL);
}

/*
 * The certificate server's commands: its mode, `no shutdown` with IOS's
 * dialogs (ios-reference §6.2), `grant auto|none`, the EXEC commands that
 * grant, reject and revoke, `show crypto pki server [NAME [requests]]`
 * (§6.3, §6.4) and `show crypto pki timers`.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "confdb.h"
#include "exec.h"
#include "log.h"
#include "pki_cmd.h"
#include "cs.h"
#include "cs_cmd.h"
#include "scep_client.h"
#include "xmalloc.h"

/* The server this command's mode belongs to. */
static const char *
cs_mode_name(struct cmd_ctx *ctx)
{
	return ctx->node != NULL ? confdb_word(ctx->node, 3) : NULL;
}

int
cs_server_cmd(struct cmd_ctx *ctx)
{
	const char	*name = gmatch_str(ctx->match, "$name");
	struct confnode	*n = cs_first_node();

	if (ctx->match->negate != GNEG_NONE) {
		if (n != NULL && strcmp(confdb_word(n, 3), name) == 0)
			cs_forget();
		return 0;
	}
	if (n != NULL && strcmp(confdb_word(n, 3), name) != 0) {
		term_printf(ctx->term, "%% Certificate server %s already "
		    "exists: only one can be configured.\n", confdb_word(n, 3));
		return -1;
	}
	return 0;
}

/* Settings baked into the CA certificate. */
int
cs_locked(struct cmd_ctx *ctx)
{
	const char	*name = cs_mode_name(ctx);

	if (name != NULL && cs_state(name) != NULL) {
		term_puts(ctx->term, "%Some server settings cannot be changed "
		    "after CA certificate generation.\n");
		return -1;
	}
	return 0;
}

int
cs_grant_mode(struct cmd_ctx *ctx)
{
	if (ctx->match->negate != GNEG_NONE)
		return 0;
	if (gmatch_has(ctx->match, "auto"))
		log_msg("%%PKI-6-CS_GRANT_AUTO: All enrollment requests will "
		    "be automatically granted.");
	else	/* by analogy with CS_GRANT_AUTO; not captured */
		log_msg("%%PKI-6-CS_REJECT_AUTO: All enrollment requests will "
		    "be automatically rejected.");
	return 0;
}

/* The dialog's state: the passphrase typed once. */
struct cs_enable {
	char	*pass;
};

static int
cs_enable_end(struct cs_enable *e, int ret)
{
	if (e->pass != NULL) {
		memset(e->pass, 0, strlen(e->pass));
		free(e->pass);
	}
	free(e);
	return ret;
}

static int
cs_enabled_now(struct cmd_ctx *ctx, const char *name, const char *pass)
{
	char	*err = NULL;

	if (cs_state(name) == NULL && cs_create_ca(name, ctx->term, pass,
	    &err) != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
		return -1;
	}
	term_puts(ctx->term, "\n% Certificate Server enabled.\n");
	log_msg("%%PKI-6-CS_ENABLED: Certificate server now enabled.");
	return CMD_OK;
}

static int
cs_pass_again(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct cs_enable	*e = arg;
	const char		*name = cs_mode_name(ctx);

	if (answer == NULL || name == NULL)
		return cs_enable_end(e, -1);
	if (strcmp(answer, e->pass) != 0) {
		/* Not captured; IOS's wording for a mismatch is inferred. */
		term_puts(ctx->term, "% Passwords do not match.\n");
		return cs_enable_end(e, -1);
	}
	return cs_enable_end(e, cs_enabled_now(ctx, name, e->pass));
}

static int
cs_pass(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct cs_enable	*e = arg;

	if (answer == NULL)
		return cs_enable_end(e, -1);
	if (*answer == '\0') {
		term_puts(ctx->term, "% Aborted.\n");
		return cs_enable_end(e, CMD_DONE);
	}
	e->pass = xstrdup(answer);
	return cmd_ask(ctx, "\nRe-enter password: ", 0, cs_pass_again, e);
}

/* `no shutdown`: the first time, the passphrase dialog and the CA; then
 * at once. `shutdown` stops answering (the CA stays). */
int
cs_shutdown(struct cmd_ctx *ctx)
{
	const char		*name = cs_mode_name(ctx);
	struct cs_enable	*e;

	if (name == NULL)
		return -1;
	if (ctx->match->negate == GNEG_NONE) {
		if (session_kind(ctx->session) != SESSION_FILE)
			term_puts(ctx->term, "Certificate server 'shut' event "
			    "has been queued for processing.\n");
		log_msg("%%PKI-6-CS_DISABLED: Certificate server now "
		    "disabled.");
		return 0;
	}
	if (cs_state(name) != NULL) {
		if (session_kind(ctx->session) != SESSION_FILE)
			term_puts(ctx->term, "Certificate server 'no shut' "
			    "event has been queued for processing.\n");
		log_msg("%%PKI-6-CS_ENABLED: Certificate server now enabled.");
		return 0;
	}
	if (session_kind(ctx->session) == SESSION_FILE) {
		/* A replayed configuration whose CA files are gone. */
		log_msg("%%PKI-3-CS_CRIT_STORAGE: Certificate server %s has no "
		    "CA certificate or key: it stays disabled.", name);
		return 0;
	}
	if (router_clock_now() < 946684800) {
		term_puts(ctx->term, "% Time has not been set\n");
		return -1;
	}
	term_puts(ctx->term, "%Some server settings cannot be changed after CA "
	    "certificate generation.\n% Please enter a passphrase to protect "
	    "the private key\n% or type Return to exit\n");
	e = xcalloc(1, sizeof *e);
	return cmd_ask(ctx, "Password: ", 0, cs_pass, e);
}

static struct cs_state *
cs_exec_state(struct cmd_ctx *ctx)
{
	const char	*name = gmatch_str(ctx->match, "$name");
	struct cs_state	*s;

	if (cs_node(name) == NULL) {
		term_printf(ctx->term, "%% Certificate server %s does not "
		    "exist.\n", name);
		return NULL;
	}
	if ((s = cs_state(name)) == NULL)
		term_printf(ctx->term, "%% Certificate server %s has no CA "
		    "certificate yet (no shutdown creates it).\n", name);
	return s;
}

int
cs_exec_grant(struct cmd_ctx *ctx)
{
	struct cs_state		*s = cs_exec_state(ctx);
	struct cs_request	*r;
	int			 grant = gmatch_has(ctx->match, "grant");
	int			 all = gmatch_has(ctx->match, "all");
	unsigned int		 id = 0, done = 0;

	if (s == NULL)
		return -1;
	if (!all)
		id = (unsigned int)atoi(gmatch_str(ctx->match, "$id"));
	TAILQ_FOREACH(r, &s->requests, entry) {
		if (r->state != CS_REQ_PENDING || (!all && r->id != id))
			continue;
		done++;
		if (!grant)
			cs_reject(s, r);
		else if (cs_grant(s, r) != 0)
			term_printf(ctx->term, "%% Request %u could not be "
			    "granted.\n", r->id);
	}
	if (!all && done == 0) {
		term_printf(ctx->term, "%% Request %u is not pending.\n", id);
		return -1;
	}
	return CMD_DONE;
}

int
cs_exec_revoke(struct cmd_ctx *ctx)
{
	struct cs_state	*s = cs_exec_state(ctx);
	const char	*text = gmatch_str(ctx->match, "$serial");
	char		*end;
	unsigned long	 serial;

	if (s == NULL)
		return -1;
	/* IOS takes the serial in hex, 0x optional. */
	serial = strtoul(text, &end, 16);
	if (*end != '\0' || cs_revoke(s, serial) != 0) {
		term_printf(ctx->term, "%% Certificate %s was not issued by "
		    "this server, or is already revoked.\n", text);
		return -1;
	}
	return CMD_DONE;
}

static void
cs_requests_render(struct cs_state *s, struct sbuf *sb)
{
	static const char *states[] = { "pending", "granted", "rejected" };
	static const char rule[] =
	    "--------------------------------------------------------------\n";
	struct cs_request	*r;
	unsigned int		 i;

	sbuf_printf(sb, "Enrollment Request Database:\n\nSubordinate CA "
	    "certificate requests:\nReqID  State      Fingerprint"
	    "                      SubjectName\n%s\nRA certificate requests:\n"
	    "ReqID  State      Fingerprint                      SubjectName\n"
	    "%s\nRouter certificates requests:\nReqID  State      Fingerprint"
	    "                      SubjectName\n%s", rule, rule, rule);
	TAILQ_FOREACH(r, &s->requests, entry) {
		sbuf_printf(sb, "%-6u %-10s ", r->id, states[r->state]);
		for (i = 0; i < sizeof r->md5; i++)
			sbuf_printf(sb, "%02X", r->md5[i]);
		sbuf_printf(sb, " %s\n", r->subject);
	}
}

int
cs_exec_info(struct cmd_ctx *ctx)
{
	struct cs_state	*s = cs_exec_state(ctx);
	struct sbuf	 sb;

	if (s == NULL)
		return -1;
	sbuf_init(&sb);
	cs_requests_render(s, &sb);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

static void
cs_server_render(const struct cs_conf *c, struct sbuf *sb)
{
	struct cs_state	*s = cs_state(c->name);
	static const char *levels[] = {
		"Minimum - no cert data written to storage",
		"Names - all issued certs subject name written as <serialnum>.cnm",
		"Complete - all issued certs written as <serialnum>.cer" };
	/* "auto reject" for grant none is inferred: not captured. */
	static const char *grants[] = { "manual", "auto", "auto reject" };
	unsigned char	 fp[16];
	size_t		 n = sizeof fp;

	sbuf_printf(sb, "Certificate Server %s:\n", c->name);
	if (!cs_http_enabled())
		sbuf_puts(sb, "    Status: disabled, HTTP Server is disabled\n"
		    "    State: check failed\n");
	else if (!c->enabled || s == NULL)
		sbuf_puts(sb, "    Status: disabled\n    State: disabled\n");
	else
		sbuf_puts(sb, "    Status: enabled\n    State: enabled\n");
	if (s == NULL) {
		sbuf_printf(sb, "    Server's configuration is unlocked  (enter "
		    "\"no shut\" to lock it)\n    Issuer name: %s\n",
		    c->issuer != NULL ? c->issuer : "");
	} else {
		if (c->enabled)
			sbuf_puts(sb, "    Server's configuration is locked  "
			    "(enter \"shut\" to unlock it)\n");
		else
			sbuf_puts(sb, "    Server's configuration is unlocked  "
			    "(enter \"no shut\" to lock it)\n");
		sbuf_puts(sb, "    Issuer name: ");
		if (c->issuer != NULL)
			sbuf_puts(sb, c->issuer);
		else
			sbuf_printf(sb, "CN=%s", c->name);
		sbuf_puts(sb, "\n    CA cert fingerprint: ");
		gnutls_x509_crt_get_fingerprint(s->ca, GNUTLS_DIG_MD5, fp, &n);
		hex_groups(fp, n, sb);
		sbuf_putc(sb, '\n');
	}
	sbuf_printf(sb, "    Granting mode is: %s\n", grants[c->grant]);
	if (s != NULL) {
		sbuf_printf(sb, "    Last certificate issued serial number "
		    "(hex): %lX\n    CA certificate expiration timer: ",
		    s->last_serial);
		ios_time(gnutls_x509_crt_get_expiration_time(s->ca), sb);
		sbuf_puts(sb, "\n    CRL NextUpdate timer: ");
		ios_time(s->crl_next, sb);
		sbuf_putc(sb, '\n');
	}
	sbuf_printf(sb, "    Current primary storage dir: %s\n"
	    "    Database Level: %s\n", c->db_url != NULL ? c->db_url :
	    "nvram:", levels[c->db_level]);
}

int
cs_show_server(struct cmd_ctx *ctx)
{
	const char	*name = gmatch_str(ctx->match, "$name");
	struct confnode	*n = name != NULL ? cs_node(name) : cs_first_node();
	struct cs_conf	 c;
	struct cs_state	*s;
	struct sbuf	 sb;

	if (n == NULL || cs_conf_read(confdb_word(n, 3), &c) != 0)
		return CMD_DONE;
	sbuf_init(&sb);
	if (gmatch_has(ctx->match, "requests")) {
		if ((s = cs_state(c.name)) != NULL)
			cs_requests_render(s, &sb);
	} else
		cs_server_render(&c, &sb);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

/* No capture of 12.4T's `show crypto pki timers` was found: the layout
 * follows 15.x's (a "|" column of time left and the timer's name). */
int
cs_show_timers(struct cmd_ctx *ctx)
{
	struct confnode	*n = cs_first_node();
	struct cs_state	*s;
	struct sbuf	 sb;
	time_t		 left;

	sbuf_init(&sb);
	sbuf_puts(&sb, "PKI Timers\n");
	scep_timers_show(&sb);
	scep_renew_timers_show(&sb);
	if (n != NULL && cs_running(confdb_word(n, 3)) &&
	    (s = cs_state(confdb_word(n, 3))) != NULL) {
		left = s->crl_next - router_clock_now();
		if (left < 0)
			left = 0;
		sbuf_printf(&sb, "CS Timers\n|  %7ld:%02ld.000  CRL UPDATE\n",
		    (long)left / 60, (long)left % 60);
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

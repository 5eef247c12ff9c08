/* Reads what the SIP UA needs out of the configuration database (the
 * `sip-ua` node's children and `voice service voip` / `sip` / `session
 * transport`) after a change to those nodes (and only those), and applies
 * it at once: listeners open or close, the next TLS connection uses the new
 * trustpoints. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "grammar.h"
#include "sipua_int.h"
#include "xmalloc.h"

/* The node a REMOVE event is about: still in the tree, already gone for us. */
static struct confnode	*config_skip;

/* Every value is read by its name (sipua.xml's $names and keywords)
 * through the matcher's accessors, never by position. */
static void
config_crypto_signaling(struct sipua_conf *sc, const struct gmatch *m)
{
	const struct gval	*addr, *mask;
	const char		*tp;

	if ((tp = gmatch_str(m, "$tp")) == NULL)
		return;
	if (gmatch_has(m, "default")) {
		sipua_sig_add(sc, 1, 0, 0, tp, gmatch_has(m, "strict-cipher"));
		return;
	}
	if ((addr = gmatch_get(m, "$addr")) == NULL ||
	    (mask = gmatch_get(m, "$mask")) == NULL)
		return;
	sipua_sig_add(sc, 0, addr->addr, mask->addr, tp,
	    gmatch_has(m, "strict-cipher"));
}

static void
config_transport(struct sipua_conf *sc, const struct gmatch *m)
{
	enum sip_transport	t;

	if (gmatch_has(m, "tls"))
		t = SIPT_TLS;
	else if (gmatch_has(m, "tcp"))
		t = SIPT_TCP;
	else
		t = SIPT_UDP;
	sc->enabled[t] = m->negate != GNEG_NO;
}

static void
config_timers(struct sipua_conf *sc, const struct gmatch *m)
{
	if (gmatch_has(m, "$trying"))
		sc->timer_trying = (int)gmatch_num(m, "$trying", 500);
	else if (gmatch_has(m, "$register"))
		sc->timer_register = (int)gmatch_num(m, "$register", 500);
	else if (gmatch_has(m, "$aging")) {
		if (gmatch_has(m, "tls"))
			sc->tls_aging_minutes = (int)gmatch_num(m, "$aging", 60);
		else
			sc->aging_minutes = (int)gmatch_num(m, "$aging", 5);
	} else if (gmatch_has(m, "$establish"))
		sc->tls_establish_seconds = (int)gmatch_num(m, "$establish",
		    20);
}

static void
config_retry(struct sipua_conf *sc, const struct gmatch *m)
{
	static const struct {
		const char	*kw;
		size_t		 off;
	} retries[] = {
		{ "invite", offsetof(struct sipua_conf, retry_invite) },
		{ "response", offsetof(struct sipua_conf, retry_response) },
		{ "bye", offsetof(struct sipua_conf, retry_bye) },
		{ "cancel", offsetof(struct sipua_conf, retry_cancel) },
		{ "prack", offsetof(struct sipua_conf, retry_prack) },
		{ "comet", offsetof(struct sipua_conf, retry_comet) },
		{ "rel1xx", offsetof(struct sipua_conf, retry_rel1xx) },
		{ "notify", offsetof(struct sipua_conf, retry_notify) },
		{ "register", offsetof(struct sipua_conf, retry_register) },
	};
	size_t		i;

	if (!gmatch_has(m, "$count"))
		return;
	for (i = 0; i < sizeof retries / sizeof retries[0]; i++)
		if (gmatch_has(m, retries[i].kw))
			*(int *)((char *)sc + retries[i].off) =
			    (int)gmatch_num(m, "$count", 1);
}

static void
config_registrar(struct sipua_conf *sc, const struct gmatch *m)
{
	struct sip_registrar	*r;
	const char		*target;

	if ((target = gmatch_str(m, "IPV4TARGET")) == NULL &&
	    (target = gmatch_str(m, "DNSNAME")) == NULL)
		return;
	r = &sc->registrar[gmatch_has(m, "secondary") ? 1 : 0];
	free(r->target);
	r->set = 1;
	r->target = xstrdup(target);
	r->expires = (int)gmatch_num(m, "<60-65535>", 3600);
	r->t = gmatch_has(m, "tls") ? SIPT_TLS : gmatch_has(m, "tcp") ?
	    SIPT_TCP : SIPT_UDP;
}

static void
config_authentication(struct sipua_conf *sc, const struct gmatch *m)
{
	const char	*realm = gmatch_str(m, "$realm");

	free(sc->auth_user);
	free(sc->auth_pass);
	free(sc->auth_realm);
	sc->auth_user = xstrdup(gmatch_str(m, "$user"));
	sc->auth_pass = xstrdup(gmatch_str(m, "$pass"));
	sc->auth_realm = realm != NULL ? xstrdup(realm) : NULL;
}

static void
config_sip_ua(struct sipua_conf *sc, struct confnode *ua)
{
	struct confnode		*n;
	const struct gmatch	*m;

	for (n = confdb_first(ua); n != NULL; n = confdb_next(n)) {
		m = &n->match;
		if (n == config_skip || m->nvals == 0)
			continue;
		if (gmatch_has(m, "transport"))
			config_transport(sc, m);
		else if (m->negate == GNEG_NO)
			continue;
		else if (gmatch_has(m, "crypto"))
			config_crypto_signaling(sc, m);
		else if (gmatch_has(m, "timers"))
			config_timers(sc, m);
		else if (gmatch_has(m, "retry"))
			config_retry(sc, m);
		else if (gmatch_has(m, "registrar"))
			config_registrar(sc, m);
		else if (gmatch_has(m, "authentication"))
			config_authentication(sc, m);
	}
}

static void
config_session_transport(struct sipua_conf *sc)
{
	struct confnode	*sip, *n;

	if ((sip = confdb_find(NULL, "voice service voip")) == NULL ||
	    sip == config_skip || (sip = confdb_find(sip, "sip")) == NULL ||
	    sip == config_skip)
		return;
	if ((n = confdb_find(sip, "url")) != NULL && n != config_skip)
		sc->url_sips = gmatch_has(&n->match, "sips");
	if ((n = confdb_find(sip, "session transport")) == NULL ||
	    n == config_skip)
		return;
	if (gmatch_has(&n->match, "tls"))
		sc->session_transport = SIPT_TLS;
	else if (gmatch_has(&n->match, "tcp"))
		sc->session_transport = SIPT_TCP;
}

void
sipua_config_reload(void)
{
	struct confnode	*ua;

	sipua_conf_free(&sipua_conf);
	sipua_conf_defaults(&sipua_conf);
	if ((ua = confdb_find(NULL, "sip-ua")) != NULL && ua != config_skip)
		config_sip_ua(&sipua_conf, ua);
	config_session_transport(&sipua_conf);
	tls_creds_invalidate();
	transport_apply();
	register_changed();
}

/* What a change to node means to the SIP UA: CONFIG_RELOAD for the nodes
 * it reads (the `sip-ua` subtree, `voice service voip` itself and its
 * `sip` subtree), CONFIG_CREDS for trustpoints and certificate chains
 * (the next TLS connection must take the new credentials), CONFIG_NONE for
 * everything else (ip route, interfaces, dial-peers: config loads of tens
 * of thousands of lines must not re-read the SIP settings at each line). */
enum config_scope {
	CONFIG_NONE,
	CONFIG_CREDS,
	CONFIG_RELOAD
};

static enum config_scope
config_scope(const struct confnode *node)
{
	const struct confnode	*top = node, *below = NULL;

	while (top->parent != NULL) {
		below = top;
		top = top->parent;
	}
	if (strcmp(top->key, "sip-ua") == 0)
		return CONFIG_RELOAD;
	if (strcmp(top->key, "voice service voip") == 0)
		return below == NULL || strcmp(below->key, "sip") == 0 ?
		    CONFIG_RELOAD : CONFIG_NONE;
	if (strncmp(top->key, "crypto pki ", 11) == 0)
		return CONFIG_CREDS;
	return CONFIG_NONE;
}

static void
config_changed(enum confdb_event ev, struct confnode *node, void *arg)
{
	switch (config_scope(node)) {
	case CONFIG_NONE:
		return;
	case CONFIG_CREDS:
		tls_creds_invalidate();
		return;
	case CONFIG_RELOAD:
		break;
	}
	if (ev == CONFDB_REMOVE)
		config_skip = node;
	sipua_config_reload();
	config_skip = NULL;
}

void
sipua_config_subscribe(void)
{
	confdb_subscribe(config_changed, NULL);
}

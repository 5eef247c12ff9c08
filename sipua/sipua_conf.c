/* The SIP UA settings the configuration chose (transports, timers, retry
 * counts, crypto signaling) and the trustpoint choice for a remote address.
 * Reading them out of confdb is sipua_config.c's job; this file is pure. */
#include <stdlib.h>
#include <string.h>

#include "sipua_int.h"
#include "xmalloc.h"

struct sipua_conf	 sipua_conf;

void
sipua_conf_defaults(struct sipua_conf *sc)
{
	int	i;

	memset(sc, 0, sizeof *sc);
	/* IOS: TCP, TLS over TCP and UDP are all enabled by default. */
	for (i = 0; i < SIPT_COUNT; i++)
		sc->enabled[i] = 1;
	sc->session_transport = SIPT_UDP;
	sc->aging_minutes = 5;
	sc->tls_aging_minutes = 60;
	sc->tls_establish_seconds = 20;
	sc->timer_trying = 500;
	sc->timer_register = 500;
	sc->retry_invite = 6;
	sc->retry_response = 1;
	sc->retry_bye = 1;
	sc->retry_cancel = 1;
	sc->retry_prack = 10;
	sc->retry_comet = 10;
	sc->retry_rel1xx = 6;
	sc->retry_notify = 10;
	sc->retry_register = 10;	/* calls.md §4.1 */
}

void
sipua_conf_free(struct sipua_conf *sc)
{
	int	i;

	for (i = 0; i < sc->nsig; i++)
		free(sc->sig[i].trustpoint);
	free(sc->sig);
	sc->sig = NULL;
	free(sc->auth_user);
	free(sc->auth_pass);
	free(sc->auth_realm);
	sc->auth_user = sc->auth_pass = sc->auth_realm = NULL;
	for (i = 0; i < 2; i++) {
		free(sc->registrar[i].target);
		sc->registrar[i].target = NULL;
		sc->registrar[i].set = 0;
	}
	sc->nsig = 0;
}

void
sipua_sig_add(struct sipua_conf *sc, int is_default, uint32_t addr,
    uint32_t mask, const char *trustpoint, int strict)
{
	struct sip_sig_entry	*e;

	sc->sig = xreallocarray(sc->sig, sc->nsig + 1, sizeof *sc->sig);
	e = &sc->sig[sc->nsig++];
	e->is_default = is_default;
	e->addr = addr & mask;
	e->mask = mask;
	e->trustpoint = xstrdup(trustpoint);
	e->strict_cipher = strict;
}

static int
sipua_mask_bits(uint32_t mask)
{
	int	n = 0;

	while (mask != 0) {
		n += mask & 1;
		mask >>= 1;
	}
	return n;
}

/* The longest matching remote-addr wins; ties go to the entry configured
 * first. Without a match, the default entry. */
const struct sip_sig_entry *
sipua_sig_lookup(const struct sipua_conf *sc, uint32_t addr)
{
	const struct sip_sig_entry	*best = NULL, *dflt = NULL, *e;
	int				 i;

	for (i = 0; i < sc->nsig; i++) {
		e = &sc->sig[i];
		if (e->is_default) {
			if (dflt == NULL)
				dflt = e;
			continue;
		}
		if ((addr & e->mask) != e->addr)
			continue;
		if (best == NULL ||
		    sipua_mask_bits(e->mask) > sipua_mask_bits(best->mask))
			best = e;
	}
	return best != NULL ? best : dflt;
}

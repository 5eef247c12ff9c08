/* PKI start-up: registers the handlers of pki/pki.xml, loads the key store
 * from NVRAM and follows configuration changes (certificate chains). */
#include "cmd.h"
#include "confdb.h"
#include "pki.h"
#include "pki_tp.h"

void	chain_confdb_event(enum confdb_event, struct confnode *);

static void
pki_confdb_event(enum confdb_event ev, struct confnode *n, void *arg)
{
	chain_confdb_event(ev, n);
}

void
pki_register(void)
{
}

void
pki_init(void)
{
	gnutls_global_init();
	keystore_load();
	confdb_subscribe(pki_confdb_event, NULL);
}

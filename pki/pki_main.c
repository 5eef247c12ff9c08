/* PKI start-up: registers the handlers of pki/pki.xml, loads the key store
 * from NVRAM and follows configuration changes (certificate chains). */
#include "exec.h"
#include "confdb.h"
#include "pki.h"
#include "pki_cmd.h"
#include "cs.h"
#include "cs_cmd.h"
#include "scep_client.h"

void	chain_confdb_event(enum confdb_event, struct confnode *);

static const struct {
	const char	*name;
	cmd_handler_fn	 fn;
} pki_handlers[] = {
	{ "pki_key_generate", pki_key_generate },
	{ "pki_key_zeroize", pki_key_zeroize },
	{ "pki_show_mypubkey", pki_show_mypubkey },
	{ "pki_key_export", pki_key_export },
	{ "pki_key_import", pki_key_import },
	{ "pki_trustpoint", pki_trustpoint },
	{ "pki_tp_password", pki_tp_password },
	{ "pki_authenticate", pki_authenticate },
	{ "pki_import_certificate", pki_import_certificate },
	{ "pki_enroll", pki_enroll },
	{ "pki_export_pem", pki_export_pem },
	{ "pki_import_pem", pki_import_pem },
	{ "pki_show_certificates", pki_show_certificates },
	{ "pki_show_trustpoints", pki_show_trustpoints },
	{ "pki_cert_hex_line", pki_cert_hex_line },
	{ "pki_cert_command", pki_cert_command },
	{ "cs_server_cmd", cs_server_cmd },
	{ "cs_locked", cs_locked },
	{ "cs_grant_mode", cs_grant_mode },
	{ "cs_shutdown", cs_shutdown },
	{ "cs_exec_grant", cs_exec_grant },
	{ "cs_exec_revoke", cs_exec_revoke },
	{ "cs_exec_info", cs_exec_info },
	{ "cs_show_server", cs_show_server },
	{ "cs_show_timers", cs_show_timers },
};

static void
pki_confdb_event(enum confdb_event ev, struct confnode *n, void *arg)
{
	chain_confdb_event(ev, n);
	cs_http_sync();
}

void
pki_set_http_addr(const char *addr)
{
	cs_http_set_addr(addr);
}

void
pki_register(void)
{
	size_t	 i;

	for (i = 0; i < sizeof pki_handlers / sizeof pki_handlers[0]; i++)
		grammar_handler_register(pki_handlers[i].name,
		    pki_handlers[i].fn);
	grammar_render_register("pki_cert_render", pki_cert_render);
}

/* The router the PKI engine serves (one per process); set once here. */
struct router	*pki_router;

void
pki_init(struct router *r)
{
	pki_router = r;
	gnutls_global_init();
	keystore_load();
	confdb_subscribe(pki_confdb_event, NULL);
	scep_renew_start();
}

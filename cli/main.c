/*
 * vgw's start-up, in the order fixed for all parts: handlers registered,
 * grammar loaded, configuration database, PKI and SIP back ends, then the
 * boot replay of startup-config, then the console, script mode, -c or
 * --check. `reload` comes back here: the configuration is cleared and
 * replayed as a boot would.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lab.h"
#include "clock.h"
#include "confdb.h"
#include "egress.h"
#include "evloop.h"
#include "modes.h"
#include "nvram.h"
#include "options.h"
#include "pki.h"
#include "session.h"
#include "sipua.h"
#include "vty.h"

static int
main_egress(void)
{
	char	*err = NULL;
	int	 i;

	egress_allow_all(vgw_opts.allow_egress);
	for (i = 0; i < vgw_opts.nmaps; i++) {
		if (egress_map_add(vgw_opts.maps[i], &err) != 0) {
			fprintf(stderr, "vgw: --map %s: %s\n", vgw_opts.maps[i],
			    err != NULL ? err : "bad mapping");
			free(err);
			return -1;
		}
	}
	for (i = 0; i < vgw_opts.nmap_files; i++) {
		if (egress_map_file(vgw_opts.map_files[i], &err) != 0) {
			fprintf(stderr, "vgw: --map-file %s: %s\n",
			    vgw_opts.map_files[i],
			    err != NULL ? err : "bad file");
			free(err);
			return -1;
		}
	}
	return 0;
}

/* --check leaves NVRAM alone: the parts that would create or read files
 * there get a private folder, removed afterwards. */
static char *
main_check_nvram(void)
{
	static char	 dir[] = "/tmp/vgw-check.XXXXXX";

	if (mkdtemp(dir) == NULL)
		return NULL;
	nvram_set_dir(dir);
	return dir;
}

static void
main_check_nvram_remove(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	char		 path[PATH_MAX];

	if (dir == NULL || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* The NVRAM folder before it is used: what killed saves left is removed,
 * an unsafe folder is said once (as OpenSSH does for its keys). A file
 * size limit must not kill a save half way: write() then fails with
 * EFBIG and the save says "File too large". */
static void
main_nvram_checks(void)
{
	const char	*why;

	signal(SIGXFSZ, SIG_IGN);
	nvram_clean_stale();
	if ((why = nvram_folder_unsafe()) != NULL)
		fprintf(stderr, "vgw: WARNING: the NVRAM folder %s %s: they "
		    "can change this router's configuration and keys\n",
		    nvram_dir(), why);
}

static struct grammar *
main_grammar(void)
{
	struct grammar	*g;
	char		*err = NULL;

	exec_register();
	modes_register();
	pki_register();
	sipua_register();
	g = grammar_new();
	if (grammar_load_builtin(g, &err) != 0) {
		fprintf(stderr, "vgw: grammar: %s\n", err != NULL ? err : "?");
		free(err);
		return NULL;
	}
	return g;
}

/* The router from the options: grammar, configuration database, the
 * features, then the SIP listeners. */
static struct router *
main_router(const struct grammar *g)
{
	struct router	*r;

	r = router_new(g);
	confdb_init();
	modes_init(r);
	pki_set_http_addr(vgw_opts.bind_addr);
	pki_init(r);
	return r;
}

static int
main_check(struct router *r, struct grammar *g, char *check_dir)
{
	int	 rc;

	rc = check_run(r, vgw_opts.check_file);
	main_check_nvram_remove(check_dir);
	router_free(r);
	confdb_clear();
	grammar_free(g);
	return rc;
}

/* This program's own path, for the routers a lab starts. */
static const char *
main_self(const char *argv0)
{
	static char	 self[PATH_MAX];
	ssize_t		 n;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		self[n] = '\0';
		return self;
	}
	return argv0;
}

int
main(int argc, char **argv)
{
	struct grammar		*g;
	struct router		*r;
	struct session		*s;
	struct script		*sc = NULL;
	char			*check_dir = NULL;
	int			 rc, console;

	/* `vgw lab ...` is the lab runner (cli/lab.c), not a router. */
	if (argc >= 2 && strcmp(argv[1], "lab") == 0)
		return lab_main(argc - 2, argv + 2, main_self(argv[0]));
	if ((rc = options_parse(argc, argv)) != 0)
		return rc == 1 ? 0 : 2;
	if (vgw_opts.check_file != NULL)
		check_dir = main_check_nvram();
	else if (vgw_opts.nvram_dir != NULL)
		nvram_set_dir(vgw_opts.nvram_dir);
	if (main_egress() != 0)
		return 2;
	router_clock_init();
	evloop_init();
	if ((g = main_grammar()) == NULL)
		return 2;
	r = main_router(g);
	if (vgw_opts.check_file != NULL)
		return main_check(r, g, check_dir);
	main_nvram_checks();
	sipua_set_listen(vgw_opts.bind_addr, vgw_opts.sip_port,
	    vgw_opts.tls_port);
	sipua_set_answer_delay(vgw_opts.answer_delay_ms);
	sipua_init();

	console = vgw_opts.ncommands == 0 && isatty(STDIN_FILENO);
	if (console) {
		s = console_start(r);
		router_set_console_term(r, console_term());
	} else {
		sc = script_new(STDIN_FILENO);
		s = script_session_new(sc, r);
		router_set_console_term(r, script_term(sc));
		if (vgw_opts.ncommands > 0)
			script_commands(sc, vgw_opts.commands,
			    vgw_opts.ncommands);
	}
	router_boot(r);
	if (vty_telnet_start(r, vgw_opts.bind_addr, vgw_opts.telnet_port) != 0)
		fprintf(stderr, "vgw: cannot listen for telnet on %s port %d\n",
		    vgw_opts.bind_addr, vgw_opts.telnet_port);
	if (vty_ssh_start(r, vgw_opts.bind_addr, vgw_opts.ssh_port) != 0)
		fprintf(stderr, "vgw: cannot listen for SSH on %s port %d\n",
		    vgw_opts.bind_addr, vgw_opts.ssh_port);
	if (console) {
		console_attach();
		evloop_run();
		console_stop();
	} else {
		if (script_attach(sc, s) == 0)
			evloop_run();
		rc = session_rejected(s) > 0 ? 1 : 0;
		session_free(s);
	}
	fflush(stdout);
	vty_stop();
	script_free(sc);
	router_free(r);
	/* The configuration's nodes point into the grammar: they go first. */
	confdb_clear();
	grammar_free(g);
	return rc;
}

/*
 * vgw's start-up, in the order fixed for all parts: handlers registered,
 * grammar loaded, configuration database, PKI and SIP back ends, then the
 * boot replay of startup-config, then the console, script mode, -c or
 * --check. `reload` comes back here: the configuration is cleared and
 * replayed as a boot would.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
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

static int
main_grammar(void)
{
	struct grammar	*g;
	char		*err = NULL;

	modes_register();
	pki_register();
	sipua_register();
	cli_register();
	g = grammar_new();
	if (grammar_load_builtin(g, &err) != 0) {
		fprintf(stderr, "vgw: grammar: %s\n", err != NULL ? err : "?");
		free(err);
		return -1;
	}
	session_grammar = g;
	return 0;
}

/* Boot: startup-config replayed in global configuration, quietly, then
 * the session starts fresh in user EXEC. Lines of startup-config refused
 * do not count against the script's own lines. */
static void
main_boot(struct session *s)
{
	int	 rejected = s->rejected;

	s->quiet = 1;
	startup_config_replay(s);
	s->quiet = 0;
	session_reset(s);
	s->rejected = rejected;
}

/* -c COMMAND...: handled as lines of a script, transcript included, so
 * a caret points into the echoed line. */
static int
main_commands(struct session *s)
{
	int	 i;

	for (i = 0; i < vgw_opts.ncommands && !s->quit && !s->reload; i++)
		script_line(s, vgw_opts.commands[i]);
	fflush(stdout);
	return s->rejected > 0 ? 1 : 0;
}

static int
main_loop(struct session *s, struct script *sc, int console)
{
	for (;;) {
		if (vgw_opts.ncommands > 0)
			return main_commands(s);
		if (console)
			console_run(s);
		else
			script_run(sc, s);
		if (!s->reload)
			break;
		/* Reload: keep the session's settings, restart the config. */
		confdb_clear();
		main_boot(s);
	}
	return s->rejected > 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct session	 s;
	struct script	*sc = NULL;
	struct term	*dev;
	char		*check_dir = NULL;
	int		 rc, console;

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
	if (main_grammar() != 0)
		return 2;
	confdb_init();
	pki_init();
	if (vgw_opts.check_file != NULL) {
		rc = check_run(vgw_opts.check_file);
		main_check_nvram_remove(check_dir);
		return rc;
	}
	sipua_init();

	console = vgw_opts.ncommands == 0 && isatty(STDIN_FILENO);
	if (console)
		dev = console_term();
	else {
		sc = script_new(STDIN_FILENO);
		dev = script_term(sc);
		script_log_sink_install();
	}
	session_init(&s, dev, "console");
	main_boot(&s);
	if (console)
		console_start(&s);
	rc = main_loop(&s, sc, console);
	if (console)
		console_stop();
	fflush(stdout);
	session_free(&s);
	script_free(sc);
	return rc;
}

/* Parsing of vgw's command line into vgw_opts. What the options do is up
 * to main() and the parts that read them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "options.h"
#include "xmalloc.h"

struct vgw_options vgw_opts = {
	.bind_addr = "127.0.0.1",
	.sip_port = 5060,
	.tls_port = 5061,
	.answer_delay_ms = 1000
};

enum {
	OPT_NVRAM = 256,
	OPT_CHECK,
	OPT_BIND,
	OPT_SIP_PORT,
	OPT_TLS_PORT,
	OPT_ALLOW_EGRESS,
	OPT_MAP,
	OPT_MAP_FILE,
	OPT_ANSWER_DELAY,
	OPT_TELNET_PORT,
	OPT_SSH_PORT
};

static const struct option options_long[] = {
	{ "nvram",		required_argument,	NULL,	OPT_NVRAM },
	{ "check",		required_argument,	NULL,	OPT_CHECK },
	{ "bind",		required_argument,	NULL,	OPT_BIND },
	{ "sip-port",		required_argument,	NULL,	OPT_SIP_PORT },
	{ "tls-port",		required_argument,	NULL,	OPT_TLS_PORT },
	{ "allow-egress",	no_argument,		NULL,	OPT_ALLOW_EGRESS },
	{ "map",		required_argument,	NULL,	OPT_MAP },
	{ "map-file",		required_argument,	NULL,	OPT_MAP_FILE },
	{ "answer-delay",	required_argument,	NULL,	OPT_ANSWER_DELAY },
	{ "telnet-port",	required_argument,	NULL,	OPT_TELNET_PORT },
	{ "ssh-port",		required_argument,	NULL,	OPT_SSH_PORT },
	{ "command",		required_argument,	NULL,	'c' },
	{ "help",		no_argument,		NULL,	'h' },
	{ "version",		no_argument,		NULL,	'V' },
	{ NULL,			0,			NULL,	0 }
};

void
options_usage(void)
{
	printf("usage: vgw [options]\n"
	    "An IOS 12.4T-like SIP gateway with SIP over TLS. With a terminal on\n"
	    "stdin it is a console; otherwise each input line is handled as if\n"
	    "typed and the output is the console transcript (exit status 1 if\n"
	    "any line was refused).\n\n"
	    "  -c, --command CMD   run CMD as if typed (repeatable, in order), exit\n"
	    "      --check FILE    check FILE as configuration lines, print the\n"
	    "                      refused ones as FILE:LINE (- is stdin); NVRAM\n"
	    "                      is not written\n"
	    "      --nvram DIR     NVRAM folder (startup-config, private keys)\n"
	    "      --bind ADDR     SIP listening address (default 127.0.0.1)\n"
	    "      --sip-port N    SIP UDP/TCP port (default 5060)\n"
	    "      --tls-port N    SIP TLS port (default 5061)\n"
	    "      --allow-egress  allow traffic outside 127.0.0.0/8 and ::1\n"
	    "      --map REAL=LOOPBACK\n"
	    "                      send traffic for REAL to LOOPBACK (repeatable)\n"
	    "      --map-file FILE one REAL=LOOPBACK per line\n"
	    "      --telnet-port N telnet vty lines on the --bind address (default:\n"
	    "                      none)\n"
	    "      --ssh-port N    SSH vty lines on the --bind address (default:\n"
	    "                      none)\n"
	    "      --answer-delay MS\n"
	    "                      how long a called line rings before it\n"
	    "                      answers (default 1000, 0 answers at once)\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n");
}

static int
options_port(const char *arg, int *port)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 1 || n > 65535) {
		fprintf(stderr, "vgw: bad port: %s\n", arg);
		return -1;
	}
	*port = (int)n;
	return 0;
}

static int
options_ms(const char *arg, int *ms)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 0 || n > 600000) {
		fprintf(stderr, "vgw: bad time in ms: %s\n", arg);
		return -1;
	}
	*ms = (int)n;
	return 0;
}

static void
options_append(char ***list, int *n, char *item)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = item;
}

int
options_parse(int argc, char **argv)
{
	int	 ch;

	while ((ch = getopt_long(argc, argv, "c:hV", options_long,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_NVRAM:
			vgw_opts.nvram_dir = optarg;
			break;
		case OPT_CHECK:
			vgw_opts.check_file = optarg;
			break;
		case OPT_BIND:
			vgw_opts.bind_addr = optarg;
			break;
		case OPT_SIP_PORT:
			if (options_port(optarg, &vgw_opts.sip_port) != 0)
				return -1;
			break;
		case OPT_TLS_PORT:
			if (options_port(optarg, &vgw_opts.tls_port) != 0)
				return -1;
			break;
		case OPT_ALLOW_EGRESS:
			vgw_opts.allow_egress = 1;
			break;
		case OPT_MAP:
			options_append(&vgw_opts.maps, &vgw_opts.nmaps, optarg);
			break;
		case OPT_MAP_FILE:
			options_append(&vgw_opts.map_files,
			    &vgw_opts.nmap_files, optarg);
			break;
		case OPT_TELNET_PORT:
			if (options_port(optarg, &vgw_opts.telnet_port) != 0)
				return -1;
			break;
		case OPT_SSH_PORT:
			if (options_port(optarg, &vgw_opts.ssh_port) != 0)
				return -1;
			break;
		case OPT_ANSWER_DELAY:
			if (options_ms(optarg, &vgw_opts.answer_delay_ms) != 0)
				return -1;
			break;
		case 'c':
			options_append(&vgw_opts.commands,
			    &vgw_opts.ncommands, optarg);
			break;
		case 'h':
			options_usage();
			return 1;
		case 'V':
			printf("vgw %s\n", VGW_VERSION);
			return 1;
		default:
			fprintf(stderr, "Try 'vgw --help'.\n");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vgw: unexpected argument: %s\n", argv[optind]);
		return -1;
	}
	return 0;
}

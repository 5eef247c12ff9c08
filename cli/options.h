/*
 * Command-line options of vgw. main() fills vgw_opts before anything else
 * starts; the SIP UA reads the pass-through ones (--bind, --sip-port,
 * --tls-port) when it opens its listeners.
 */
#ifndef VGW_OPTIONS_H
#define VGW_OPTIONS_H

#define VGW_VERSION	"0.1"

struct vgw_options {
	const char	*nvram_dir;	/* --nvram DIR, NULL: the default folder */
	const char	*bind_addr;	/* --bind ADDR, default 127.0.0.1 */
	int		 sip_port;	/* --sip-port N (UDP and TCP), default 5060 */
	int		 tls_port;	/* --tls-port N, default 5061 */
	int		 answer_delay_ms; /* --answer-delay MS, default 1000 */
	int		 telnet_port;	/* --telnet-port N, 0: none */
	int		 ssh_port;	/* --ssh-port N, 0: none */
	int		 allow_egress;	/* --allow-egress */
	const char	*check_file;	/* --check FILE */
	char		**commands;	/* -c COMMAND, in order */
	int		 ncommands;
	char		**maps;		/* --map REAL=LOOPBACK, in order */
	int		 nmaps;
	char		**map_files;	/* --map-file FILE */
	int		 nmap_files;
};

extern struct vgw_options vgw_opts;

/* Parses argv into vgw_opts. Returns -1 after printing the problem, 1
 * when --help or --version was printed (exit 0), else 0. */
int	 options_parse(int argc, char **argv);
void	 options_usage(void);

#endif

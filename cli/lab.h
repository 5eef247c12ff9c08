/* `vgw lab`: a network of routers, each in a network namespace of its own
 * on its real addresses, joined only to each other (lab.c: the commands;
 * lab_topo.c: the topology file; lab_net.c: namespaces and processes).
 * Private to cli/. */
#ifndef VGW_LAB_H
#define VGW_LAB_H

#include <sys/types.h>

#define LAB_NAME_MAX	24
#define LAB_NODES_MAX	250

enum lab_kind { LAB_VGW, LAB_KAMAILIO };

struct lab_node {
	char		 name[LAB_NAME_MAX + 1];
	enum lab_kind	 kind;
	char		*config;	/* startup-config (vgw), cfg (kamailio) */
	char		 addr[16];	/* A.B.C.D */
	int		 prefix;
	char		*enable;	/* enable password for lab exec */
	int		 line;		/* in the topology file */
	int		 manual;	/* start: manual (vgw lab start) */
	pid_t		 pid;		/* running, from the state folder */
};

struct lab {
	char		 name[LAB_NAME_MAX + 1];
	char		*file;		/* the topology file */
	char		*dir;		/* the folder it is in */
	struct lab_node	 nodes[LAB_NODES_MAX];
	int		 nnodes;
};

/* Reads and checks a topology file (or a folder holding topology.yaml):
 * 0, or -1 with the reason printed as FILE:LINE: REASON. Nothing is
 * created. */
int	 lab_topo_read(const char *path, struct lab *);
void	 lab_topo_free(struct lab *);

/* lab_net.c */
char	*lab_state_dir(const char *name);
int	 lab_ns_name(const struct lab *, const char *node, char *out,
	    size_t sz);
int	 lab_run(char *const argv[]);
int	 lab_net_up(const struct lab *);
void	 lab_net_down(char **names, int n);
pid_t	 lab_spawn_in(const char *ns, char *const argv[], int in_fd,
	    int out_fd, const char *cwd);

int	 lab_main(int argc, char **argv, const char *self);

#endif

/*
 * The topology file of `vgw lab` (YAML, read with libyaml):
 *
 *   name: seed                      # the lab's name (letters, digits, -)
 *   routers:                        # vgw routers
 *     ca:
 *       config: ca.cfg              # its startup-config, beside the file
 *       address: 172.18.193.103/16  # its address on the lab segment
 *       enable: cisco               # optional: enable password for exec
 *   peers:                          # third-party programs in the lab
 *     registrar:
 *       kind: kamailio
 *       config: kamailio.cfg        # run in its state folder (-w .)
 *       address: 172.18.193.97/16
 *       start: manual               # not at `lab up`: `vgw lab start`
 *                                   # once what it needs is there
 *
 * Every node is on one segment. Anything else is refused before anything
 * is created, with the file, the line and the reason: an unknown key, a
 * duplicate name or address, a missing config file, a bad address.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "lab.h"
#include "xmalloc.h"

struct topo {
	struct lab	*lab;
	yaml_document_t	 doc;
	const char	*file;
};

static int
topo_err(struct topo *t, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
topo_err(struct topo *t, const yaml_node_t *n, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "%s:%lu: ", t->file, n != NULL ?
	    (unsigned long)n->start_mark.line + 1 : 1UL);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static const char *
topo_scalar(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

static int
topo_name_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0' || strlen(s) > LAB_NAME_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* "A.B.C.D/N" into the node. */
static int
topo_address(struct topo *t, yaml_node_t *v, struct lab_node *node)
{
	const char	*s = topo_scalar(v), *slash;
	struct in_addr	 a;
	char		 buf[16];
	int		 i;

	if (s == NULL || (slash = strchr(s, '/')) == NULL ||
	    (size_t)(slash - s) >= sizeof buf)
		return topo_err(t, v, "address must be A.B.C.D/PREFIX");
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	node->prefix = atoi(slash + 1);
	if (inet_pton(AF_INET, buf, &a) != 1 || node->prefix < 8 ||
	    node->prefix > 30 || ((ntohl(a.s_addr) >> 24) == 127))
		return topo_err(t, v, "bad address %s", s);
	strcpy(node->addr, buf);
	for (i = 0; i < t->lab->nnodes; i++)
		if (strcmp(t->lab->nodes[i].addr, node->addr) == 0 &&
		    &t->lab->nodes[i] != node)
			return topo_err(t, v, "address %s is %s's already",
			    node->addr, t->lab->nodes[i].name);
	return 0;
}

static int
topo_config(struct topo *t, yaml_node_t *v, struct lab_node *node)
{
	const char	*s = topo_scalar(v);
	struct stat	 st;

	if (s == NULL || *s == '\0')
		return topo_err(t, v, "config must name a file");
	if (s[0] == '/')
		node->config = xstrdup(s);
	else
		xasprintf(&node->config, "%s/%s", t->lab->dir, s);
	if (stat(node->config, &st) != 0 || !S_ISREG(st.st_mode))
		return topo_err(t, v, "config file %s: %s", node->config,
		    errno != 0 ? strerror(errno) : "not a file");
	return 0;
}

/* One node: a mapping of config, address, enable (and kind for peers). */
static int
topo_node(struct topo *t, yaml_node_t *k, yaml_node_t *v, int peer)
{
	struct lab_node		*node;
	yaml_node_pair_t	*p;
	const char		*key, *name = topo_scalar(k), *val;
	int			 i;

	if (!topo_name_ok(name))
		return topo_err(t, k, "bad node name (letters, digits, -; up "
		    "to %d)", LAB_NAME_MAX);
	for (i = 0; i < t->lab->nnodes; i++)
		if (strcmp(t->lab->nodes[i].name, name) == 0)
			return topo_err(t, k, "node %s is named twice", name);
	if (t->lab->nnodes == LAB_NODES_MAX)
		return topo_err(t, k, "more than %d nodes", LAB_NODES_MAX);
	if (v->type != YAML_MAPPING_NODE)
		return topo_err(t, v, "node %s must be a mapping", name);
	node = &t->lab->nodes[t->lab->nnodes++];
	snprintf(node->name, sizeof node->name, "%s", name);
	node->line = (int)k->start_mark.line + 1;
	node->kind = LAB_VGW;
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
	    p++) {
		yaml_node_t	*pk = yaml_document_get_node(&t->doc, p->key);
		yaml_node_t	*pv = yaml_document_get_node(&t->doc, p->value);

		key = topo_scalar(pk);
		val = topo_scalar(pv);
		if (key == NULL)
			return topo_err(t, pk, "keys must be words");
		if (strcmp(key, "config") == 0) {
			if (topo_config(t, pv, node) != 0)
				return -1;
		} else if (strcmp(key, "address") == 0) {
			if (topo_address(t, pv, node) != 0)
				return -1;
		} else if (strcmp(key, "enable") == 0 && !peer && val != NULL)
			node->enable = xstrdup(val);
		else if (strcmp(key, "start") == 0 && val != NULL &&
		    (strcmp(val, "manual") == 0 || strcmp(val, "up") == 0))
			node->manual = strcmp(val, "manual") == 0;
		else if (strcmp(key, "kind") == 0 && peer && val != NULL &&
		    strcmp(val, "kamailio") == 0)
			node->kind = LAB_KAMAILIO;
		else if (strcmp(key, "kind") == 0 && peer)
			return topo_err(t, pv, "unknown peer kind (kamailio)");
		else
			return topo_err(t, pk, "unknown key \"%s\" in %s %s",
			    key, peer ? "peer" : "router", name);
	}
	if (node->addr[0] == '\0')
		return topo_err(t, v, "%s has no address", name);
	if (node->config == NULL)
		return topo_err(t, v, "%s has no config", name);
	if (peer && node->kind != LAB_KAMAILIO)
		return topo_err(t, v, "peer %s needs a kind", name);
	return 0;
}

static int
topo_nodes(struct topo *t, yaml_node_t *v, int peer)
{
	yaml_node_pair_t	*p;

	if (v->type != YAML_MAPPING_NODE)
		return topo_err(t, v, "%s must map names to nodes",
		    peer ? "peers" : "routers");
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
	    p++)
		if (topo_node(t, yaml_document_get_node(&t->doc, p->key),
		    yaml_document_get_node(&t->doc, p->value), peer) != 0)
			return -1;
	return 0;
}

static int
topo_root(struct topo *t)
{
	yaml_node_t		*root = yaml_document_get_root_node(&t->doc);
	yaml_node_pair_t	*p;
	const char		*key;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		return topo_err(t, root, "the topology must be a mapping");
	for (p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		yaml_node_t	*k = yaml_document_get_node(&t->doc, p->key);
		yaml_node_t	*v = yaml_document_get_node(&t->doc, p->value);

		if ((key = topo_scalar(k)) == NULL)
			return topo_err(t, k, "keys must be words");
		if (strcmp(key, "name") == 0) {
			if (!topo_name_ok(topo_scalar(v)))
				return topo_err(t, v, "bad lab name");
			snprintf(t->lab->name, sizeof t->lab->name, "%s",
			    topo_scalar(v));
		} else if (strcmp(key, "routers") == 0) {
			if (topo_nodes(t, v, 0) != 0)
				return -1;
		} else if (strcmp(key, "peers") == 0) {
			if (topo_nodes(t, v, 1) != 0)
				return -1;
		} else
			return topo_err(t, k, "unknown key \"%s\"", key);
	}
	if (t->lab->nnodes == 0)
		return topo_err(t, root, "no routers");
	return 0;
}

int
lab_topo_read(const char *path, struct lab *lab)
{
	struct topo	 t;
	yaml_parser_t	 parser;
	struct stat	 st;
	FILE		*f;
	char		*copy;
	int		 ret;

	memset(lab, 0, sizeof *lab);
	strcpy(lab->name, "lab");
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		xasprintf(&lab->file, "%s/topology.yaml", path);
	else
		lab->file = xstrdup(path);
	copy = xstrdup(lab->file);
	lab->dir = xstrdup(dirname(copy));
	free(copy);
	if ((f = fopen(lab->file, "r")) == NULL) {
		fprintf(stderr, "%s: %s\n", lab->file, strerror(errno));
		return -1;
	}
	memset(&t, 0, sizeof t);
	t.lab = lab;
	t.file = lab->file;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &t.doc)) {
		fprintf(stderr, "%s:%lu: %s\n", lab->file,
		    (unsigned long)parser.problem_mark.line + 1,
		    parser.problem != NULL ? parser.problem : "bad YAML");
		yaml_parser_delete(&parser);
		fclose(f);
		return -1;
	}
	ret = topo_root(&t);
	yaml_document_delete(&t.doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return ret;
}

void
lab_topo_free(struct lab *lab)
{
	int	 i;

	for (i = 0; i < lab->nnodes; i++) {
		free(lab->nodes[i].config);
		free(lab->nodes[i].enable);
	}
	free(lab->file);
	free(lab->dir);
}

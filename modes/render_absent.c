/*
 * The `absent` texts of each mode (`no aaa new-model`, `no service
 * password-encryption`, `no ip address`), which running-config prints
 * where no node holds the command. grammar.h has no way to list a mode's
 * commands, so the attributes are read from the embedded grammar XML itself
 * (grammar_blobs[], written by grammar/embed.sh) with libxml2, once.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "render.h"
#include "session.h"
#include "xmalloc.h"

/* The generated blob table's layout (grammar/embed.sh). */
struct render_blob {
	const char		*name;
	const unsigned char	*data;
	size_t			 len;
};
extern const struct render_blob grammar_blobs[] __attribute__((weak));

static struct render_absent_cmd	*absent_list;
static int			 absent_n;
static const struct grammar	*absent_grammar;

static void
absent_add(const char *mode, const char *syntax, const char *text, int order)
{
	struct render_absent_cmd	*a;

	absent_list = xreallocarray(absent_list, absent_n + 1,
	    sizeof *absent_list);
	a = &absent_list[absent_n++];
	a->mode = grammar_mode(absent_grammar, mode);
	a->syntax = xstrdup(syntax);
	a->text = xstrdup(text);
	a->order = order;
}

static void
absent_from_xml(const struct render_blob *b)
{
	xmlDoc	*doc;
	xmlNode	*root, *n;
	xmlChar	*mode, *syntax, *text, *order;

	doc = xmlReadMemory((const char *)b->data, (int)b->len, b->name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (doc == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	for (n = root != NULL ? root->children : NULL; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "command") != 0)
			continue;
		text = xmlGetProp(n, (const xmlChar *)"absent");
		mode = xmlGetProp(n, (const xmlChar *)"mode");
		syntax = xmlGetProp(n, (const xmlChar *)"syntax");
		order = xmlGetProp(n, (const xmlChar *)"order");
		if (text != NULL && mode != NULL && syntax != NULL)
			absent_add((const char *)mode, (const char *)syntax,
			    (const char *)text,
			    order != NULL ? atoi((const char *)order) : 5000);
		xmlFree(text);
		xmlFree(mode);
		xmlFree(syntax);
		xmlFree(order);
	}
	xmlFreeDoc(doc);
}

static void
absent_load(const struct grammar *g)
{
	const struct render_blob	*b;
	int				 i;

	for (i = 0; i < absent_n; i++) {
		free(absent_list[i].syntax);
		free(absent_list[i].text);
	}
	absent_n = 0;
	absent_grammar = g;
	if (g == NULL || grammar_blobs == NULL)
		return;
	for (b = grammar_blobs; b->name != NULL; b++)
		absent_from_xml(b);
}

const struct render_absent_cmd *
render_absent_cmds(const struct grammar *g, int *n)
{
	if (g != absent_grammar)
		absent_load(g);
	*n = absent_n;
	return absent_list;
}

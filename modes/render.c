/*
 * Running-config text from the configuration database: IOS section order
 * (gcmd.order, table in grammar/FORMAT.md), the `!` separators of 12.4T,
 * children one space deeper, absent texts of missing singletons. The
 * "Building configuration..." header and NVRAM are nvram_config.c's.
 */
#include <limits.h>
#include <string.h>

#include "confdb.h"
#include "render.h"
#include "session.h"

/*
 * Top-level sections of a 12.4T running-config, as the samples in
 * ios-reference.md §3.12 show them: how many `!` lines stand before the
 * section, and whether each block (a command opening a sub-mode) is closed
 * by a `!` (IOS prints none between `line` blocks or certificate chains).
 */
struct render_section {
	int	 lo, hi;	/* order range */
	int	 sep;		/* `!` lines wanted before the section */
	int	 block_bang;	/* `!` after each block */
};

static const struct render_section render_sections[] = {
	{    0,  299, 0, 1 },	/* version, service */
	{  300,  399, 1, 1 },	/* hostname */
	{  400,  499, 1, 1 },	/* boot markers */
	{  500,  599, 1, 1 },	/* logging */
	{  600,  699, 1, 1 },	/* enable secret, enable password */
	{  700,  799, 1, 1 },	/* aaa */
	{  800,  899, 1, 1 },	/* resource policy */
	{  900, 1099, 1, 1 },	/* clock timezone, ip cef, ip host, ... */
	{ 1100, 1199, 1, 1 },	/* multilink */
	{ 1200, 1299, 1, 1 },	/* voice-card */
	{ 1300, 1399, 1, 1 },	/* voice service voip */
	{ 1400, 1499, 1, 1 },	/* voice class */
	{ 1500, 1599, 2, 1 },	/* voice register */
	{ 1600, 1609, 1, 1 },	/* crypto pki server */
	{ 1610, 1619, 1, 1 },	/* crypto pki trustpoint */
	{ 1620, 1699, 2, 0 },	/* crypto pki certificate chain */
	{ 1700, 1799, 1, 1 },	/* username */
	{ 1800, 1899, 1, 1 },	/* archive */
	{ 1900, 1999, 1, 1 },	/* application */
	{ 2000, 2099, 2, 1 },	/* interface */
	{ 2100, 2199, 1, 1 },	/* ip classless, ip route */
	{ 2200, 2299, 1, 1 },	/* ip http */
	{ 2300, 2399, 1, 1 },	/* control-plane */
	{ 2400, 2499, 1, 1 },	/* voice-port */
	{ 2500, 2599, 1, 1 },	/* mgcp */
	{ 2600, 2699, 1, 1 },	/* dial-peer */
	{ 2700, 2799, 2, 1 },	/* sip-ua */
	{ 2800, 2899, 1, 1 },	/* telephony-service */
	{ 2900, 2999, 1, 1 },	/* gateway */
	{ 3000, 3099, 2, 0 },	/* line */
	{ 3100, 3199, 0, 1 },	/* scheduler, ntp: right after the lines */
};
#define RENDER_NSECTIONS (sizeof render_sections / sizeof render_sections[0])
#define RENDER_OTHER	 RENDER_NSECTIONS	/* orders no row covers */

/* Lines the renderer prints itself, whatever the database holds. */
struct render_fixed {
	int		 order;
	const char	*text;
};

static const struct render_fixed render_fixed[] = {
	{ 100, "version 12.4" },
	{ 400, "boot-start-marker" },
	{ 410, "boot-end-marker" },
};
#define RENDER_NFIXED	 (sizeof render_fixed / sizeof render_fixed[0])

struct render_state {
	struct sbuf	*out;
	int		 bangs;		/* `!` lines just printed */
	size_t		 section;	/* current top-level section */
	int		 started;
};

static size_t
render_section_of(int order)
{
	size_t	 i;

	for (i = 0; i < RENDER_NSECTIONS; i++) {
		if (order >= render_sections[i].lo &&
		    order <= render_sections[i].hi)
			return i;
	}
	return RENDER_OTHER;
}

static void
render_bang(struct render_state *rs)
{
	sbuf_add(rs->out, "!\n", 2);
	rs->bangs++;
}

/* Separators before a top-level line of the given order. */
static void
render_enter_section(struct render_state *rs, int order)
{
	size_t	 sec = render_section_of(order);
	int	 sep;

	if (rs->started && sec != rs->section) {
		sep = sec == RENDER_OTHER ? 1 : render_sections[sec].sep;
		while (rs->bangs < sep)
			render_bang(rs);
	}
	rs->section = sec;
	rs->started = 1;
}

static void
render_text(struct render_state *rs, int indent, const char *text)
{
	int	 i;

	for (i = 0; i < indent; i++)
		sbuf_putc(rs->out, ' ');
	sbuf_puts(rs->out, text);
	sbuf_putc(rs->out, '\n');
	rs->bangs = 0;
}

static int
render_is_fixed(const char *text)
{
	size_t	 i;

	for (i = 1; i < RENDER_NFIXED; i++) {
		if (strcmp(text, render_fixed[i].text) == 0)
			return 1;
	}
	return strncmp(text, "version ", 8) == 0 || strcmp(text, "version") == 0;
}

static int
render_node_is_block(const struct confnode *n)
{
	const struct gcmd	*cmd = n->match.cmd;

	if (cmd == NULL)
		return !TAILQ_EMPTY(&n->children);
	return cmd->enters != NULL || cmd->render_body != NULL;
}

static void	render_level(struct render_state *, const struct confnode *,
		    int indent);
static void	render_one(struct render_state *, const struct confnode *,
		    int indent);

/* One node's own line and what follows it. */
static void
render_node(struct render_state *rs, const struct confnode *n, int indent)
{
	const struct gcmd	*cmd = n->match.cmd;
	struct sbuf		*out = rs->out;
	int			 i;

	for (i = 0; i < indent; i++)
		sbuf_putc(out, ' ');
	gmatch_render(&n->match, out);
	if (cmd != NULL && cmd->trailing_space)
		sbuf_putc(out, ' ');
	sbuf_putc(out, '\n');
	rs->bangs = 0;
	if (cmd != NULL && cmd->render_body != NULL)
		cmd->render_body(n, out, indent + 1);
	else
		render_level(rs, n, indent + 1);
}

/*
 * The absent texts of a mode: commands with `absent` set, in order. At
 * most RENDER_MAX_ABSENT per mode; more are not shown.
 */
#define RENDER_MAX_ABSENT	32
struct render_absent {
	const struct gcmd	*cmd[RENDER_MAX_ABSENT];
	int			 seen[RENDER_MAX_ABSENT];
	int			 n;
	int			 next;
};

static void
render_absent_collect(const struct gmode *mode, struct render_absent *ra)
{
	const struct gcmd	*const *cmds, *c;
	int			 ncmds, i, j;

	ra->n = ra->next = 0;
	if (mode == NULL || session_grammar == NULL)
		return;
	cmds = render_mode_commands(session_grammar, mode, &ncmds);
	for (i = 0; i < ncmds && ra->n < RENDER_MAX_ABSENT; i++) {
		c = cmds[i];
		if (c->absent == NULL || c->mode != mode)
			continue;
		/* Insertion sort by order, stable. */
		for (j = ra->n; j > 0 && ra->cmd[j - 1]->order > c->order; j--) {
			ra->cmd[j] = ra->cmd[j - 1];
			ra->seen[j] = ra->seen[j - 1];
		}
		ra->cmd[j] = c;
		ra->seen[j] = 0;
		ra->n++;
	}
}

static void
render_absent_mark(struct render_absent *ra, const struct gcmd *cmd)
{
	int	 i;

	for (i = ra->next; i < ra->n; i++) {
		if (ra->cmd[i] == cmd)
			ra->seen[i] = 1;
	}
}

/* Prints the absent texts whose order comes before `order`. */
static void
render_absent_flush(struct render_state *rs, struct render_absent *ra,
    int order, int indent)
{
	const struct gcmd	*c;

	while (ra->next < ra->n && ra->cmd[ra->next]->order < order) {
		c = ra->cmd[ra->next];
		if (!ra->seen[ra->next] &&
		    (indent > 0 || !render_is_fixed(c->absent))) {
			if (indent == 0)
				render_enter_section(rs, c->order);
			render_text(rs, indent, c->absent);
		}
		ra->next++;
	}
}

/* The children of parent (NULL: the global configuration). */
static void
render_level(struct render_state *rs, const struct confnode *parent,
    int indent)
{
	const struct gmode	*mode = NULL;
	struct render_absent	 ra;
	struct confnode		*n;
	size_t			 fixed = 0;
	int			 order;

	if (parent == NULL) {
		if (session_grammar != NULL)
			mode = grammar_mode(session_grammar, "config");
	} else if (parent->match.cmd != NULL)
		mode = parent->match.cmd->enters;
	if (parent != NULL && mode == NULL && TAILQ_EMPTY(&parent->children))
		return;
	render_absent_collect(mode, &ra);
	n = confdb_first((struct confnode *)parent);
	for (;;) {
		if (n == NULL)
			order = INT_MAX;
		else
			order = n->match.cmd != NULL ? n->match.cmd->order : 5000;
		/* Nodes of one command share its order: mark them before the
		 * absent text of that order is considered. */
		if (n != NULL)
			render_absent_mark(&ra, n->match.cmd);
		for (; parent == NULL && fixed < RENDER_NFIXED &&
		    render_fixed[fixed].order <= order; fixed++) {
			render_absent_flush(rs, &ra, render_fixed[fixed].order,
			    indent);
			render_enter_section(rs, render_fixed[fixed].order);
			render_text(rs, 0, render_fixed[fixed].text);
		}
		render_absent_flush(rs, &ra, order, indent);
		if (n == NULL)
			break;
		render_one(rs, n, indent);
		n = confdb_next(n);
	}
}

/* A node in its list: section separators at the top level, and the `!`
 * that closes a top-level block. */
static void
render_one(struct render_state *rs, const struct confnode *n, int indent)
{
	const struct gcmd	*cmd = n->match.cmd;
	int			 order = cmd != NULL ? cmd->order : 5000;
	size_t			 sec;

	if (indent > 0) {
		render_node(rs, n, indent);
		return;
	}
	/* The renderer prints version and the boot markers itself. */
	if (cmd != NULL && cmd->syntax != NULL && render_is_fixed(cmd->syntax))
		return;
	render_enter_section(rs, order);
	render_node(rs, n, 0);
	sec = render_section_of(order);
	if (render_node_is_block(n) &&
	    (sec == RENDER_OTHER || render_sections[sec].block_bang))
		render_bang(rs);
}

void
confdb_render(struct sbuf *out)
{
	struct render_state	 rs;

	memset(&rs, 0, sizeof rs);
	rs.out = out;
	render_level(&rs, NULL, 0);
	if (rs.bangs == 0)
		render_bang(&rs);
	sbuf_puts(out, "end\n");
}

/*
 * Running-config text from the configuration database: IOS section order
 * (gcmd.order, table in grammar/FORMAT.md), the `!` separators of 12.4T,
 * children one space deeper, absent texts of missing singletons. The
 * "Building configuration..." header and NVRAM are nvram_config.c's.
 */
#include <limits.h>
#include <string.h>

#include "confdb.h"
#include "modes_int.h"
#include "modes.h"

/*
 * The slots of a 12.4T running-config (ios-reference.md §3.12 and the
 * feature module's own capture, tests/examples/expected-running-config.txt).
 * IOS writes each subsystem's lines and then its own `!` lines, so after a
 * slot come `after` of them; a block (a command opening a sub-mode) is
 * closed by one more unless block_bang is 0 (`line` blocks and certificate
 * chains follow each other directly). The logging slot prints its `!` even
 * when it has no line. The table covers every order from 0 to 3199; other
 * orders form one slot of their own.
 */
struct render_slot {
	int	 lo, hi;	/* order range */
	int	 after;		/* `!` lines after the slot */
	int	 block_bang;	/* `!` after each block */
	int	 always;	/* its `!` lines even when empty */
};

static const struct render_slot render_slots[] = {
	{    0,  299, 1, 1, 0 },	/* version, service */
	{  300,  399, 1, 1, 0 },	/* hostname */
	{  400,  499, 1, 1, 0 },	/* boot markers */
	{  500,  599, 1, 1, 1 },	/* logging */
	{  600,  699, 1, 1, 0 },	/* enable secret, enable password */
	{  700,  799, 1, 1, 0 },	/* aaa */
	{  800,  899, 0, 1, 0 },	/* resource policy */
	{  900,  999, 0, 1, 0 },	/* clock timezone */
	{ 1000, 1009, 2, 1, 0 },	/* ip subnet-zero */
	{ 1010, 1019, 2, 1, 0 },	/* ip cef */
	{ 1020, 1099, 2, 1, 0 },	/* ip domain, ip host, ip name-server */
	{ 1100, 1199, 1, 1, 0 },	/* multilink */
	{ 1200, 1299, 1, 1, 0 },	/* voice-card */
	{ 1300, 1399, 0, 1, 0 },	/* voice service voip */
	{ 1400, 1499, 1, 1, 0 },	/* voice class */
	{ 1500, 1599, 1, 1, 0 },	/* voice register */
	{ 1600, 1609, 0, 1, 0 },	/* crypto pki server */
	{ 1610, 1619, 1, 1, 0 },	/* crypto pki trustpoint */
	{ 1620, 1699, 1, 0, 0 },	/* crypto pki certificate chain */
	{ 1700, 1799, 1, 1, 0 },	/* username */
	{ 1800, 1899, 1, 1, 0 },	/* archive */
	{ 1900, 1999, 2, 1, 0 },	/* application */
	{ 2000, 2099, 0, 1, 0 },	/* interface */
	{ 2100, 2199, 2, 1, 0 },	/* ip classless, ip route */
	{ 2200, 2299, 5, 1, 0 },	/* ip http */
	{ 2300, 2399, 2, 1, 0 },	/* control-plane */
	{ 2400, 2499, 1, 1, 0 },	/* voice-port */
	{ 2500, 2599, 3, 1, 0 },	/* mgcp, ccm-manager */
	{ 2600, 2699, 0, 1, 0 },	/* dial-peer */
	{ 2700, 2799, 1, 1, 0 },	/* sip-ua */
	{ 2800, 2899, 1, 1, 0 },	/* telephony-service */
	{ 2900, 2999, 1, 1, 0 },	/* gateway */
	{ 3000, 3099, 0, 0, 0 },	/* line */
	{ 3100, 3199, 0, 1, 0 },	/* scheduler, ntp */
	{ 3200, INT_MAX, 1, 1, 0 },	/* anything later */
};
#define RENDER_NSLOTS	(int)(sizeof render_slots / sizeof render_slots[0])

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
	const struct grammar *grammar;	/* absent texts of each mode */
	struct sbuf	*out;
	int		 bangs;		/* `!` lines just printed */
	int		 slot;		/* current top-level slot, -1 first */
	int		 encrypt;	/* service password-encryption */
	int		 brief;		/* no certificate hex (running-config brief) */
};

static int
render_slot_of(int order)
{
	int	 i;

	if (order < 0)
		return 0;
	for (i = 0; i < RENDER_NSLOTS; i++) {
		if (order >= render_slots[i].lo && order <= render_slots[i].hi)
			return i;
	}
	return RENDER_NSLOTS - 1;
}

static void
render_bang(struct render_state *rs)
{
	sbuf_add(rs->out, "!\n", 2);
	rs->bangs++;
}

/* The `!` lines of the slots left behind, before a line of slot `to`. */
static void
render_leave(struct render_state *rs, int to)
{
	int	 n, i;

	if (rs->slot < 0 || to == rs->slot)
		return;
	n = render_slots[rs->slot].after;
	for (i = rs->slot + 1; i < to && i < RENDER_NSLOTS; i++) {
		if (render_slots[i].always)
			n += render_slots[i].after;
	}
	while (n-- > 0)
		render_bang(rs);
}

static void
render_enter(struct render_state *rs, int order)
{
	int	 slot = render_slot_of(order);

	render_leave(rs, slot);
	rs->slot = slot;
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

/* One node's own line and what follows it. */
static void
render_node(struct render_state *rs, const struct confnode *n, int indent)
{
	const struct gcmd	*cmd = n->match.cmd;
	struct sbuf		*out = rs->out;
	int			 i;

	for (i = 0; i < indent; i++)
		sbuf_putc(out, ' ');
	modes_password_render(n, out, rs->encrypt);
	if (cmd != NULL && cmd->trailing_space)
		sbuf_putc(out, ' ');
	sbuf_putc(out, '\n');
	rs->bangs = 0;
	if (cmd != NULL && cmd->render_body != NULL && rs->brief)
		return;		/* IOS names the NVRAM file; vgw has none */
	if (cmd != NULL && cmd->render_body != NULL) {
		cmd->render_body(n, out, indent + 1);
		/* A body may end with its own `!`. */
		if (out->len >= 2 && out->data[out->len - 2] == '!' &&
		    (out->len == 2 || out->data[out->len - 3] == '\n'))
			rs->bangs = 1;
	} else
		render_level(rs, n, indent + 1);
}

/* A node in its list: slot separators at the top level, and the `!` that
 * closes a top-level block. */
static void
render_one(struct render_state *rs, const struct confnode *n, int indent)
{
	const struct gcmd	*cmd = n->match.cmd;
	int			 order = cmd != NULL ? cmd->order : 5000;

	if (indent > 0) {
		render_node(rs, n, indent);
		return;
	}
	/* The renderer prints version and the boot markers itself. */
	if (cmd != NULL && cmd->syntax != NULL && render_is_fixed(cmd->syntax))
		return;
	render_enter(rs, order);
	render_node(rs, n, 0);
	if (render_node_is_block(n) && render_slots[rs->slot].block_bang)
		render_bang(rs);
}

/* The absent texts of one mode, in order, and which of them a node holds. */
#define RENDER_MAX_ABSENT	32
struct render_absent {
	const struct gcmd	*cmd[RENDER_MAX_ABSENT];
	int			 seen[RENDER_MAX_ABSENT];
	int			 n;
	int			 next;
};

/* Sorted by order; commands of one order stay in declaration order. */
static void
render_absent_add(const struct gcmd *c, void *arg)
{
	struct render_absent	*ra = arg;
	int			 j;

	if (c->absent == NULL || ra->n == RENDER_MAX_ABSENT)
		return;
	for (j = ra->n; j > 0 && ra->cmd[j - 1]->order > c->order; j--) {
		ra->cmd[j] = ra->cmd[j - 1];
		ra->seen[j] = ra->seen[j - 1];
	}
	ra->cmd[j] = c;
	ra->seen[j] = 0;
	ra->n++;
}

static void
render_absent_collect(const struct grammar *g, const struct gmode *mode,
    struct render_absent *ra)
{
	ra->n = ra->next = 0;
	if (mode == NULL || g == NULL)
		return;
	grammar_mode_commands(g, mode, render_absent_add, ra);
}

static void
render_absent_mark(struct render_absent *ra, const struct gcmd *cmd)
{
	int	 i;

	if (cmd == NULL)
		return;
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
				render_enter(rs, c->order);
			render_text(rs, indent, c->absent);
		}
		ra->next++;
	}
}

/* The fixed lines due before `order` (global configuration only). */
static void
render_fixed_flush(struct render_state *rs, struct render_absent *ra,
    size_t *fixed, int order)
{
	for (; *fixed < RENDER_NFIXED && render_fixed[*fixed].order <= order;
	    (*fixed)++) {
		render_absent_flush(rs, ra, render_fixed[*fixed].order, 0);
		render_enter(rs, render_fixed[*fixed].order);
		render_text(rs, 0, render_fixed[*fixed].text);
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
		if (rs->grammar != NULL)
			mode = grammar_mode(rs->grammar, "config");
	} else if (parent->match.cmd != NULL)
		mode = parent->match.cmd->enters;
	if (parent != NULL && mode == NULL && TAILQ_EMPTY(&parent->children))
		return;
	render_absent_collect(rs->grammar, mode, &ra);
	for (n = confdb_first((struct confnode *)parent);; n = confdb_next(n)) {
		if (n == NULL)
			order = INT_MAX;
		else
			order = n->match.cmd != NULL ? n->match.cmd->order : 5000;
		/* Nodes of one command share its order: marked before the
		 * absent text of that order is considered. */
		if (n != NULL)
			render_absent_mark(&ra, n->match.cmd);
		if (parent == NULL)
			render_fixed_flush(rs, &ra, &fixed, order);
		render_absent_flush(rs, &ra, order, indent);
		if (n == NULL)
			break;
		render_one(rs, n, indent);
	}
}

static void
render_config(const struct grammar *g, struct sbuf *out, int brief)
{
	struct render_state	 rs;

	memset(&rs, 0, sizeof rs);
	rs.grammar = g;
	rs.out = out;
	rs.slot = -1;
	rs.brief = brief;
	rs.encrypt = modes_password_encryption();
	render_level(&rs, NULL, 0);
	render_leave(&rs, RENDER_NSLOTS);
	if (rs.bangs == 0)
		render_bang(&rs);
	sbuf_puts(out, "end\n");
}

void
confdb_render(const struct grammar *g, struct sbuf *out)
{
	render_config(g, out, 0);
}

void
render_config_brief(const struct grammar *g, struct sbuf *out)
{
	render_config(g, out, 1);
}

void
confdb_render_node(const struct grammar *g, const struct confnode *n,
    struct sbuf *out)
{
	struct render_state	 rs;

	memset(&rs, 0, sizeof rs);
	rs.grammar = g;
	rs.out = out;
	rs.slot = -1;
	rs.encrypt = modes_password_encryption();
	render_node(&rs, n, 0);
}

/*
 * Private structures of the grammar engine: tokens, expanded command paths,
 * the per-mode token trie and the walk state shared by the matcher, `?`
 * help and TAB completion. Nothing outside grammar/ includes this.
 */
#ifndef VGW_GRAMMAR_INT_H
#define VGW_GRAMMAR_INT_H

#include <stddef.h>

#include "grammar.h"

/* One token of a command's syntax. */
struct gtok {
	enum gtok_kind	 kind;
	char		*word;		/* keyword text or placeholder as shown */
	char		*name;		/* $name without the `$`, or NULL */
	char		*help;		/* NULL: looked up in the keyword table */
	long long	 lo, hi;	/* GTOK_RANGE */
};

/* One linear spelling of a command once `{}` and `[]` are expanded. */
struct gpath {
	struct gcmd	*cmd;
	int		 ntoks;
	struct gtok	**toks;		/* canonical tokens (aliases map here) */
	unsigned char	*iskey;		/* per token: part of the key */
	int		 nkey;		/* `no` may stop after this many tokens */
	struct gpath	*next;		/* all paths of the grammar, for freeing */
};

/* A node of a mode's trie: the tokens typed so far select one node. */
struct gnode {
	const struct gtok *tok;		/* NULL for the root */
	struct gnode	*parent;
	int		 depth;
	struct gnode	**kw;		/* keyword children, sorted case-blind */
	int		 nkw, kwcap;
	struct gnode	**args;		/* argument children */
	int		 nargs, argcap;
	const struct gpath *end;	/* a command ends here */
	const struct gpath *neg_end;	/* `no`/`default` may end here */
	int		 minpriv;	/* lowest privilege of paths through */
	int		 vispriv;	/* same, not hidden paths only (99: none) */
	int		 neg;		/* a path through here has a `no` form */
	int		 negvis;	/* ... and is not hidden */
};

struct gkey {
	int		 n;
	char		**words;	/* keywords, "$name"s or placeholders */
};

/* A first word of the real IOS mode that vgw does not implement
 * (<reserved>): it only makes the prefixes it shares ambiguous. */
struct greserved {
	char		*word;
	int		 privilege;
};

struct gmode_int {
	struct gmode	 pub;		/* first: casts between the two */
	char		*file;		/* declaration, or first reference */
	int		 line;
	int		 declared;
	int		 config;	/* `no` and `default` apply */
	int		 exec;		/* privilege filter applies */
	struct gnode	 root;
	struct greserved *reserved;	/* sorted case-blind */
	int		 nreserved;
	struct gmode_int *next;
};

struct gkwhelp {
	char		*word;
	char		*help;
	struct gkwhelp	*next;
};

struct grammar {
	struct gmode_int *modes;
	struct gpath	*paths;
	struct gcmd	**cmds;
	int		 ncmds, cmdcap;
	struct gkwhelp	*kwhelp;	/* keyword help of every file */
	void		**owned;	/* names, texts, tokens: freed at end */
	int		 nowned, ownedcap;
};

/* Embedded files (build/grammar_blob.c, written by grammar/embed.sh). */
struct grammar_blob {
	const char		*name;
	const unsigned char	*data;
	size_t			 len;
};
extern const struct grammar_blob grammar_blobs[];

/* strncasecmp for ASCII keywords, inlined: the matcher's hottest call. */
static inline int
gfold_ncmp(const char *a, const char *b, size_t n)
{
	unsigned char	ca, cb;

	for (; n > 0; n--, a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 32;
		if (cb >= 'A' && cb <= 'Z')
			cb += 32;
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
	return 0;
}

/* registry.c */
cmd_handler_fn	 grammar_registry_handler(const char *);
int		 grammar_registry_render(const char *,
		    void (**)(const struct confnode *, struct sbuf *, int));

/* tokens.c: argument types. */
int		 gtok_placeholder(const char *word, enum gtok_kind *,
		    long long *lo, long long *hi);
int		 gtok_rank(const struct gtok *);
int		 gtok_accept(const struct gtok *, const char *s, size_t len);
void		 gtok_value(const struct gtok *, const char *s, size_t len,
		    struct gval *);
const char	*gtok_display(const struct gtok *);
int		 gtok_ifname(const char *s, size_t len, struct sbuf *canon);
const char	*gtok_iftype(const char *s, size_t len);
const char	*gtok_month(int);	/* 0: January ... 11: December */

/* syntax.c: `{a | b} [c]` into paths. */
struct gtok_list {
	struct gtok	**toks;
	int		 n;
};
int		 gsyntax_expand(struct grammar *, const char *syntax,
		    struct gtok_list **paths, int *npaths, char **why);
void		 gsyntax_free(struct gtok_list *, int);

/* trie.c */
const struct gpath *gtrie_insert(struct gnode *root, struct gtok **toks,
		    int ntoks, const struct gpath *end, int exec);
void		 gtrie_free(struct gnode *root);
int		 gnode_kw_first(const struct gnode *, const char *w, size_t len);

/* walk.c: the one walk behind match, help and completion. */
#define GWALK_MAX_STATES	128
struct gstate {
	const struct gnode *node;
	int		 neg;		/* enum gneg */
};
struct gwalk {
	const struct grammar *g;
	const struct gmode_int *mode;
	int		 priv;
	const char	*line;
	int		 ntok;
	int		 start[GRAMMAR_MAX_TOKENS + 1];
	int		 len[GRAMMAR_MAX_TOKENS + 1];
	int		 linetok;	/* token where a LINE took the rest, or -1 */
	int		 failtok;	/* token that did not match, or -1 */
	struct gstate	 st[GWALK_MAX_STATES];
	int		 nst;
};
enum gstep { GSTEP_OK, GSTEP_INVALID, GSTEP_AMBIGUOUS };

int		 gwalk_init(struct gwalk *, const struct grammar *,
		    const struct gmode *, int priv, const char *line);
enum gstep	 gwalk_run(struct gwalk *, int ntok, int *column);
int		 gwalk_child_ok(const struct gwalk *, const struct gnode *,
		    int neg, int visible);
int		 gwalk_reserved_ambiguous(const struct gwalk *, int ti,
		    const char *pword, int pdistinct);
const struct gpath *gwalk_end(const struct gwalk *, const struct gstate *);
int		 gwalk_root_neg(const struct gwalk *, const struct gstate *);

/* load.c, for command.c */
struct gload;
struct _xmlNode;
struct grammar	*gload_grammar(struct gload *);
const char	*gload_file(struct gload *);
const char	*gload_kwhelp(struct gload *, const char *);
/* Records "file:line: message" (the first error only); returns -1. */
int		 gload_error(struct gload *, struct _xmlNode *, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
char		*gload_attr(struct gload *, struct _xmlNode *, const char *);
int		 gload_yesno(struct gload *, struct _xmlNode *, const char *,
		    int, int *);
int		 gload_attrs_check(struct gload *, struct _xmlNode *);
struct gmode_int *gload_mode(struct gload *, const char *, int);
int		 gcmd_load(struct gload *, struct _xmlNode *);

const char	*grammar_keyword_help(const struct grammar *, const char *);
char		*grammar_strdup(struct grammar *, const char *);
void		*grammar_own(struct grammar *, void *);

#endif

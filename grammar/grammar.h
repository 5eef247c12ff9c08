/*
 * The command grammar: modes and commands declared in XML (one file per
 * feature, format in grammar/FORMAT.md), compiled into one token graph per
 * mode, and the one matcher that serves execution, `?` help and TAB
 * completion. Knows no feature and no terminal: handlers are looked up by
 * name in a registry that features fill at start-up.
 */
#ifndef VGW_GRAMMAR_H
#define VGW_GRAMMAR_H

#include <stdint.h>

#include "sbuf.h"

#define GRAMMAR_MAX_TOKENS	64

struct grammar;
struct gtok;
struct cmd_ctx;
struct confnode;

enum gtok_kind {
	GTOK_KEYWORD,		/* literal; unique prefix, case-insensitive */
	GTOK_WORD,		/* WORD: one blank-free word, any text */
	GTOK_LINE,		/* LINE: the rest of the line, blanks included */
	GTOK_RANGE,		/* <lo-hi>: decimal number in range */
	GTOK_IPV4,		/* A.B.C.D */
	GTOK_IPV4_TARGET,	/* ipv4:A.B.C.D[:PORT] */
	GTOK_DNS,		/* dns:NAME */
	GTOK_URL,		/* URL: scheme:... */
	GTOK_HEX,		/* HEX: hexadecimal digits */
	GTOK_IFNAME,		/* INTERFACE: GigabitEthernet0/0, gi0/0, Loopback0 */
	GTOK_SLOTPORT,		/* SLOT/PORT: 0/1 or 0/3/1 */
	GTOK_TIME,		/* hh:mm:ss: 1-2 digits, colon, ... (shape only) */
	GTOK_MONTH		/* MONTH: month name or unique prefix; text is
				   the full name (January) */
};

/* Command handler: returns 0 when the command was accepted, -1 when it was
 * refused (the handler has printed the IOS error). For a stored command the
 * handler runs first; on 0 the configuration database stores it, on
 * CMD_DONE the handler has done all there is and nothing is stored. The
 * execution layer adds CMD_WAIT (exec/exec.h). */
#define CMD_DONE	1
typedef int (*cmd_handler_fn)(struct cmd_ctx *);

struct gmode {
	const char	*name;		/* "config-sip-ua"; also the prompt part */
	const char	*prompt;	/* "(config-sip-ua)", "" for EXEC */
	const char	*parent;	/* mode `exit` returns to; NULL for exec */
	const char	*header;	/* heading of `?` on an empty line */
	/* Modes such as (config-pubkey) take raw lines until `quit`: each line
	 * goes to this handler (ctx->line) instead of the matcher. */
	cmd_handler_fn	 raw_handler;
};

enum gneg { GNEG_NONE, GNEG_NO, GNEG_DEFAULT };

enum gno_form {
	GNO_REMOVE,		/* `no X` removes the node (the usual case) */
	GNO_KEEP,		/* `no X` is itself stored and shown (no shutdown...) */
	GNO_NONE		/* the command has no `no` form */
};

struct gcmd {
	const struct gmode *mode;
	const char	*syntax;	/* as declared in the XML */
	const char	*file;		/* where it was declared */
	int		 line;
	cmd_handler_fn	 handler;	/* NULL: store only */
	const struct gmode *enters;	/* sub-mode it opens, or NULL */
	int		 store;		/* kept in the configuration database */
	int		 privilege;	/* EXEC: 1 (user) or 15 (privileged) */
	enum gno_form	 no_form;
	int		 order;		/* place in running-config among siblings */
	const char	*absent;	/* rendered when no node exists, or NULL */
	/* The value IOS does not show: storing exactly this text removes
	 * the node instead (`privilege level 1`, `codec g729r8`). */
	const char	*dflt;
	/* On by default (`service pad`, `vad`): only `no X` is kept;
	 * typing X removes it. */
	int		 default_on;
	/* A legacy spelling (`ip domain-name`): its leading keywords are
	 * replaced by this text and the line runs as that command. */
	const char	*respell;
	int		 trailing_space; /* IOS prints "sip-ua " with a blank */
	int		 hidden;	/* accepted but not in `?` */
	/* Renders what follows the command's own line (certificate hex);
	 * NULL: the children, indented one more space. */
	void		 (*render_body)(const struct confnode *, struct sbuf *,
			    int indent);
	void		*key;		/* grammar-private: which tokens form the key */
};

/* One matched token: the grammar token and its value. Stored once per
 * token of every configuration line, so kept to 40 bytes: key is a byte
 * and sits in what would be padding after port. */
struct gval {
	const struct gtok *tok;
	const char	*name;		/* keyword text, or placeholder/$name */
	char		*text;		/* canonical: the full keyword, or the
					   argument as typed (ip addresses
					   normalised) */
	long long	 num;		/* GTOK_RANGE */
	uint32_t	 addr;		/* GTOK_IPV4, GTOK_IPV4_TARGET (host order) */
	uint16_t	 port;		/* GTOK_IPV4_TARGET, 0 when absent */
	uint8_t		 key;		/* part of the node's key (0 or 1) */
};

struct gmatch {
	const struct gcmd *cmd;
	enum gneg	 negate;
	int		 nvals;
	struct gval	 vals[GRAMMAR_MAX_TOKENS];
};

/* Why a line did not match, with what IOS prints for it. */
enum gerror_kind {
	GERR_NONE,
	GERR_INVALID,		/* caret at err.column, "% Invalid input detected at '^' marker." */
	GERR_INCOMPLETE,	/* "% Incomplete command." */
	GERR_AMBIGUOUS,		/* "% Ambiguous command:  \"LINE\"" */
	GERR_EMPTY		/* blank line or comment: nothing to do */
};

struct gerror {
	enum gerror_kind kind;
	int		 column;	/* offset in the typed line of the caret */
};

/* Loading. Returns NULL and sets *err (caller frees) on a schema or
 * semantic error, naming file:line. */
struct grammar	*grammar_new(void);
int		 grammar_load_buffer(struct grammar *, const char *name,
		    const char *xml, size_t len, char **err);
/* After loading buffers one by one: checks that every mode a command or
 * a parent names is declared in some file (grammar_load_builtin calls it). */
int		 grammar_load_finish(struct grammar *, char **err);
/* Loads every XML file embedded at build time. */
int		 grammar_load_builtin(struct grammar *, char **err);
void		 grammar_free(struct grammar *);

/* The registry of handlers and body renderers named in XML; features fill
 * it before loading (their *_register() functions). */
void		 grammar_handler_register(const char *name, cmd_handler_fn);
void		 grammar_render_register(const char *name,
		    void (*)(const struct confnode *, struct sbuf *, int));

const struct gmode *grammar_mode(const struct grammar *, const char *name);
/* Calls fn for every command declared in mode (every mode when mode is
 * NULL), in declaration order: files in load order, commands in file
 * order. */
void		 grammar_mode_commands(const struct grammar *,
		    const struct gmode *mode,
		    void (*fn)(const struct gcmd *, void *), void *arg);

/*
 * Matching a typed line in a mode. privilege limits EXEC commands (1 or
 * 15). `no` and `default` prefixes are understood in configuration modes
 * and set m->negate. Returns 0 on a unique complete match, else -1 with
 * *err describing the IOS error.
 */
int		 grammar_match(const struct grammar *, const struct gmode *,
		    int privilege, const char *line, struct gmatch *m,
		    struct gerror *err);
/* `?`: writes IOS help for line (which ends where the user typed `?`) to
 * out, exactly as IOS prints it (list, "% Unrecognized command", ...). */
void		 grammar_help(const struct grammar *, const struct gmode *,
		    int privilege, const char *line, struct sbuf *out);
/* The same; with prompt_len >= 0 (the prompt's width), a bad word after
 * the first gets IOS's caret line, as it would on Enter, instead of
 * "% Unrecognized command". */
void		 grammar_help_prompt(const struct grammar *,
		    const struct gmode *, int privilege, const char *line,
		    int prompt_len, struct sbuf *out);
/* TAB: the completions of the last word of line (NULL-terminated array,
 * caller frees with grammar_completions_free): the full keywords the
 * partial word abbreviates, in ASCII order; empty after a blank or for an
 * argument. */
char		**grammar_complete(const struct grammar *, const struct gmode *,
		    int privilege, const char *line);
void		 grammar_completions_free(char **);

/* Values of a match, looked up by keyword text, placeholder (WORD,
 * A.B.C.D: the first one) or $name given in the syntax. */
const struct gval *gmatch_get(const struct gmatch *, const char *name);
const char	*gmatch_str(const struct gmatch *, const char *name);
/* Is this value a keyword (not an argument)? */
int		 gval_is_keyword(const struct gval *);
long long	 gmatch_num(const struct gmatch *, const char *name, long long dflt);
int		 gmatch_has(const struct gmatch *, const char *name);
void		 gmatch_copy(struct gmatch *dst, const struct gmatch *src);
void		 gmatch_free(struct gmatch *);
/* Canonical text of the whole command ("no " prefix included when
 * negated), and of its key only. */
void		 gmatch_render(const struct gmatch *, struct sbuf *);
void		 gmatch_render_key(const struct gmatch *, struct sbuf *);

#endif

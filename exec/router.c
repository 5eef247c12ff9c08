/*
 * The router object: the grammar it runs, the sessions on it, its hostname
 * (the prompt of every session), boot and reload. One process is one
 * router; main builds it from the options and passes it down, and a
 * replay (boot, reload, copy startup-config running-config) runs through
 * a file session the router owns, never a user's (FRR's vty_read_file).
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "confdb.h"
#include "log.h"
#include "session_int.h"
#include "xmalloc.h"

static void
router_hostname_event(enum confdb_event ev, struct confnode *n, void *arg)
{
	struct router	*r = arg;

	if (n->parent != NULL || strcmp(n->key, "hostname") != 0)
		return;
	r->hostname = ev == CONFDB_REMOVE ? NULL : n;
}

struct router *
router_new(const struct grammar *g)
{
	struct router	*r;

	r = xcalloc(1, sizeof *r);
	r->grammar = g;
	TAILQ_INIT(&r->sessions);
	confdb_subscribe(router_hostname_event, r);
	r->log = router_log_new();
	router_log_install(r);
	return r;
}

void
router_free(struct router *r)
{
	struct session	*s;

	if (r == NULL)
		return;
	while ((s = TAILQ_FIRST(&r->sessions)) != NULL)
		session_free(s);
	confdb_unsubscribe(router_hostname_event, r);
	log_set_sink(NULL, NULL);
	router_log_free(r->log);
	free(r);
}

const struct grammar *
router_grammar(const struct router *r)
{
	return r->grammar;
}

const char *
router_hostname(const struct router *r)
{
	const char	*name;

	if (r->hostname != NULL &&
	    (name = gmatch_str(&r->hostname->match, "WORD")) != NULL)
		return name;
	return "Router";
}

void
router_set_console_term(struct router *r, struct term *t)
{
	r->console_term = t;
}

struct term *
router_console_term(const struct router *r)
{
	return r->console_term;
}

void
router_set_boot(struct router *r, router_boot_fn fn)
{
	r->boot = fn;
}

int
router_boot(struct router *r)
{
	return r->boot != NULL ? r->boot(r) : 0;
}

void
router_session_add(struct router *r, struct session *s)
{
	TAILQ_INSERT_TAIL(&r->sessions, s, entry);
}

void
router_session_remove(struct router *r, struct session *s)
{
	TAILQ_REMOVE(&r->sessions, s, entry);
}

void
router_reload_request(struct router *r)
{
	r->reload_requested = 1;
}

/*
 * After the command that asked for it has ended: every question waiting
 * on any session is cancelled, the configuration cleared and replayed from
 * startup-config, and each session starts again at a fresh login.
 */
void
router_reload_if_requested(struct router *r)
{
	struct session	*s, *next;

	if (!r->reload_requested)
		return;
	r->reload_requested = 0;
	TAILQ_FOREACH(s, &r->sessions, entry)
		session_pending_free(s);
	confdb_clear();
	/* The router starts again: show version counts uptime from here. */
	router_clock_init();
	router_boot(r);
	for (s = TAILQ_FIRST(&r->sessions); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (s->kind != SESSION_FILE)
			session_reset(s);
	}
}

struct session *
router_file_session(struct router *r, const char *name, struct term *t)
{
	struct session_io	 io;
	struct session		*s;

	memset(&io, 0, sizeof io);
	io.dev = t;
	s = session_new(r, SESSION_FILE, name, &io);
	s->privilege = 15;
	session_enter(s, grammar_mode(r->grammar, "config"), NULL);
	return s;
}

int
router_file_line(struct session *s, const char *line)
{
	int	 before = s->rejected, rounds;

	session_input(s, line);
	/* No one answers a file's questions. */
	for (rounds = 0; rounds < 64 &&
	    session_waiting(s) == SESSION_QUESTION; rounds++)
		session_input_end(s);
	return s->rejected > before ? -1 : 0;
}

void
router_file_session_free(struct session *s)
{
	session_free(s);
}

/* The node that has the key of m under parent, or NULL. */
static struct confnode *
router_key_node(struct confnode *parent, const struct gmatch *m)
{
	struct confnode	*n;
	struct sbuf	 key;

	sbuf_init(&key);
	gmatch_render_key(m, &key);
	n = confdb_find(parent, sbuf_str(&key));
	sbuf_free(&key);
	return n;
}

/*
 * What IOS does not show is not stored: a command on by default typed
 * again (its kept `no` form goes), or a value equal to the declared
 * default (the node goes). Returns 1 when m was such a command.
 */
int
router_store_default(const struct gmatch *m, struct confnode *parent)
{
	struct confnode	*n;
	struct sbuf	 text;
	int		 is_default = 0;

	if (m->negate != GNEG_NONE)
		return 0;
	if (m->cmd->default_on)
		is_default = 1;
	else if (m->cmd->dflt != NULL) {
		sbuf_init(&text);
		gmatch_render(m, &text);
		is_default = strcmp(sbuf_str(&text), m->cmd->dflt) == 0;
		sbuf_free(&text);
	}
	if (is_default && (n = router_key_node(parent, m)) != NULL)
		confdb_remove(n);
	return is_default;
}

struct confnode *
router_apply_line(struct router *r, struct confnode *parent,
    const char *mode, const char *line)
{
	const struct gmode	*gm;
	struct gmatch		 m;
	struct gerror		 err;
	struct confnode		*n;

	if ((gm = grammar_mode(r->grammar, mode)) == NULL)
		return NULL;
	memset(&m, 0, sizeof m);
	if (grammar_match(r->grammar, gm, 15, line, &m, &err) != 0) {
		gmatch_free(&m);
		return NULL;
	}
	/* The grammar's defaults hold here too: a value IOS does not show
	 * is not stored. */
	n = router_store_default(&m, parent) ? NULL : confdb_apply(parent, &m);
	gmatch_free(&m);
	return n;
}

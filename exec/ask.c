/*
 * Questions that never block the loop (tmux's cmd-confirm-before.c is the
 * model): cmd_ask shows the prompt, keeps the command's context and its
 * continuation on the session and returns CMD_WAIT; the front end hands
 * the answer to session_answer when it comes, and the continuation either
 * asks again or ends the command. The IOS forms ([yes/no], [confirm]) are
 * continuations over cmd_ask.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confdb.h"
#include "session_int.h"
#include "xmalloc.h"

/* The session's pending command, made from ctx on the first question. */
static struct session_pending *
ask_pending(struct cmd_ctx *ctx)
{
	struct session		*s = ctx->session;
	struct session_pending	*p;

	if (s->pending != NULL)
		return s->pending;
	p = xcalloc(1, sizeof *p);
	p->ctx = *ctx;
	if (ctx->match != NULL) {
		p->match = xmalloc(sizeof *p->match);
		gmatch_copy(p->match, ctx->match);
		p->ctx.match = p->match;
	}
	p->line = xstrdup(ctx->line != NULL ? ctx->line : "");
	p->ctx.line = p->line;
	p->ctx.term = s->term;
	s->pending = p;
	return p;
}

int
cmd_ask(struct cmd_ctx *ctx, const char *prompt, int echo, cmd_answer_fn fn,
    void *arg)
{
	struct session		*s = ctx->session;
	struct session_pending	*p = ask_pending(ctx);

	p->fn = fn;
	p->arg = arg;
	p->echo = echo;
	/* A question ends the page: what came before shows in full. */
	output_question(s->output);
	term_puts(s->io.dev, prompt);
	return CMD_WAIT;
}

int
cmd_wait(struct cmd_ctx *ctx, cmd_answer_fn fn, void *arg)
{
	struct session		*s = ctx->session;
	struct session_pending	*p;

	if (s->kind == SESSION_FILE) {
		term_puts(ctx->term, "% Not available while a configuration "
		    "is replayed\n");
		return CMD_ERROR;
	}
	p = ask_pending(ctx);
	p->fn = fn;
	p->arg = arg;
	p->echo = 1;
	p->busy = 1;
	output_question(s->output);
	return CMD_WAIT;
}

void
cmd_resume(struct session *s)
{
	struct session_pending	*p = s->pending;

	if (p == NULL || !p->busy)
		return;
	p->busy = 0;
	session_answer(s, "");
	if (s->io.resumed != NULL)
		s->io.resumed(s->io.arg);
}

void
session_pending_free(struct session *s)
{
	struct session_pending	*p = s->pending;
	int			 rounds;

	if (p == NULL)
		return;
	/* A question still waiting gets no answer: its continuation frees
	 * what it holds; nothing it prints is shown. */
	output_mute(s->output, 1);
	for (rounds = 0; rounds < 64 && p->fn != NULL; rounds++) {
		cmd_answer_fn	 fn = p->fn;

		p->fn = NULL;
		if (fn(&p->ctx, NULL, p->arg) != CMD_WAIT)
			break;
	}
	output_mute(s->output, 0);
	if (p->match != NULL) {
		gmatch_free(p->match);
		free(p->match);
	}
	free(p->line);
	free(p);
	s->pending = NULL;
}

int
session_answer(struct session *s, const char *answer)
{
	struct session_pending	*p = s->pending;
	cmd_answer_fn		 fn;
	int			 rc;

	if (p == NULL || p->fn == NULL)
		return 0;
	fn = p->fn;
	p->fn = NULL;
	rc = fn(&p->ctx, answer, p->arg);
	if (rc == CMD_WAIT && p->fn != NULL)
		return 0;
	return session_finish(s, rc);
}

/* The yes/no and confirm forms: the handler's continuation and how many
 * times the question was asked. */
struct ask_choice {
	char		*prompt;
	cmd_choice_fn	 fn;
	void		*arg;
	int		 tries;
	int		 confirm;
};

static char *
ask_trim(const char *answer)
{
	char	*a = xstrdup(answer + strspn(answer, " \t"));
	size_t	 n = strlen(a);

	while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t' ||
	    a[n - 1] == '\r'))
		a[--n] = '\0';
	return a;
}

/* 1 yes, 0 no, -2 neither. */
static int
ask_yesno_parse(const char *answer)
{
	char	*a = ask_trim(answer);
	int	 r = -2;

	if (*a != '\0' && strncasecmp(a, "yes", strlen(a)) == 0)
		r = 1;
	else if (*a != '\0' && strncasecmp(a, "no", strlen(a)) == 0)
		r = 0;
	free(a);
	return r;
}

static int
ask_confirm_parse(const char *answer)
{
	char	*a = ask_trim(answer);
	int	 r;

	r = *a == '\0' || strncasecmp(a, "yes", strlen(a)) == 0;
	free(a);
	return r;
}

static int
ask_choice_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct ask_choice	*c = arg;
	cmd_choice_fn		 fn = c->fn;
	void			*fn_arg = c->arg;
	int			 r;

	if (answer == NULL)
		r = c->confirm ? 0 : -1;
	else if (c->confirm)
		r = ask_confirm_parse(answer);
	else if ((r = ask_yesno_parse(answer)) == -2) {
		/* Bounded: a script feeding garbage must not loop forever. */
		if (++c->tries < 16) {
			term_puts(ctx->term,
			    "% Please answer 'yes' or 'no'.\n");
			return cmd_ask(ctx, c->prompt, 1, ask_choice_answer, c);
		}
		r = -1;
	}
	free(c->prompt);
	free(c);
	return fn(ctx, r, fn_arg);
}

static int
ask_choice(struct cmd_ctx *ctx, const char *prompt, cmd_choice_fn fn,
    void *arg, int confirm)
{
	struct ask_choice	*c;

	c = xcalloc(1, sizeof *c);
	c->prompt = xstrdup(prompt);
	c->fn = fn;
	c->arg = arg;
	c->confirm = confirm;
	return cmd_ask(ctx, c->prompt, 1, ask_choice_answer, c);
}

int
cmd_ask_yesno(struct cmd_ctx *ctx, const char *prompt, cmd_choice_fn fn,
    void *arg)
{
	return ask_choice(ctx, prompt, fn, arg, 0);
}

int
cmd_confirm(struct cmd_ctx *ctx, const char *prompt, cmd_choice_fn fn,
    void *arg)
{
	return ask_choice(ctx, prompt, fn, arg, 1);
}

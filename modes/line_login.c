/* What a vty line asks before EXEC (IOS's `line vty` login): the first
 * `line vty` node that covers line N gives `login` (none: straight in;
 * `login`: the line password; `login local`: a `username`), `password`,
 * `privilege level` and `transport input`. Read from the configuration
 * each time a connection comes, so a change applies to the next login. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "grammar.h"
#include "type7.h"
#include "modes.h"
#include "xmalloc.h"

static struct confnode *
vty_line_node(int line)
{
	struct confnode	*n;
	long long	 first, last;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (strncmp(n->key, "line vty ", 9) != 0)
			continue;
		first = gmatch_num(&n->match, "$first", 0);
		last = gmatch_num(&n->match, "$last", first);
		if (line >= first && line <= last)
			return n;
	}
	return NULL;
}

/* A stored password's clear text (`password TEXT`, `password 0 TEXT`,
 * `password 7 HIDDEN`), to free; NULL without one. */
static char *
password_clear(const struct gmatch *m, const char *hidden, const char *plain,
    const char *typed)
{
	const char	*v;

	if ((v = gmatch_str(m, hidden)) != NULL)
		return password7_decode(v);
	if ((v = gmatch_str(m, plain)) != NULL ||
	    (v = gmatch_str(m, typed)) != NULL)
		return xstrdup(v);
	return NULL;
}

void
vty_login_policy(int line, struct vty_policy *p)
{
	struct confnode	*vn, *n;

	memset(p, 0, sizeof *p);
	p->privilege = 1;
	p->telnet = 1;
	p->ssh = 1;
	p->exec_timeout = 600;	/* IOS's default, exec-timeout 10 0 */
	/* No `line vty` at all is IOS's default: `login`, no password. */
	if ((vn = vty_line_node(line)) == NULL) {
		p->login = VTY_LOGIN_PASSWORD;
		return;
	}
	if ((n = confdb_find(vn, "login")) != NULL)
		p->login = gmatch_has(&n->match, "local") ? VTY_LOGIN_LOCAL :
		    VTY_LOGIN_PASSWORD;
	if ((n = confdb_find(vn, "password")) != NULL)
		p->password = password_clear(&n->match, "$hidden", "$plain",
		    "$typed");
	if ((n = confdb_find(vn, "privilege level")) != NULL)
		p->privilege = (int)gmatch_num(&n->match, "<0-15>", 1);
	if ((n = confdb_find(vn, "transport input")) != NULL) {
		p->telnet = gmatch_has(&n->match, "all") ||
		    gmatch_has(&n->match, "telnet");
		p->ssh = gmatch_has(&n->match, "all") ||
		    gmatch_has(&n->match, "ssh");
	}
	if ((n = confdb_find(vn, "exec-timeout")) != NULL)
		p->exec_timeout = (int)gmatch_num(&n->match, "$min", 10) * 60 +
		    (int)gmatch_num(&n->match, "$sec", 0);
}

void
vty_policy_free(struct vty_policy *p)
{
	free(p->password);
	p->password = NULL;
}

/* `username NAME ...`: 1 and the user's privilege when password matches. */
int
vty_login_user(const char *name, const char *password, int *privilege)
{
	struct confnode	*n;
	const char	*hash;
	char		 key[128], *clear;
	int		 ok = 0;

	if (strlen(name) > 64)
		return 0;
	snprintf(key, sizeof key, "username %s", name);
	if ((n = confdb_find(NULL, key)) == NULL)
		return 0;
	if ((hash = gmatch_str(&n->match, "$shash")) != NULL)
		ok = password5_check(password, hash);
	else if ((clear = password_clear(&n->match, "$hidden", "$plain",
	    "$typed")) != NULL) {
		ok = strcmp(clear, password) == 0;
		free(clear);
	}
	if (ok)
		*privilege = (int)gmatch_num(&n->match, "$priv", 1);
	return ok;
}

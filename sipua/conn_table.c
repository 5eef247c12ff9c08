/* The connection table as IOS keeps it: ids 1..max per transport, entries
 * grouped by remote agent, the transport counters, and the text of
 * `show sip-ua connections`. Pure bookkeeping: no sockets here. */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipua_int.h"
#include "xmalloc.h"

static struct conn_table	 conn_tables[SIPT_COUNT];
static int			 conn_tables_ready;

const char *
sip_transport_name(enum sip_transport t)
{
	static const char	*names[SIPT_COUNT] = { "udp", "tcp", "tls" };

	return names[t];
}

static int
conn_table_max_from_env(void)
{
	const char	*s = getenv("VGW_SIP_MAX_CONNECTIONS");
	int		 n;

	/* Lab knob for the 10,000-connection benchmark; IOS keeps 2048. */
	if (s == NULL || (n = atoi(s)) <= 0)
		return CONN_ID_MAX_DEFAULT;
	return n > CONN_ID_MAX_LIMIT ? CONN_ID_MAX_LIMIT : n;
}

struct conn_table *
conn_table_get(enum sip_transport t)
{
	int	i, max;

	if (!conn_tables_ready) {
		max = conn_table_max_from_env();
		for (i = 0; i < SIPT_COUNT; i++)
			conn_table_init(&conn_tables[i], i, max);
		conn_tables_ready = 1;
	}
	return &conn_tables[t];
}

void
conn_table_reset_stats(struct conn_table *ct)
{
	memset(&ct->stats, 0, sizeof ct->stats);
	snprintf(ct->stats.max_writeq_for, sizeof ct->stats.max_writeq_for,
	    "0.0.0.0:0");
}

void
conn_table_init(struct conn_table *ct, enum sip_transport t, int max)
{
	memset(ct, 0, sizeof *ct);
	ct->transport = t;
	ct->max = max;
	ct->next_id = 1;
	ct->by_id = xcalloc(max + 1, sizeof *ct->by_id);
	TAILQ_INIT(&ct->list);
	conn_table_reset_stats(ct);
}

/* Frees the entries themselves; their sockets are the caller's business. */
void
conn_table_free(struct conn_table *ct)
{
	struct sip_conn	*c;

	while ((c = TAILQ_FIRST(&ct->list)) != NULL) {
		conn_table_remove(ct, c);
		sbuf_free(&c->in);
		free(c->trustpoint);
		free(c);
	}
	free(ct->by_id);
	ct->by_id = NULL;
}

void
sip_sockaddr_text(const struct sockaddr *sa, char *host, size_t hostlen,
    uint16_t *port)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, hostlen);
		*port = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, hostlen);
		*port = ntohs(s6->sin6_port);
	} else {
		snprintf(host, hostlen, "0.0.0.0");
		*port = 0;
	}
}

static unsigned
conn_hash(const struct sockaddr *sa)
{
	unsigned	 h = 0;
	size_t		 i;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
		h = ntohl(sin->sin_addr.s_addr) * 2654435761u ^
		    ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		for (i = 0; i < 16; i++)
			h = h * 31 + s6->sin6_addr.s6_addr[i];
		h ^= ntohs(s6->sin6_port);
	}
	return (h ^ (h >> 13)) % CONN_HASH_SIZE;
}

static int
conn_same_remote(const struct sip_conn *c, const struct sockaddr *sa)
{
	if (c->remote.ss_family != sa->sa_family)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
		const struct sockaddr_in *b =
		    (const struct sockaddr_in *)&c->remote;
		return a->sin_addr.s_addr == b->sin_addr.s_addr &&
		    a->sin_port == b->sin_port;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
		const struct sockaddr_in6 *b =
		    (const struct sockaddr_in6 *)&c->remote;
		return memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0 &&
		    a->sin6_port == b->sin6_port;
	}
	return 0;
}

/* IOS hands out ids in increasing order and wraps, skipping ids in use. */
static int
conn_table_next_id(struct conn_table *ct)
{
	int	i, id;

	if (ct->count >= ct->max)
		return -1;
	for (i = 0; i < ct->max; i++) {
		id = ct->next_id;
		ct->next_id = id >= ct->max ? 1 : id + 1;
		if (ct->by_id[id] == NULL)
			return id;
	}
	return -1;
}

struct sip_conn *
conn_table_add(struct conn_table *ct, const struct sockaddr *sa,
    socklen_t salen)
{
	struct sip_conn	*c;
	int		 id;
	unsigned	 h;

	if (salen > sizeof c->remote || (id = conn_table_next_id(ct)) < 0)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->id = id;
	c->transport = ct->transport;
	c->state = CONN_ESTABLISHED;
	c->fd = -1;
	memcpy(&c->remote, sa, salen);
	c->remote_len = salen;
	sip_sockaddr_text(sa, c->remote_host, sizeof c->remote_host,
	    &c->remote_port);
	if (sa->sa_family == AF_INET)
		c->remote_v4 = ntohl(((const struct sockaddr_in *)sa)->
		    sin_addr.s_addr);
	sbuf_init(&c->in);
	TAILQ_INIT(&c->outq);
	ct->by_id[id] = c;
	h = conn_hash(sa);
	c->hnext = ct->hash[h];
	ct->hash[h] = c;
	TAILQ_INSERT_TAIL(&ct->list, c, entry);
	ct->count++;
	return c;
}

void
conn_table_remove(struct conn_table *ct, struct sip_conn *c)
{
	struct sip_conn	**pp;

	if (c->id <= 0 || ct->by_id[c->id] != c)
		return;
	for (pp = &ct->hash[conn_hash((struct sockaddr *)&c->remote)];
	    *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == c) {
			*pp = c->hnext;
			break;
		}
	}
	ct->by_id[c->id] = NULL;
	TAILQ_REMOVE(&ct->list, c, entry);
	ct->count--;
	c->id = 0;
}

struct sip_conn *
conn_table_find_id(struct conn_table *ct, int id)
{
	if (id < 1 || id > ct->max)
		return NULL;
	return ct->by_id[id];
}

/* The newest established entry to that remote: RFC 3261 §18 reuse. */
struct sip_conn *
conn_table_find_remote(struct conn_table *ct, const struct sockaddr *sa,
    socklen_t salen)
{
	struct sip_conn	*c, *found = NULL;

	for (c = ct->hash[conn_hash(sa)]; c != NULL; c = c->hnext) {
		if (c->state == CONN_CLOSING || !conn_same_remote(c, sa))
			continue;
		if (found == NULL || c->id > found->id)
			found = c;
	}
	return found;
}

struct sip_conn *
conn_table_find_target(struct conn_table *ct, uint32_t addr, uint16_t port)
{
	struct sockaddr_in	sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	return conn_table_find_remote(ct, (struct sockaddr *)&sin, sizeof sin);
}

void
conn_table_note_writeq(struct conn_table *ct, struct sip_conn *c)
{
	if ((unsigned long)c->writeq_size <= ct->stats.max_writeq)
		return;
	ct->stats.max_writeq = c->writeq_size;
	snprintf(ct->stats.max_writeq_for, sizeof ct->stats.max_writeq_for,
	    "%s:%u", c->remote_host, c->remote_port);
}

static const char *
conn_state_name(enum conn_state s)
{
	switch (s) {
	case CONN_CONNECTING:
		return "Connecting";
	case CONN_HANDSHAKE:
		return "Handshake";
	case CONN_ESTABLISHED:
		return "Established";
	case CONN_CLOSING:
		return "Closing";
	}
	return "Unknown";
}

static void
conn_table_render_counters(struct conn_table *ct, struct sbuf *sb)
{
	struct sip_transport_stats	*st = &ct->stats;

	sbuf_printf(sb, "Total active connections      : %d\n", ct->count);
	sbuf_printf(sb, "No. of send failures          : %lu\n",
	    st->send_failures);
	sbuf_printf(sb, "No. of remote closures        : %lu\n",
	    st->remote_closures);
	sbuf_printf(sb, "No. of conn. failures         : %lu\n",
	    st->conn_failures);
	sbuf_printf(sb, "No. of inactive conn. ageouts : %lu\n", st->ageouts);
	if (ct->transport == SIPT_TLS)
		sbuf_printf(sb, "No. of handshake errors       : %lu\n",
		    st->handshake_errors);
	sbuf_printf(sb, "Max. %s send msg queue size of %lu, recorded for %s\n",
	    sip_transport_name(ct->transport), st->max_writeq,
	    st->max_writeq_for);
}

static const char conn_report_note[] =
    "---------Printing Detailed Connection Report---------\n"
    "Note:\n"
    " ** Tuples with no matching socket entry\n"
    "    - Do 'clear sip <tcp[tls]/udp> conn t ipv4:<addr>:<port>'\n"
    "      to overcome this error condition\n"
    " ++ Tuples with mismatched address/port entry\n"
    "    - Do 'clear sip <tcp[tls]/udp> conn t ipv4:<addr>:<port> id <connid>'\n"
    "      to overcome this error condition\n";

static int
conn_cmp_id(const void *a, const void *b)
{
	const struct sip_conn	*x = *(struct sip_conn * const *)a;
	const struct sip_conn	*y = *(struct sip_conn * const *)b;

	return x->id - y->id;
}

/* Remote agents in the order of their lowest connection id, each with its
 * Remote-Port table. */
static void
conn_table_render_agents(struct conn_table *ct, struct sbuf *sb)
{
	struct sip_conn	**v, *c;
	char		*done;
	int		 n = 0, i, j, count;

	if (ct->count == 0)
		return;
	v = xcalloc(ct->count, sizeof *v);
	TAILQ_FOREACH(c, &ct->list, entry)
		v[n++] = c;
	qsort(v, n, sizeof *v, conn_cmp_id);
	done = xcalloc(n, 1);
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		count = 0;
		for (j = i; j < n; j++)
			if (strcmp(v[j]->remote_host, v[i]->remote_host) == 0)
				count++;
		sbuf_printf(sb, "Remote-Agent:%s, Connections-Count:%d\n",
		    v[i]->remote_host, count);
		sbuf_puts(sb, "  Remote-Port Conn-Id Conn-State  WriteQ-Size\n");
		sbuf_puts(sb, "  =========== ======= =========== ===========\n");
		for (j = i; j < n; j++) {
			if (done[j] ||
			    strcmp(v[j]->remote_host, v[i]->remote_host) != 0)
				continue;
			done[j] = 1;
			sbuf_printf(sb, "  %11u %7d %-11s %11d\n",
			    v[j]->remote_port, v[j]->id,
			    conn_state_name(v[j]->state), v[j]->writeq_size);
		}
	}
	free(done);
	free(v);
}

void
conn_table_render(struct conn_table *ct, int detail, struct sbuf *sb)
{
	conn_table_render_counters(ct, sb);
	if (!detail)
		return;
	sbuf_puts(sb, conn_report_note);
	conn_table_render_agents(ct, sb);
}

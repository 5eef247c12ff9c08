/* A small GnuTLS load client for bench/tls: new TLS connections per second
 * (full handshake every time, no resumption) from W worker processes for S
 * seconds, or N connections opened and held (for RSS per connection).
 * Built by bench/tls/build.sh, not by the main Makefile.
 *
 *   tls_load rate HOST PORT SECONDS WORKERS CERT KEY CA PRIORITY
 *   tls_load hold HOST PORT COUNT   HOLDSECS CERT KEY CA PRIORITY
 *
 * rate prints "handshakes N failures F seconds S rate R"; hold prints
 * "held N failures F" once all are up, then keeps them HOLDSECS seconds. */
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

struct target {
	struct sockaddr_in		 sin;
	gnutls_certificate_credentials_t creds;
	gnutls_priority_t		 prio;
};

static double
now(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

/* One full handshake; returns the session (caller closes) or NULL. */
static gnutls_session_t
handshake(struct target *t, int *fdp)
{
	gnutls_session_t	s;
	int			fd, rc, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return NULL;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&t->sin, sizeof t->sin) != 0) {
		close(fd);
		return NULL;
	}
	gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NO_TICKETS);
	gnutls_priority_set(s, t->prio);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, t->creds);
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, 10000);
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		gnutls_deinit(s);
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return s;
}

static void
finish(gnutls_session_t s, int fd)
{
	gnutls_bye(s, GNUTLS_SHUT_WR);
	gnutls_deinit(s);
	close(fd);
}

static void
worker(struct target *t, double seconds, int out)
{
	double			 end = now() + seconds;
	long			 counts[2] = { 0, 0 };
	gnutls_session_t	 s;
	int			 fd;

	while (now() < end) {
		if ((s = handshake(t, &fd)) == NULL) {
			counts[1]++;
			continue;
		}
		counts[0]++;
		finish(s, fd);
	}
	if (write(out, counts, sizeof counts) != sizeof counts)
		_exit(1);
	_exit(0);
}

static int
run_rate(struct target *t, double seconds, int workers)
{
	long	 total[2] = { 0, 0 }, c[2];
	double	 start = now(), took;
	int	 i, p[2];

	if (pipe(p) != 0)
		return 1;
	for (i = 0; i < workers; i++)
		if (fork() == 0)
			worker(t, seconds, p[1]);
	close(p[1]);
	for (i = 0; i < workers; i++) {
		if (read(p[0], c, sizeof c) != sizeof c)
			break;
		total[0] += c[0];
		total[1] += c[1];
	}
	while (wait(NULL) > 0)
		;
	took = now() - start;
	printf("handshakes %ld failures %ld seconds %.2f rate %.1f\n",
	    total[0], total[1], took, total[0] / took);
	return 0;
}

static int
run_hold(struct target *t, int count, int holdsecs)
{
	gnutls_session_t	*s = calloc(count, sizeof *s);
	int			*fds = calloc(count, sizeof *fds);
	int			 i, held = 0, failed = 0;

	for (i = 0; i < count; i++) {
		if ((s[i] = handshake(t, &fds[i])) == NULL)
			failed++;
		else
			held++;
	}
	printf("held %d failures %d\n", held, failed);
	fflush(stdout);
	sleep(holdsecs);
	for (i = 0; i < count; i++)
		if (s[i] != NULL)
			finish(s[i], fds[i]);
	free(s);
	free(fds);
	return failed != 0;
}

int
main(int argc, char **argv)
{
	struct target	 t;
	const char	*err;

	if (argc != 10) {
		fprintf(stderr, "usage: tls_load {rate|hold} HOST PORT "
		    "{SECONDS WORKERS|COUNT HOLDSECS} CERT KEY CA PRIORITY\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	gnutls_global_init();
	memset(&t, 0, sizeof t);
	t.sin.sin_family = AF_INET;
	t.sin.sin_port = htons(atoi(argv[3]));
	if (inet_pton(AF_INET, argv[2], &t.sin.sin_addr) != 1)
		return 2;
	gnutls_certificate_allocate_credentials(&t.creds);
	if (gnutls_certificate_set_x509_key_file(t.creds, argv[6], argv[7],
	    GNUTLS_X509_FMT_PEM) < 0 ||
	    gnutls_certificate_set_x509_trust_file(t.creds, argv[8],
	    GNUTLS_X509_FMT_PEM) < 0) {
		fprintf(stderr, "tls_load: cannot load %s/%s/%s\n", argv[6],
		    argv[7], argv[8]);
		return 2;
	}
	if (gnutls_priority_init(&t.prio, argv[9], &err) < 0) {
		fprintf(stderr, "tls_load: bad priority at %s\n", err);
		return 2;
	}
	if (strcmp(argv[1], "rate") == 0)
		return run_rate(&t, atof(argv[4]), atoi(argv[5]));
	if (strcmp(argv[1], "hold") == 0)
		return run_hold(&t, atoi(argv[4]), atoi(argv[5]));
	return 2;
}

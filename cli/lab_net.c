/*
 * The lab's network: a bridge namespace (vgwl-LAB.bridge, bridge br0)
 * and one namespace per node (vgwl-LAB-NODE) whose eth0 is one end of a
 * veth pair, the other end on the bridge. Nothing connects to the host's
 * network: a node can reach the lab's addresses and nothing else. The
 * links are made with iproute2's `ip` (netlink is its job, not ours);
 * every namespace is written to the state folder before it is made, so
 * `vgw lab down` removes it even after a crash.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "xmalloc.h"

extern char	**environ;

char *
lab_state_dir(const char *name)
{
	const char	*base = getenv("VGW_LAB_DIR");
	char		*dir;

	xasprintf(&dir, "%s/%s", base != NULL && *base != '\0' ? base :
	    "/run/vgw-lab", name);
	return dir;
}

int
lab_ns_name(const struct lab *lab, const char *node, char *out, size_t sz)
{
	if (node == NULL)
		return snprintf(out, sz, "vgwl-%s.bridge", lab->name);
	return snprintf(out, sz, "vgwl-%s-%s", lab->name, node);
}

/* Runs a command, waits for it; its exit status (-1: not run). */
int
lab_run(char *const argv[])
{
	pid_t	 pid;
	int	 st;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return -1;
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `ip ARGS...` with the arguments as words of fmt. */
static int
lab_ip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
lab_ip(const char *fmt, ...)
{
	char	*line, *argv[24], *p, *w;
	va_list	 ap;
	int	 n = 0, rc;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (line == NULL)
		return -1;
	argv[n++] = "ip";
	for (p = line; n < 23 && (w = strsep(&p, " ")) != NULL;)
		if (*w != '\0')
			argv[n++] = w;
	argv[n] = NULL;
	rc = lab_run(argv);
	if (rc != 0)
		fprintf(stderr, "vgw lab: ip %s: failed (%d)\n", line, rc);
	free(line);
	return rc;
}

/* The namespace goes into the state folder's list first. */
static int
lab_ns_add(const char *statedir, const char *ns)
{
	char	*path;
	FILE	*f;

	/* Another lab's (or anyone's): neither used nor recorded, so our
	 * clean-up can never remove it. */
	xasprintf(&path, "/run/netns/%s", ns);
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "vgw lab: namespace %s exists already (another "
		    "lab of this name?)\n", ns);
		free(path);
		return -1;
	}
	free(path);
	xasprintf(&path, "%s/namespaces", statedir);
	f = fopen(path, "a");
	free(path);
	if (f == NULL)
		return -1;
	fprintf(f, "%s\n", ns);
	fclose(f);
	return lab_ip("netns add %s", ns);
}

int
lab_net_up(const struct lab *lab)
{
	char	*state = lab_state_dir(lab->name);
	char	 br[96], ns[96];
	int	 i, rc = -1;

	lab_ns_name(lab, NULL, br, sizeof br);
	if (lab_ns_add(state, br) != 0 ||
	    lab_ip("-n %s link set lo up", br) != 0 ||
	    lab_ip("-n %s link add br0 type bridge", br) != 0 ||
	    lab_ip("-n %s link set br0 up", br) != 0)
		goto out;
	for (i = 0; i < lab->nnodes; i++) {
		const struct lab_node	*n = &lab->nodes[i];

		lab_ns_name(lab, n->name, ns, sizeof ns);
		if (lab_ns_add(state, ns) != 0 ||
		    lab_ip("-n %s link set lo up", ns) != 0 ||
		    lab_ip("-n %s link add p%d type veth peer name n%d netns %s",
		    br, i, i, ns) != 0 ||
		    lab_ip("-n %s link set p%d master br0", br, i) != 0 ||
		    lab_ip("-n %s link set p%d up", br, i) != 0 ||
		    lab_ip("-n %s link set n%d name eth0", ns, i) != 0 ||
		    lab_ip("-n %s addr add %s/%d dev eth0", ns, n->addr,
		    n->prefix) != 0 ||
		    lab_ip("-n %s link set eth0 up", ns) != 0)
			goto out;
	}
	rc = 0;
out:
	free(state);
	return rc;
}

/* Removes the namespaces listed (their veths go with them). */
void
lab_net_down(char **names, int n)
{
	int	 i;
	for (i = n - 1; i >= 0; i--) {
		char	 path[256];

		snprintf(path, sizeof path, "/run/netns/%s", names[i]);
		if (access(path, F_OK) == 0)
			lab_ip("netns del %s", names[i]);
	}
}

/* A process in namespace ns (its own session), stdin and stdout given,
 * in folder cwd when not NULL. */
pid_t
lab_spawn_in(const char *ns, char *const argv[], int in_fd, int out_fd,
    const char *cwd)
{
	char	 path[256];
	pid_t	 pid;
	int	 fd;

	snprintf(path, sizeof path, "/run/netns/%s", ns);
	if ((pid = fork()) != 0)
		return pid;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    setns(fd, CLONE_NEWNET) != 0)
		_exit(127);
	setsid();
	if (cwd != NULL && chdir(cwd) != 0)
		_exit(127);
	dup2(in_fd, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	execvp(argv[0], argv);
	_exit(127);
}

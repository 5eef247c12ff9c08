/*
 * `vgw lab up FILE | status NAME | exec NAME ROUTER 'COMMAND'... |
 * console NAME ROUTER | down NAME`: a lab of routers, each a vgw in its
 * own network namespace on its configured address (lab_net.c), booted
 * from its startup-config. A router's console is its script-mode stdin,
 * a FIFO in the state folder (/run/vgw-lab/NAME, or $VGW_LAB_DIR/NAME),
 * and its transcript console.log there: `exec` writes the commands and a
 * marker comment and prints what came back up to the marker; `console`
 * relays the terminal to both. Every process is recorded by PID and
 * ended by it; `down` also cleans up after a crash. Needs root.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "xmalloc.h"

#define LAB_BOOT_WAIT	20	/* seconds for every router's first prompt */
#define LAB_EXEC_WAIT	60	/* seconds for an exec's answer */

static char *
lab_path(const char *dir, const char *node, const char *file)
{
	char	*p;

	if (node != NULL)
		xasprintf(&p, "%s/%s/%s", dir, node, file);
	else
		xasprintf(&p, "%s/%s", dir, file);
	return p;
}

static pid_t
lab_pid_read(const char *dir, const char *node)
{
	char	*path = lab_path(dir, node, "pid");
	FILE	*f = fopen(path, "r");
	long	 pid = 0;

	free(path);
	if (f != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

/* Is pid still ours: alive, and started with this state folder? */
static int
lab_pid_ours(pid_t pid, const char *dir)
{
	char	 path[64], buf[4096];
	ssize_t	 n, i;
	int	 fd;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%ld/cmdline", (long)pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, dir) != NULL;
}

static void
lab_stop_pid(pid_t pid, const char *dir)
{
	int	 i;

	if (!lab_pid_ours(pid, dir))
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 30 && lab_pid_ours(pid, dir); i++) {
		waitpid(pid, NULL, WNOHANG);
		usleep(100000);
	}
	if (lab_pid_ours(pid, dir))
		kill(pid, SIGKILL);
	waitpid(pid, NULL, WNOHANG);
}

static int
lab_rm_rf(const char *path)
{
	char	*argv[] = { "rm", "-rf", "--", (char *)path, NULL };

	return lab_run(argv);
}

/* Everything a lab made: processes by PID, namespaces, the folder. */
static int
lab_down(const char *name)
{
	char		*dir = lab_state_dir(name), *path, line[256];
	char		*names[LAB_NODES_MAX + 2];
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL) {
		printf("%% No lab %s is up\n", name);
		free(dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			lab_stop_pid(lab_pid_read(dir, de->d_name), dir);
	closedir(d);
	path = lab_path(dir, NULL, "namespaces");
	if ((f = fopen(path, "r")) != NULL) {
		while (n < LAB_NODES_MAX + 2 && fgets(line, sizeof line, f)) {
			line[strcspn(line, "\n")] = '\0';
			if (*line != '\0')
				names[n++] = xstrdup(line);
		}
		fclose(f);
	}
	free(path);
	lab_net_down(names, n);
	while (n > 0)
		free(names[--n]);
	lab_rm_rf(dir);
	printf("Lab %s is down\n", name);
	free(dir);
	return 0;
}

/* A Kamailio peer runs in its state folder: its config and the tls.cfg
 * beside it are copied there (the certificates they name are put there
 * by whoever enrolls it, labs/seed/up.sh for the seed lab). */
static int
lab_copy_peer_files(const char *dir, const struct lab_node *n)
{
	char	*to = lab_path(dir, n->name, "nvram/kamailio.cfg"), *tls;
	char	*src = xstrdup(n->config), *slash = strrchr(src, '/');
	char	*cmd[5] = { "cp", "--", n->config, to, NULL };
	int	 rc = lab_run(cmd);

	if (slash != NULL)
		*slash = '\0';
	xasprintf(&tls, "%s/tls.cfg", src);
	free(to);
	to = lab_path(dir, n->name, "nvram/tls.cfg");
	cmd[2] = tls;
	cmd[3] = to;
	if (rc == 0 && access(tls, F_OK) == 0)
		rc = lab_run(cmd);
	free(tls);
	free(to);
	free(src);
	return rc;
}

/* The router's NVRAM (startup-config from its file) and console FIFO. */
static int
lab_node_prepare(const char *dir, const struct lab_node *n, int *in_fd,
    int *out_fd)
{
	char	*p, *cmd[5];
	int	 rc = -1;

	p = lab_path(dir, n->name, "");
	*in_fd = *out_fd = -1;
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		goto out;
	free(p);
	p = lab_path(dir, n->name, "nvram");
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		goto out;
	if (n->kind == LAB_VGW) {
		free(p);
		p = lab_path(dir, n->name, "nvram/startup-config");
		cmd[0] = "cp"; cmd[1] = "--"; cmd[2] = n->config; cmd[3] = p;
		cmd[4] = NULL;
		if (access(p, F_OK) != 0 && lab_run(cmd) != 0)
			goto out;
	} else if (lab_copy_peer_files(dir, n) != 0)
		goto out;
	free(p);
	p = lab_path(dir, n->name, "console.in");
	if (mkfifo(p, 0600) != 0 && errno != EEXIST)
		goto out;
	/* Read-write: the router never sees end of input between execs. */
	*in_fd = open(p, O_RDWR | O_CLOEXEC);
	free(p);
	p = lab_path(dir, n->name, "console.log");
	*out_fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	rc = *in_fd >= 0 && *out_fd >= 0 ? 0 : -1;
out:
	free(p);
	return rc;
}

static pid_t
lab_node_start(const struct lab *lab, const char *dir,
    const struct lab_node *n, const char *self)
{
	char	 ns[96], *nvram = lab_path(dir, n->name, "nvram");
	char	*argv[24], *keylog;
	int	 in_fd, out_fd, i = 0;
	pid_t	 pid = -1;
	FILE	*f;
	char	*path;

	if (lab_node_prepare(dir, n, &in_fd, &out_fd) != 0)
		goto out;
	lab_ns_name(lab, n->name, ns, sizeof ns);
	if (n->kind == LAB_VGW) {
		/* The namespace is the fence: nothing outside the lab is
		 * reachable, so egress is allowed inside it. */
		argv[i++] = (char *)self; argv[i++] = "--nvram";
		argv[i++] = nvram; argv[i++] = "--bind";
		argv[i++] = (char *)n->addr; argv[i++] = "--sip-port";
		argv[i++] = "5060"; argv[i++] = "--tls-port"; argv[i++] = "5061";
		argv[i++] = "--telnet-port"; argv[i++] = "23";
		argv[i++] = "--allow-egress";
	} else {
		/* In its state folder (its files beside it, -w names it so
		 * lab down knows the process as this lab's). */
		argv[i++] = "kamailio"; argv[i++] = "-f";
		argv[i++] = "kamailio.cfg";
		argv[i++] = "-DD"; argv[i++] = "-E"; argv[i++] = "-m";
		argv[i++] = "64"; argv[i++] = "-M"; argv[i++] = "8";
		argv[i++] = "-Y"; argv[i++] = nvram; argv[i++] = "-w";
		argv[i++] = nvram;
	}
	argv[i] = NULL;
	/* VGW_LAB_KEYLOG=1: each router writes its TLS session keys
	 * (GnuTLS's SSLKEYLOGFILE) for Wireshark. Never for production. */
	keylog = lab_path(dir, n->name, "tls-keys.log");
	if (getenv("VGW_LAB_KEYLOG") != NULL && n->kind == LAB_VGW)
		setenv("SSLKEYLOGFILE", keylog, 1);
	pid = lab_spawn_in(ns, argv, in_fd, out_fd, n->kind == LAB_VGW ?
	    NULL : nvram);
	unsetenv("SSLKEYLOGFILE");
	free(keylog);
	path = lab_path(dir, n->name, "pid");
	if (pid > 0 && (f = fopen(path, "w")) != NULL) {
		fprintf(f, "%ld\n", (long)pid);
		fclose(f);
	}
	free(path);
out:
	if (in_fd >= 0)
		close(in_fd);
	if (out_fd >= 0)
		close(out_fd);
	free(nvram);
	return pid;
}

/* The console transcript's size, and whether it holds text yet. */
static off_t
lab_log_size(const char *dir, const char *node)
{
	char		*p = lab_path(dir, node, "console.log");
	struct stat	 st;
	off_t		 n = stat(p, &st) == 0 ? st.st_size : -1;

	free(p);
	return n;
}

static char *
lab_log_read(const char *dir, const char *node, off_t from)
{
	char	*p = lab_path(dir, node, "console.log"), *buf = NULL;
	FILE	*f = fopen(p, "r");
	long	 end;

	free(p);
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	end = ftell(f);
	if (end >= from && fseek(f, from, SEEK_SET) == 0) {
		buf = xmalloc(end - from + 1);
		buf[fread(buf, 1, end - from, f)] = '\0';
	}
	fclose(f);
	return buf;
}

static int
lab_console_write(const char *dir, const char *node, const char *text)
{
	char	*p = lab_path(dir, node, "console.in");
	int	 fd = open(p, O_WRONLY | O_NONBLOCK | O_CLOEXEC), ok;

	free(p);
	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* Sends lines and a marker comment to the router's console; the marker
 * goes in out (64 bytes), the transcript's size before in *from. */
static int
lab_exec_send(const char *dir, const char *node, char **lines, int n,
    char *marker, off_t *from)
{
	int	 i;

	*from = lab_log_size(dir, node);
	snprintf(marker, 64, "! vgw-lab-exec-%ld-%ld-%s", (long)getpid(),
	    (long)time(NULL), node);
	for (i = 0; i < n; i++)
		if (lab_console_write(dir, node, lines[i]) != 0 ||
		    lab_console_write(dir, node, "\n") != 0)
			return -1;
	if (lab_console_write(dir, node, marker) != 0 ||
	    lab_console_write(dir, node, "\n") != 0)
		return -1;
	return 0;
}

/* Waits for the marker; prints the transcript before its line. */
static int
lab_exec_wait(const char *dir, const char *node, const char *marker,
    off_t from, int quiet)
{
	time_t	 end = time(NULL) + LAB_EXEC_WAIT;
	char	*out, *at;

	while (time(NULL) < end) {
		if ((out = lab_log_read(dir, node, from)) != NULL &&
		    (at = strstr(out, marker)) != NULL) {
			/* Up to the prompt line that shows the marker. */
			while (at > out && at[-1] != '\n')
				at--;
			if (!quiet)
				fwrite(out, 1, at - out, stdout);
			free(out);
			return 0;
		}
		free(out);
		usleep(20000);
	}
	fprintf(stderr, "vgw lab: %s did not answer in %d s\n", node,
	    LAB_EXEC_WAIT);
	return -1;
}

/* Runs lines on the router's console and prints the transcript. */
static int
lab_exec_lines(const char *dir, const char *node, char **lines, int n,
    int quiet)
{
	char	 marker[64];
	off_t	 from;

	if (lab_exec_send(dir, node, lines, n, marker, &from) != 0)
		return -1;
	return lab_exec_wait(dir, node, marker, from, quiet);
}

/* Makes every router's console privileged (`enable`, with the
 * topology's password), all at once, then waits for each. */
static int
lab_boot_wait(const struct lab *lab, const char *dir)
{
	char	 markers[LAB_NODES_MAX][64], *lines[2];
	off_t	 from[LAB_NODES_MAX];
	int	 i, n;

	for (i = 0; i < lab->nnodes; i++) {
		const struct lab_node	*nd = &lab->nodes[i];

		if (nd->kind != LAB_VGW)
			continue;
		n = 0;
		lines[n++] = "enable";
		if (nd->enable != NULL)
			lines[n++] = nd->enable;
		if (lab_exec_send(dir, nd->name, lines, n, markers[i],
		    &from[i]) != 0)
			return -1;
	}
	for (i = 0; i < lab->nnodes; i++)
		if (lab->nodes[i].kind == LAB_VGW && lab_exec_wait(dir,
		    lab->nodes[i].name, markers[i], from[i], 1) != 0)
			return -1;
	return 0;
}

/* The topology file's full path, for `lab start`. */
static int
lab_topo_record(const struct lab *lab, const char *dir)
{
	char	*path = lab_path(dir, NULL, "topology"), real[PATH_MAX];
	FILE	*f = fopen(path, "w");

	free(path);
	if (f == NULL || realpath(lab->file, real) == NULL) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	fprintf(f, "%s\n", real);
	fclose(f);
	return 0;
}

/* The folder the state folders live in (/run/vgw-lab), made 0700. */
static int
lab_mkdir_parent(const char *dir)
{
	char	*parent = xstrdup(dir), *slash = strrchr(parent, '/');
	int	 rc = 0;

	if (slash != NULL && slash != parent) {
		*slash = '\0';
		if (mkdir(parent, 0700) != 0 && errno != EEXIST)
			rc = -1;
	}
	free(parent);
	return rc;
}

static int
lab_up(const char *file, const char *self)
{
	struct lab	 lab;
	char		*dir;
	struct stat	 st;
	int		 i, rc = 1;

	if (lab_topo_read(file, &lab) != 0) {
		lab_topo_free(&lab);
		return 1;
	}
	dir = lab_state_dir(lab.name);
	if (stat(dir, &st) == 0) {
		fprintf(stderr, "vgw lab: lab %s is up already (%s); vgw lab "
		    "down %s first\n", lab.name, dir, lab.name);
		goto out;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "vgw lab: network namespaces need root; "
		    "without it, run routers on loopback ports (README, "
		    "\"Labs\")\n");
		goto out;
	}
	if (lab_mkdir_parent(dir) != 0 || mkdir(dir, 0700) != 0) {
		fprintf(stderr, "vgw lab: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	if (lab_topo_record(&lab, dir) != 0 || lab_net_up(&lab) != 0)
		goto fail;
	for (i = 0; i < lab.nnodes; i++)
		if (!lab.nodes[i].manual && lab_node_start(&lab, dir,
		    &lab.nodes[i], self) <= 0)
			goto fail;
	if (lab_boot_wait(&lab, dir) != 0)
		goto fail;
	printf("Lab %s is up: %d nodes, state in %s\n", lab.name, lab.nnodes,
	    dir);
	for (i = 0; i < lab.nnodes; i++)
		printf("  %-16s %-15s %s%s\n", lab.nodes[i].name,
		    lab.nodes[i].addr, lab.nodes[i].kind == LAB_VGW ? "vgw" :
		    "kamailio", lab.nodes[i].manual ? " (start: manual)" : "");
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "vgw lab: lab %s did not come up; removing what it "
	    "made\n", lab.name);
	lab_down(lab.name);
out:
	free(dir);
	lab_topo_free(&lab);
	return rc;
}

static int
lab_status(const char *name)
{
	char		*dir = lab_state_dir(name);
	struct dirent	*de;
	DIR		*d;
	pid_t		 pid;

	if ((d = opendir(dir)) == NULL) {
		printf("%% No lab %s is up\n", name);
		free(dir);
		return 1;
	}
	printf("Lab %s (%s)\n", name, dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (pid = lab_pid_read(dir,
		    de->d_name)) == 0)
			continue;
		printf("  %-16s pid %-8ld %s\n", de->d_name, (long)pid,
		    lab_pid_ours(pid, dir) ? "running" : "stopped");
	}
	closedir(d);
	free(dir);
	return 0;
}

/* The terminal to the router's console and back, until end of input. */
static int
lab_console(const char *name, const char *node)
{
	char		*dir = lab_state_dir(name), buf[4096], *out;
	struct pollfd	 pfd = { STDIN_FILENO, POLLIN, 0 };
	off_t		 from = 0;
	ssize_t		 n;

	if (lab_log_size(dir, node) < 0) {
		fprintf(stderr, "vgw lab: no router %s in lab %s\n", node,
		    name);
		free(dir);
		return 1;
	}
	from = lab_log_size(dir, node);
	lab_console_write(dir, node, "\n");
	for (;;) {
		if ((out = lab_log_read(dir, node, from)) != NULL) {
			fputs(out, stdout);
			fflush(stdout);
			from += strlen(out);
			free(out);
		}
		if (poll(&pfd, 1, 100) > 0) {
			if ((n = read(STDIN_FILENO, buf, sizeof buf - 1)) <= 0)
				break;
			buf[n] = '\0';
			lab_console_write(dir, node, buf);
		}
	}
	free(dir);
	return 0;
}

/* A node left for later (`start: manual`), or one that stopped. */
static int
lab_start(const char *name, const char *node, const char *self)
{
	struct lab	 lab;
	char		*dir = lab_state_dir(name), *path, file[1024];
	FILE		*f;
	int		 i, rc = 1;

	path = lab_path(dir, NULL, "topology");
	f = fopen(path, "r");
	free(path);
	if (f == NULL || fgets(file, sizeof file, f) == NULL) {
		printf("%% No lab %s is up\n", name);
		if (f != NULL)
			fclose(f);
		free(dir);
		return 1;
	}
	fclose(f);
	file[strcspn(file, "\n")] = '\0';
	if (lab_topo_read(file, &lab) != 0) {
		lab_topo_free(&lab);
		free(dir);
		return 1;
	}
	for (i = 0; i < lab.nnodes; i++) {
		if (strcmp(lab.nodes[i].name, node) != 0)
			continue;
		if (lab_pid_ours(lab_pid_read(dir, node), dir))
			fprintf(stderr, "vgw lab: %s is running\n", node);
		else if (lab_node_start(&lab, dir, &lab.nodes[i], self) > 0)
			rc = 0;
		break;
	}
	if (i == lab.nnodes)
		fprintf(stderr, "vgw lab: no node %s in lab %s\n", node, name);
	lab_topo_free(&lab);
	free(dir);
	return rc;
}

static int
lab_usage(void)
{
	fprintf(stderr, "usage: vgw lab up FILE|DIR\n"
	    "       vgw lab status NAME\n"
	    "       vgw lab exec NAME ROUTER 'COMMAND' ...\n"
	    "       vgw lab console NAME ROUTER\n"
	    "       vgw lab start NAME NODE\n"
	    "       vgw lab down NAME\n");
	return 2;
}

int
lab_main(int argc, char **argv, const char *self)
{
	char	*dir;
	int	 rc;

	if (argc >= 2 && strcmp(argv[0], "up") == 0)
		return lab_up(argv[1], self);
	if (argc >= 2 && strcmp(argv[0], "status") == 0)
		return lab_status(argv[1]);
	if (argc >= 2 && strcmp(argv[0], "down") == 0)
		return lab_down(argv[1]);
	if (argc >= 3 && strcmp(argv[0], "start") == 0)
		return lab_start(argv[1], argv[2], self);
	if (argc >= 3 && strcmp(argv[0], "console") == 0)
		return lab_console(argv[1], argv[2]);
	if (argc >= 4 && strcmp(argv[0], "exec") == 0) {
		dir = lab_state_dir(argv[1]);
		rc = lab_log_size(dir, argv[2]) < 0 ? -1 :
		    lab_exec_lines(dir, argv[2], argv + 3, argc - 3, 0);
		if (rc != 0 && lab_log_size(dir, argv[2]) < 0)
			fprintf(stderr, "vgw lab: no router %s in lab %s\n",
			    argv[2], argv[1]);
		free(dir);
		return rc == 0 ? 0 : 1;
	}
	return lab_usage();
}

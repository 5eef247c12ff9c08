/*
 * The NVRAM folder and the atomic file write every saved file goes through.
 * What the files hold belongs to modes/ (startup-config) and pki/ (keys).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvram.h"
#include "xmalloc.h"

static char	*nvram_folder;
static int	 nvram_ready;

void
nvram_set_dir(const char *dir)
{
	free(nvram_folder);
	nvram_folder = dir != NULL ? xstrdup(dir) : NULL;
	nvram_ready = 0;
}

/* mkdir -p with mode 0700 for the folders it creates. */
static int
nvram_mkdirs(const char *path)
{
	char	*p, *s, c;
	int	 rc = 0;

	s = xstrdup(path);
	for (p = s + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(s, 0700) == -1 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	free(s);
	return rc;
}

static char *
nvram_default_dir(void)
{
	const char	*state, *home;
	char		*dir;

	state = getenv("XDG_STATE_HOME");
	if (state != NULL && *state == '/') {
		xasprintf(&dir, "%s/vgw/nvram", state);
		return dir;
	}
	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		home = "/tmp";
	xasprintf(&dir, "%s/.local/state/vgw/nvram", home);
	return dir;
}

const char *
nvram_dir(void)
{
	if (nvram_folder == NULL)
		nvram_folder = nvram_default_dir();
	if (!nvram_ready) {
		/* A failure shows up later as the error of the file write. */
		(void)nvram_mkdirs(nvram_folder);
		nvram_ready = 1;
	}
	return nvram_folder;
}

char *
nvram_path(const char *name)
{
	char	*path;

	xasprintf(&path, "%s/%s", nvram_dir(), name);
	return path;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/* fsync of the folder holding path, so the rename itself is durable. */
static int
fsync_parent(const char *path)
{
	char	*dir, *slash;
	int	 fd, rc;

	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* A temporary file of file_write_atomic: NAME.tmpXXXXXX. */
static int
nvram_is_temp(const char *name)
{
	size_t	 n = strlen(name);

	return n > 10 && strncmp(name + n - 10, ".tmp", 4) == 0;
}

int
nvram_clean_stale(void)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 fd, removed = 0;

	if ((fd = open(nvram_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1)
		return 0;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (!nvram_is_temp(de->d_name) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (unlinkat(fd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

const char *
nvram_folder_unsafe(void)
{
	struct stat	 st;

	if (stat(nvram_dir(), &st) == -1)
		return NULL;
	if (st.st_uid != geteuid())
		return "is owned by another user";
	if ((st.st_mode & 022) != 0)
		return "is writable by other users";
	return NULL;
}

char *
file_read_private(const char *path, size_t *lenp, const char **why)
{
	struct stat	 st;

	*why = NULL;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (st.st_uid != geteuid())
			*why = "not owned by this user";
		else if ((st.st_mode & 077) != 0)
			*why = "readable or writable by other users";
	}
	if (*why != NULL) {
		errno = EPERM;
		return NULL;
	}
	return file_read_all(path, lenp);
}

int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char	*tmp;
	int	 fd, saved;

	xasprintf(&tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		saved = errno;
		free(tmp);
		errno = saved;
		return -1;
	}
	if (fchmod(fd, mode) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return fsync_parent(path);

fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

char *
file_read_all(const char *path, size_t *lenp)
{
	struct stat	 st;
	char		*buf;
	size_t		 len = 0, cap;
	ssize_t		 n;
	int		 fd, saved;

	/* Not through a symbolic link (ELOOP), never waiting on a FIFO, and
	 * a regular file only (EISDIR for a directory, EINVAL otherwise). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		saved = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = saved;
		return NULL;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

/* The NVRAM folder: startup-config and private keys live there. Only the
 * path and the atomic file write are here; what goes in the files belongs to
 * modes/ (configuration) and pki/ (keys). */
#ifndef VGW_NVRAM_H
#define VGW_NVRAM_H

#include <stddef.h>
#include <sys/types.h>

void		 nvram_set_dir(const char *dir);
/* The folder, created (0700) if missing. Default: $XDG_STATE_HOME/vgw/nvram,
 * else ~/.local/state/vgw/nvram. */
const char	*nvram_dir(void);
/* Full path of a file in the folder; the caller frees it. */
char		*nvram_path(const char *name);
/*
 * Writes data to path atomically: a temporary file in the same folder,
 * fsync, rename, fsync of the folder. The old file stays whole on any error.
 * Returns 0, or -1 with errno set.
 */
int		 file_write_atomic(const char *path, const void *data, size_t len,
		    mode_t mode);
/* Reads a whole regular file (NUL-terminated), never through a symbolic
 * link; NULL with errno set: ENOENT when absent, ELOOP for a link, EISDIR
 * for a directory, EINVAL for another kind, EACCES, ... */
char		*file_read_all(const char *path, size_t *lenp);

/* A private file (a key): as file_read_all, but NULL with errno EPERM
 * and *why set when another user owns it or others may read or write it
 * (OpenSSH's rule for private keys). */
char		*file_read_private(const char *path, size_t *lenp,
		    const char **why);
/* Removes what a killed save left behind (NAME.tmpXXXXXX files of this
 * user); how many. */
int		 nvram_clean_stale(void);
/* Why the folder is unsafe (owned by another user, writable by others),
 * or NULL. */
const char	*nvram_folder_unsafe(void);

#endif

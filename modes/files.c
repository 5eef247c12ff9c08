/*
 * The router's file systems as IOS shows them, over the NVRAM folder:
 * nvram: holds startup-config; flash: is the folder's other files (keys,
 * the certificate server's database, CRLs). `dir nvram:`, `dir flash:`,
 * `show flash:`, `show file systems`, `more FILE`. Layouts from 12.4
 * captures of a 2811 (dir and show flash:), with its 64 MB flash and
 * 196600-byte NVRAM; the files and their sizes are the folder's.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "modes_int.h"
#include "nvram.h"
#include "xmalloc.h"

#define NVRAM_SIZE	196600		/* a 2811's nvram: */
#define FLASH_SIZE	64016384ULL	/* and its flash: */
#define FILES_MAX	256
#define MORE_MAX	(1024 * 1024)

struct file_ent {
	char	 name[256];
	off_t	 size;
	time_t	 mtime;
};

/* nvram: is startup-config alone; flash: the other regular files. */
static int
files_list(int nvram, struct file_ent *out, int max)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*path;
	int		 n = 0, is_startup;

	if ((d = opendir(nvram_dir())) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp") != NULL)
			continue;
		is_startup = strcmp(de->d_name, "startup-config") == 0;
		if (is_startup != nvram)
			continue;
		path = nvram_path(de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			snprintf(out[n].name, sizeof out[n].name, "%s",
			    de->d_name);
			out[n].size = st.st_size;
			out[n].mtime = st.st_mtime;
			n++;
		}
		free(path);
	}
	closedir(d);
	return n;
}

static void
files_date(time_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%b %e %Y %H:%M:%S +00:00", &tm);
}

/* A 2811's 64 MB flash: the folder's files count against it. */
static void
files_space(unsigned long long *total, unsigned long long *avail)
{
	struct file_ent	*f = xcalloc(FILES_MAX, sizeof *f);
	unsigned long long used = 0;
	int		 i, n = files_list(0, f, FILES_MAX);

	for (i = 0; i < n; i++)
		used += f[i].size;
	free(f);
	*total = FLASH_SIZE;
	*avail = used < FLASH_SIZE ? FLASH_SIZE - used : 0;
}

/* 12.4's dir: index, permissions, size, date, name; then the totals. */
static int
modes_dir(struct cmd_ctx *ctx)
{
	struct file_ent		*f = xcalloc(FILES_MAX, sizeof *f);
	struct sbuf		 sb;
	int			 nvram = gmatch_has(ctx->match, "nvram:");
	int			 i, n = files_list(nvram, f, FILES_MAX);
	unsigned long long	 total, avail, used = 0;
	char			 date[64];

	sbuf_init(&sb);
	sbuf_printf(&sb, "Directory of %s/\n\n", nvram ? "nvram:" : "flash:");
	for (i = 0; i < n; i++) {
		used += f[i].size;
		if (nvram)
			strcpy(date, "<no date>");
		else
			files_date(f[i].mtime, date, sizeof date);
		sbuf_printf(&sb, "%5d  %-4s %11lld  %26s  %s\n", i + 1,
		    "-rw-", (long long)f[i].size, date, f[i].name);
	}
	if (n == 0)
		sbuf_puts(&sb, "No files in directory\n");
	files_space(&total, &avail);
	if (nvram)
		sbuf_printf(&sb, "\n%d bytes total (%llu bytes free)\n",
		    NVRAM_SIZE, used < NVRAM_SIZE ? NVRAM_SIZE - used : 0ULL);
	else
		sbuf_printf(&sb, "\n%llu bytes total (%llu bytes free)\n",
		    total, avail);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	free(f);
	return CMD_DONE;
}

static int
modes_show_flash(struct cmd_ctx *ctx)
{
	struct file_ent		*f = xcalloc(FILES_MAX, sizeof *f);
	struct sbuf		 sb;
	int			 i, n = files_list(0, f, FILES_MAX);
	unsigned long long	 total, avail, used = 0;
	char			 date[64];
	struct tm		 tm;

	sbuf_init(&sb);
	sbuf_puts(&sb, "-#- --length-- -----date/time------ path\n");
	for (i = 0; i < n; i++) {
		gmtime_r(&f[i].mtime, &tm);
		strftime(date, sizeof date, "%b %d %Y %H:%M:%S", &tm);
		sbuf_printf(&sb, "%-3d %10lld %s %s\n", i + 1,
		    (long long)f[i].size, date, f[i].name);
		used += f[i].size;
	}
	files_space(&total, &avail);
	sbuf_printf(&sb, "\n%llu bytes available (%llu bytes used)\n", avail,
	    used);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	free(f);
	return CMD_DONE;
}

/* What nvram: holds (startup-config). */
static unsigned long long
files_nvram_used(void)
{
	struct file_ent		 f[1];

	return files_list(1, f, 1) > 0 ? (unsigned long long)f[0].size : 0;
}

static int
modes_show_file_systems(struct cmd_ctx *ctx)
{
	unsigned long long	 total, avail, nv = files_nvram_used();
	struct sbuf		 sb;

	files_space(&total, &avail);
	sbuf_init(&sb);
	sbuf_printf(&sb, "File Systems:\n\n     Size(b)     Free(b)      Type  "
	    "Flags  Prefixes\n"
	    "           -           -    opaque     rw   archive:\n"
	    "           -           -    opaque     rw   system:\n"
	    "           -           -    opaque     rw   tmpsys:\n"
	    "           -           -    opaque     rw   null:\n"
	    "           -           -   network     rw   tftp:\n"
	    "*%11llu %11llu      disk     rw   flash:#\n"
	    "      %6d      %6llu     nvram     rw   nvram:\n"
	    "           -           -    opaque     wo   syslog:\n"
	    "           -           -   network     rw   http:\n",
	    total, avail, NVRAM_SIZE, nv < NVRAM_SIZE ? NVRAM_SIZE - nv : 0ULL);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

/* `more nvram:startup-config`, `more flash:FILE`: text files only (a key
 * file is private: refused as IOS refuses private-config). */
static int
modes_more(struct cmd_ctx *ctx)
{
	const char	*url = gmatch_str(ctx->match, "$file");
	const char	*name = strchr(url, ':');
	char		*path, *text;
	size_t		 len, i;

	name = name != NULL ? name + 1 : url;
	while (*name == '/')
		name++;
	if (strncmp(url, "nvram:", 6) != 0 && strncmp(url, "flash:", 6) != 0) {
		term_printf(ctx->term, "%%Error opening %s (Invalid path)\n",
		    url);
		return CMD_ERROR;
	}
	if (*name == '\0' || strchr(name, '/') != NULL ||
	    strncmp(name, "rsa-", 4) == 0 || strstr(name, ".key") != NULL ||
	    strstr(name, ".p12") != NULL) {
		term_printf(ctx->term, "%%Error opening %s (Permission "
		    "denied)\n", url);
		return CMD_ERROR;
	}
	path = nvram_path(name);
	text = file_read_all(path, &len);
	free(path);
	if (text == NULL || len > MORE_MAX) {
		free(text);
		term_printf(ctx->term, "%%Error opening %s (File not found)\n",
		    url);
		return CMD_ERROR;
	}
	for (i = 0; i < len; i++)
		if (text[i] == '\0' || ((unsigned char)text[i] < 0x20 &&
		    text[i] != '\n' && text[i] != '\r' && text[i] != '\t'))
			text[i] = '.';	/* binary shown as IOS's dots */
	term_write(ctx->term, text, len);
	if (len > 0 && text[len - 1] != '\n')
		term_puts(ctx->term, "\n");
	free(text);
	return CMD_DONE;
}

void
files_cmds_register(void)
{
	grammar_handler_register("modes_dir", modes_dir);
	grammar_handler_register("modes_show_flash", modes_show_flash);
	grammar_handler_register("modes_show_file_systems",
	    modes_show_file_systems);
	grammar_handler_register("modes_more", modes_more);
}

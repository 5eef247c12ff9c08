/* The RSA key store: key pairs by label, each in its own NVRAM file of mode
 * 0600 with its label, usage, exportable flag and generation time. Keys are
 * never configuration: nothing here touches running-config. */
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/abstract.h>

#include "clock.h"
#include "log.h"
#include "nvram.h"
#include "pki_int.h"
#include "sbuf.h"
#include "xmalloc.h"

#define KEYFILE_PREFIX	"rsa-"
#define KEYFILE_SUFFIX	".key"
#define PEM_END		"-----END RSA PRIVATE KEY-----"

static TAILQ_HEAD(, pki_key) keystore = TAILQ_HEAD_INITIALIZER(keystore);

static void
keystore_key_free(struct pki_key *k)
{
	if (k->sign != NULL)
		gnutls_x509_privkey_deinit(k->sign);
	if (k->encr != NULL)
		gnutls_x509_privkey_deinit(k->encr);
	free(k->label);
	free(k);
}

void
keystore_clear(void)
{
	struct pki_key	*k;

	while ((k = TAILQ_FIRST(&keystore)) != NULL) {
		TAILQ_REMOVE(&keystore, k, entry);
		keystore_key_free(k);
	}
}

struct pki_key *
keystore_find(const char *label)
{
	struct pki_key	*k;

	TAILQ_FOREACH(k, &keystore, entry) {
		if (strcmp(k->label, label) == 0)
			return k;
	}
	return NULL;
}

struct pki_key *
keystore_first(void)
{
	return TAILQ_FIRST(&keystore);
}

struct pki_key *
keystore_next(struct pki_key *k)
{
	return TAILQ_NEXT(k, entry);
}

/* Labels become file names: anything but [A-Za-z0-9._-] is %XX-escaped. */
char *
keystore_file_name(const char *label)
{
	struct sbuf	 sb;
	const char	*p;

	sbuf_init(&sb);
	sbuf_puts(&sb, KEYFILE_PREFIX);
	for (p = label; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			sbuf_putc(&sb, *p);
		else
			sbuf_printf(&sb, "%%%02X", (unsigned char)*p);
	}
	sbuf_puts(&sb, KEYFILE_SUFFIX);
	return sbuf_detach(&sb);
}

unsigned int
keystore_bits(gnutls_x509_privkey_t key)
{
	unsigned int	 bits = 0;

	gnutls_x509_privkey_get_pk_algorithm2(key, &bits);
	return bits;
}

int
keystore_spki(gnutls_x509_privkey_t key, gnutls_datum_t *out)
{
	gnutls_privkey_t	 pk;
	gnutls_pubkey_t		 pub = NULL;
	int			 ret = -1;

	if (gnutls_privkey_init(&pk) < 0)
		return -1;
	if (gnutls_privkey_import_x509(pk, key, 0) == 0 &&
	    gnutls_pubkey_init(&pub) == 0 &&
	    gnutls_pubkey_import_privkey(pub, pk, 0, 0) == 0 &&
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, out) == 0)
		ret = 0;
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	return ret;
}

static int
keystore_pem_add(struct sbuf *sb, gnutls_x509_privkey_t key)
{
	gnutls_datum_t	 pem;

	if (gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &pem) < 0)
		return -1;
	sbuf_add(sb, (const char *)pem.data, pem.size);
	gnutls_free(pem.data);
	return 0;
}

static int
keystore_save(struct pki_key *k, char **err)
{
	struct sbuf	 sb;
	char		*name, *path;
	int		 ret;

	sbuf_init(&sb);
	sbuf_printf(&sb, "# vgw RSA key pair: private, never in running-config\n"
	    "label %s\nusage %s\nexportable %s\ngenerated %lld\nstamp %lld\n",
	    k->label, k->usage_keys ? "usage-keys" : "general-keys",
	    k->exportable ? "yes" : "no", (long long)k->generated, k->stamp);
	if (keystore_pem_add(&sb, k->sign) != 0 ||
	    (k->encr != NULL && keystore_pem_add(&sb, k->encr) != 0)) {
		sbuf_free(&sb);
		xasprintf(err, "%% Unable to export the key pair %s", k->label);
		return -1;
	}
	name = keystore_file_name(k->label);
	path = nvram_path(name);
	nvram_clean_stale();
	ret = file_write_atomic(path, sb.data, sb.len, 0600);
	if (ret != 0)
		xasprintf(err, "%% Unable to write the key pair to nvram:%s (%s)",
		    name, strerror(errno));
	free(path);
	free(name);
	sbuf_free(&sb);
	return ret;
}

/* Puts k in the store, replacing (and freeing) a pair with its label. */
static void
keystore_insert(struct pki_key *k)
{
	struct pki_key	*old;

	if ((old = keystore_find(k->label)) != NULL) {
		TAILQ_INSERT_BEFORE(old, k, entry);
		TAILQ_REMOVE(&keystore, old, entry);
		keystore_key_free(old);
	} else
		TAILQ_INSERT_TAIL(&keystore, k, entry);
}

/* Strictly increasing creation stamps, so keys list in creation order. */
static long long
keystore_stamp(void)
{
	static long long	 last;
	struct timeval		 tv;
	long long		 now;

	gettimeofday(&tv, NULL);
	now = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
	if (now <= last)
		now = last + 1;
	return last = now;
}

static gnutls_x509_privkey_t
keystore_rsa_new(unsigned int bits)
{
	gnutls_x509_privkey_t	 key;

	if (gnutls_x509_privkey_init(&key) < 0)
		return NULL;
	if (gnutls_x509_privkey_generate2(key, GNUTLS_PK_RSA, bits, 0, NULL,
	    0) < 0) {
		gnutls_x509_privkey_deinit(key);
		return NULL;
	}
	return key;
}

gnutls_x509_privkey_t
keystore_rsa_generate(unsigned int bits)
{
	if (bits < PKI_MODULUS_MIN || bits > PKI_MODULUS_MAX)
		return NULL;
	return keystore_rsa_new(bits);
}

int
keystore_install(const char *label, gnutls_x509_privkey_t sign,
    gnutls_x509_privkey_t encr, int exportable, char **err)
{
	struct pki_key	*k;

	k = xcalloc(1, sizeof *k);
	k->label = xstrdup(label);
	k->usage_keys = encr != NULL;
	k->exportable = exportable;
	k->generated = router_clock_now();
	k->stamp = keystore_stamp();
	k->sign = sign;
	k->encr = encr;
	if (keystore_save(k, err) != 0) {
		keystore_key_free(k);	/* the keys with it */
		return -1;
	}
	keystore_insert(k);
	return 0;
}

int
keystore_generate(const char *label, unsigned int bits, int usage_keys,
    int exportable, char **err)
{
	gnutls_x509_privkey_t	 sign, encr = NULL;

	if (bits < PKI_MODULUS_MIN || bits > PKI_MODULUS_MAX) {
		xasprintf(err, "%% Key modulus must be in the range of %d to %d",
		    PKI_MODULUS_MIN, PKI_MODULUS_MAX);
		return -1;
	}
	if ((sign = keystore_rsa_new(bits)) == NULL ||
	    (usage_keys && (encr = keystore_rsa_new(bits)) == NULL)) {
		if (sign != NULL)
			gnutls_x509_privkey_deinit(sign);
		xasprintf(err, "%% Key generation failed");
		return -1;
	}
	return keystore_install(label, sign, encr, exportable, err);
}

int
keystore_add(const char *label, gnutls_x509_privkey_t key, int exportable,
    char **err)
{
	return keystore_install(label, key, NULL, exportable, err);
}

int
keystore_remove(const char *label)
{
	struct pki_key	*k;
	char		*name, *path;

	if ((k = keystore_find(label)) == NULL)
		return -1;
	name = keystore_file_name(label);
	path = nvram_path(name);
	unlink(path);
	free(path);
	free(name);
	TAILQ_REMOVE(&keystore, k, entry);
	keystore_key_free(k);
	return 0;
}

/* Imports the PEM block at *p and moves *p past it. */
static gnutls_x509_privkey_t
keystore_pem_next(const char **p)
{
	gnutls_x509_privkey_t	 key;
	gnutls_datum_t		 d;
	const char		*begin, *end;

	if ((begin = strstr(*p, "-----BEGIN")) == NULL ||
	    (end = strstr(begin, PEM_END)) == NULL)
		return NULL;
	end += strlen(PEM_END);
	d.data = (unsigned char *)begin;
	d.size = end - begin;
	*p = end;
	if (gnutls_x509_privkey_init(&key) < 0)
		return NULL;
	if (gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_privkey_deinit(key);
		return NULL;
	}
	return key;
}

static struct pki_key *
keystore_parse(const char *text)
{
	struct pki_key	*k;
	const char	*p, *line;
	char		 word[32], value[256];
	long long	 t;

	k = xcalloc(1, sizeof *k);
	for (line = text; *line != '\0' && strncmp(line, "-----", 5) != 0;
	    line = p + 1) {
		if ((p = strchr(line, '\n')) == NULL)
			break;
		if (sscanf(line, "%31s %255[^\n]", word, value) != 2)
			continue;
		if (strcmp(word, "label") == 0 && k->label == NULL)
			k->label = xstrdup(value);
		else if (strcmp(word, "usage") == 0)
			k->usage_keys = strcmp(value, "usage-keys") == 0;
		else if (strcmp(word, "exportable") == 0)
			k->exportable = strcmp(value, "yes") == 0;
		else if (strcmp(word, "stamp") == 0)
			k->stamp = strtoll(value, NULL, 10);
		else if (strcmp(word, "generated") == 0 &&
		    sscanf(value, "%lld", &t) == 1)
			k->generated = t;
	}
	p = line;
	if (k->label == NULL || (k->sign = keystore_pem_next(&p)) == NULL ||
	    (k->usage_keys && (k->encr = keystore_pem_next(&p)) == NULL)) {
		keystore_key_free(k);
		return NULL;
	}
	return k;
}

/* After a restart keys show in the order they were made, as on IOS. */
static void
keystore_insert_sorted(struct pki_key *k)
{
	struct pki_key	*o;

	TAILQ_FOREACH(o, &keystore, entry) {
		if (o->stamp > k->stamp || (o->stamp == k->stamp &&
		    strcmp(o->label, k->label) > 0)) {
			TAILQ_INSERT_BEFORE(o, k, entry);
			return;
		}
	}
	TAILQ_INSERT_TAIL(&keystore, k, entry);
}

void
keystore_load(void)
{
	DIR		*dir;
	struct dirent	*de;
	struct pki_key	*k;
	const char	*why;
	char		*path, *text;
	size_t		 n, len;

	keystore_clear();
	if ((dir = opendir(nvram_dir())) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		n = strlen(de->d_name);
		if (strncmp(de->d_name, KEYFILE_PREFIX, 4) != 0 || n < 8 ||
		    strcmp(de->d_name + n - 4, KEYFILE_SUFFIX) != 0)
			continue;
		path = nvram_path(de->d_name);
		text = file_read_private(path, &len, &why);
		free(path);
		/* A key that cannot be used is said so, never skipped quietly
		 * (the message is vgw's: IOS keeps keys in NVRAM of its own). */
		if (text == NULL) {
			log_msg("%%PKI-4-KEYFILE: nvram:%s skipped: %s",
			    de->d_name, why != NULL ? why : strerror(errno));
			continue;
		}
		if ((k = keystore_parse(text)) != NULL)
			keystore_insert_sorted(k);
		else
			log_msg("%%PKI-4-KEYFILE: nvram:%s skipped: damaged key "
			    "file", de->d_name);
		free(text);
	}
	closedir(dir);
}

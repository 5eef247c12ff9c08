/*
 * Password encodings: IOS type 7 (XOR with the public 53-byte key, two
 * decimal seed digits first) and type 5 (MD5-crypt, computed with nettle's
 * MD5 so no libcrypt is needed). See type7.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/md5.h>

#include "sbuf.h"
#include "type7.h"
#include "xmalloc.h"

static const char password7_key[] =
    "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
#define PASSWORD7_KEYLEN	(sizeof password7_key - 1)

char *
password7_encode(const char *plain, int seed)
{
	struct sbuf	 sb;
	uint32_t	 h = 5381;
	size_t		 i;

	if (seed < 0 || seed > 15) {
		for (i = 0; plain[i] != '\0'; i++)
			h = h * 33 + (unsigned char)plain[i];
		seed = h % 16;
	}
	sbuf_init(&sb);
	sbuf_printf(&sb, "%02d", seed);
	for (i = 0; plain[i] != '\0'; i++)
		sbuf_printf(&sb, "%02X", (unsigned char)plain[i] ^
		    (unsigned char)password7_key[(seed + i) % PASSWORD7_KEYLEN]);
	return sbuf_detach(&sb);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
password7_decode(const char *enc)
{
	size_t	 len = strlen(enc), i, n;
	char	*out;
	int	 seed, hi, lo;

	if (len < 2 || len % 2 != 0 || enc[0] < '0' || enc[0] > '9' ||
	    enc[1] < '0' || enc[1] > '9')
		return NULL;
	seed = (enc[0] - '0') * 10 + (enc[1] - '0');
	if (seed >= (int)PASSWORD7_KEYLEN)
		return NULL;
	n = (len - 2) / 2;
	out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		hi = hexval(enc[2 + 2 * i]);
		lo = hexval(enc[3 + 2 * i]);
		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (char)((hi << 4 | lo) ^
		    password7_key[(seed + i) % PASSWORD7_KEYLEN]);
	}
	out[n] = '\0';
	return out;
}

int
password7_valid(const char *enc)
{
	char	*plain;

	if ((plain = password7_decode(enc)) == NULL)
		return 0;
	free(plain);
	return (enc[0] - '0') * 10 + (enc[1] - '0') <= 15;
}

static const char crypt64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static void
crypt_to64(struct sbuf *sb, unsigned long v, int n)
{
	while (n-- > 0) {
		sbuf_putc(sb, crypt64[v & 0x3f]);
		v >>= 6;
	}
}

/* The MD5-crypt algorithm of FreeBSD/glibc ("$1$"), which IOS uses. */
static void
md5crypt_digest(const char *pw, const char *salt, size_t slen,
    uint8_t final[MD5_DIGEST_SIZE])
{
	struct md5_ctx	 ctx, alt;
	size_t		 plen = strlen(pw), i;
	int		 pl, r;

	md5_init(&ctx);
	md5_update(&ctx, plen, (const uint8_t *)pw);
	md5_update(&ctx, 3, (const uint8_t *)"$1$");
	md5_update(&ctx, slen, (const uint8_t *)salt);
	md5_init(&alt);
	md5_update(&alt, plen, (const uint8_t *)pw);
	md5_update(&alt, slen, (const uint8_t *)salt);
	md5_update(&alt, plen, (const uint8_t *)pw);
	md5_digest(&alt, MD5_DIGEST_SIZE, final);
	for (pl = (int)plen; pl > 0; pl -= 16)
		md5_update(&ctx, pl > 16 ? 16 : pl, final);
	memset(final, 0, MD5_DIGEST_SIZE);
	for (i = plen; i != 0; i >>= 1) {
		if (i & 1)
			md5_update(&ctx, 1, final);
		else
			md5_update(&ctx, 1, (const uint8_t *)pw);
	}
	md5_digest(&ctx, MD5_DIGEST_SIZE, final);
	for (r = 0; r < 1000; r++) {
		md5_init(&ctx);
		if (r & 1)
			md5_update(&ctx, plen, (const uint8_t *)pw);
		else
			md5_update(&ctx, MD5_DIGEST_SIZE, final);
		if (r % 3)
			md5_update(&ctx, slen, (const uint8_t *)salt);
		if (r % 7)
			md5_update(&ctx, plen, (const uint8_t *)pw);
		if (r & 1)
			md5_update(&ctx, MD5_DIGEST_SIZE, final);
		else
			md5_update(&ctx, plen, (const uint8_t *)pw);
		md5_digest(&ctx, MD5_DIGEST_SIZE, final);
	}
}

char *
password5_hash(const char *plain, const char *salt)
{
	struct sbuf	 sb;
	uint8_t		 f[MD5_DIGEST_SIZE];
	char		 rnd[5];
	size_t		 slen;
	int		 i;

	if (salt == NULL) {
		for (i = 0; i < 4; i++)
			rnd[i] = crypt64[arc4random_uniform(64)];
		rnd[4] = '\0';
		salt = rnd;
	}
	if (strncmp(salt, "$1$", 3) == 0)
		salt += 3;
	slen = strcspn(salt, "$");
	if (slen > 8)
		slen = 8;
	md5crypt_digest(plain, salt, slen, f);
	sbuf_init(&sb);
	sbuf_printf(&sb, "$1$%.*s$", (int)slen, salt);
	crypt_to64(&sb, (unsigned long)f[0] << 16 | f[6] << 8 | f[12], 4);
	crypt_to64(&sb, (unsigned long)f[1] << 16 | f[7] << 8 | f[13], 4);
	crypt_to64(&sb, (unsigned long)f[2] << 16 | f[8] << 8 | f[14], 4);
	crypt_to64(&sb, (unsigned long)f[3] << 16 | f[9] << 8 | f[15], 4);
	crypt_to64(&sb, (unsigned long)f[4] << 16 | f[10] << 8 | f[5], 4);
	crypt_to64(&sb, f[11], 2);
	return sbuf_detach(&sb);
}

int
password5_valid(const char *hash)
{
	size_t	 slen;

	if (strncmp(hash, "$1$", 3) != 0)
		return 0;
	hash += 3;
	slen = strspn(hash, crypt64);
	if (slen < 1 || slen > 8 || hash[slen] != '$')
		return 0;
	hash += slen + 1;
	return strlen(hash) == 22 && strspn(hash, crypt64) == 22;
}

int
password5_check(const char *plain, const char *stored)
{
	char	*h;
	int	 ok;

	if (strncmp(stored, "$1$", 3) != 0)
		return 0;
	h = password5_hash(plain, stored);
	ok = strcmp(h, stored) == 0;
	free(h);
	return ok;
}

/*
 * IOS "type 7" reversible password encoding (ios-reference.md §5) and the
 * MD5-crypt ("type 5", $1$salt$hash) of `enable secret`. Public to every
 * part: a command whose cleartext password value is named $plain or $typed
 * (after a `password` keyword) is shown as `password 7 ...` while
 * `service password-encryption` is on.
 */
#ifndef VGW_TYPE7_H
#define VGW_TYPE7_H

/* Encodes plain with seed 0..15; -1 picks a seed from the text itself, so
 * the same password always shows the same way. Caller frees. */
char	*password7_encode(const char *plain, int seed);
/* Decodes "SSHEX..."; NULL when enc is not a valid type 7 string. */
char	*password7_decode(const char *enc);
/* Is enc a type 7 string IOS accepts: a seed of two decimal digits from
 * 00 to 15, then pairs of hex digits? */
int	 password7_valid(const char *enc);
/* MD5-crypt of plain with salt (up to 8 characters of [./0-9A-Za-z]);
 * NULL salt picks a random 4-character one as IOS does. Caller frees. */
char	*password5_hash(const char *plain, const char *salt);
/* Is hash the whole MD5-crypt form: "$1$", a salt of 1 to 8 characters
 * of [./0-9A-Za-z], "$", then 22 characters of that alphabet? */
int	 password5_valid(const char *hash);
/* Does plain match the stored "$1$salt$hash"? */
int	 password5_check(const char *plain, const char *stored);

#endif

/* Private to sipua/: HTTP digest (RFC 2617 as RFC 3261 §22 uses it) for
 * REGISTER and INVITE, with `authentication username U password P
 * [realm R]` from sip-ua. */
#ifndef VGW_SIPUA_AUTH_H
#define VGW_SIPUA_AUTH_H

#include <osipparser2/osip_message.h>

/* Adds Authorization (401) or Proxy-Authorization (407) answering resp's
 * challenge to req. -1 when there are no credentials, the realm is not
 * ours, or the challenge is not MD5 digest (IOS then does not answer). */
int	 auth_answer(osip_message_t *resp, osip_message_t *req);
/* The digest response of RFC 2617 §3.2.2.1 (unit tests). */
void	 auth_digest(const char *user, const char *realm, const char *pass,
	    const char *method, const char *uri, const char *nonce,
	    const char *nc, const char *cnonce, const char *qop,
	    char out[33]);

#endif

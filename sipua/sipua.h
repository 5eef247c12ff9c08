/* The SIP user agent's public face (placeholder until the SIP work lands). */
#ifndef VGW_SIPUA_H
#define VGW_SIPUA_H

void	 sipua_register(void);	/* handlers named in sipua/*.xml */
void	 sipua_init(void);	/* after the grammar is loaded: listeners, confdb subscription */

#endif

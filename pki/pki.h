/* The PKI engine's public face (placeholder until the PKI work lands):
 * registration of its handlers and its start-up. */
#ifndef VGW_PKI_H
#define VGW_PKI_H

void	 pki_register(void);	/* handlers named in pki/*.xml */
void	 pki_init(void);	/* after the grammar is loaded: subscribe to confdb */

#endif

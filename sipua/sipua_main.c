/* SIP UA start-up: registers handlers and subscribes to configuration changes. */
#include "sipua.h"

void
sipua_register(void)
{
}

void
sipua_init(void)
{
}

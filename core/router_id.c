/* The router's identity (core/router_id.h). */
#include "router_id.h"

/* A Cisco 2821's board ID format: FTX, year and week, four more. */
#define ROUTER_SERIAL_NUMBER	"FTX1049A0VG"

const char *
router_serial_number(void)
{
	return ROUTER_SERIAL_NUMBER;
}

/* Router clock: an offset over the system clock. */
#include "clock.h"

static time_t	 clock_offset;
static int	 clock_set_flag;
static time_t	 clock_boot;

void
router_clock_init(void)
{
	clock_boot = time(NULL);
}

void
router_clock_gettimeofday(struct timeval *tv)
{
	gettimeofday(tv, NULL);
	tv->tv_sec += clock_offset;
}

time_t
router_clock_now(void)
{
	return time(NULL) + clock_offset;
}

void
router_clock_set(time_t t)
{
	clock_offset = t - time(NULL);
	clock_set_flag = 1;
}

int
router_clock_is_set(void)
{
	return clock_set_flag;
}

time_t
router_clock_uptime(void)
{
	return time(NULL) - clock_boot;
}

/* The router clock: system time plus the offset `clock set` chose. PKI judges
 * certificate validity against it, so a lab can move into a certificate's
 * validity period as on IOS. */
#ifndef VGW_CLOCK_H
#define VGW_CLOCK_H

#include <sys/time.h>
#include <time.h>

time_t	 router_clock_now(void);
void	 router_clock_gettimeofday(struct timeval *);
/* Sets the clock to t (UTC) and marks it authoritative (no `*` in show clock). */
void	 router_clock_set(time_t t);
int	 router_clock_is_set(void);
/* Seconds since vgw started (for show version uptime). */
time_t	 router_clock_uptime(void);
void	 router_clock_init(void);

#endif

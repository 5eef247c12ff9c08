/* debug ccsip messages / events: each SIP message sent and received and
 * each transport event, printed IOS style through debug_msg (core/log.h),
 * whose sink shows them without breaking the line being typed. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "sipua_int.h"

int	 sipua_debug_messages;
int	 sipua_debug_events;

/* IOS prints the message as it went on the wire, one line per header line,
 * after "Received: " or "Sent: " (with the trailing blank IOS has). */
void
sipua_debug_message(const char *dir, const char *msg, size_t len)
{
	struct sbuf	 sb;
	size_t		 i;

	if (!sipua_debug_messages)
		return;
	sbuf_init(&sb);
	sbuf_printf(&sb, "//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n%s: \n",
	    dir);
	for (i = 0; i < len; i++) {
		if (msg[i] == '\r')
			continue;
		sbuf_putc(&sb, msg[i] == '\0' ? '.' : msg[i]);
	}
	while (sb.len > 0 && sb.data[sb.len - 1] == '\n')
		sb.data[--sb.len] = '\0';
	sbuf_puts(&sb, "\n");
	debug_msg("%s", sbuf_str(&sb));
	sbuf_free(&sb);
}

void
sipua_debug_event(const char *fmt, ...)
{
	struct sbuf	 sb;
	va_list		 ap;

	if (!sipua_debug_events)
		return;
	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	debug_msg("//-1/xxxxxxxxxxxx/SIP/Event/sipSPIEventInfo: %s",
	    sbuf_str(&sb));
	sbuf_free(&sb);
}

/*
 * The address checks IOS makes before it stores `ip route` (modes/ip.xml)
 * and an interface's `ip address` (modes/interface.xml).
 */
#include <stdint.h>

#include "modes_int.h"

/* IOS refuses a route whose prefix has bits outside its mask. */
static int
ip_route_check(struct cmd_ctx *ctx)
{
	const struct gval	*prefix, *mask;

	if (ctx->match->negate != GNEG_NONE)
		return 0;
	prefix = gmatch_get(ctx->match, "$prefix");
	mask = gmatch_get(ctx->match, "$mask");
	if (prefix == NULL || mask == NULL)
		return 0;
	if ((prefix->addr & ~mask->addr) != 0) {
		term_printf(ctx->term, "%%Inconsistent address and mask\n");
		return -1;
	}
	return 0;
}

/* `ip address A M` (and its secondary form): IOS refuses a mask that is
 * not contiguous ones and the address 0.0.0.0, in that order. */
static int
ip_address_check(struct cmd_ctx *ctx)
{
	const struct gval	*addr, *mask;
	uint32_t		 hostbits;

	if (ctx->match->negate != GNEG_NONE)
		return 0;
	addr = gmatch_get(ctx->match, "$addr");
	mask = gmatch_get(ctx->match, "$mask");
	if (addr == NULL || mask == NULL)
		return 0;
	hostbits = ~mask->addr;
	if ((hostbits & (hostbits + 1)) != 0) {
		term_printf(ctx->term, "Bad mask 0x%X for address %s\n",
		    mask->addr, addr->text);
		return -1;
	}
	if (addr->addr == 0) {
		term_printf(ctx->term, "Not a valid host address - %s\n",
		    addr->text);
		return -1;
	}
	return 0;
}

void
ip_cmds_register(void)
{
	grammar_handler_register("ip_route_check", ip_route_check);
	grammar_handler_register("ip_address_check", ip_address_check);
}

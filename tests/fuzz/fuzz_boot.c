/*
 * startup-config replay: the input is the file's bytes (NUL bytes, CR-only
 * and CRLF lines, over-long lines, certificate blocks cut short). The
 * configuration is cleared after each input.
 */
#include "fuzz_lib.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct router	*r = fuzz_router_get();
	char		*text = fuzz_text(data, size);

	startup_config_replay_text(r, text, size);
	confdb_clear();
	free(text);
	return 0;
}

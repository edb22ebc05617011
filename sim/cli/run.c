/* placeholder until the world builder lands (same session) */
#include "sim/cli/cli.h"
int cli_run(int argc, char **argv)
{
	return CLI_EXIT_USAGE;
}

#include "sim/cli/cli.h"
int cli_propagation(int argc, char **argv)
{
	return CLI_EXIT_USAGE;
}

/*
 * Prints the configuration reference from conf_keys.def: lanner.yaml
 * (installed beside the program) or, with --markdown, the table of
 * doc/configuration.md.
 */
#include <stdio.h>
#include <string.h>

#include "conf_keys.h"

int main(int argc, char **argv)
{
	int markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;

	if (argc > 2 || (argc == 2 && !markdown)) {
		fputs("usage: conf_ref [--markdown]\n", stderr);
		return 2;
	}
	conf_keys_reference(stdout, markdown);
	return 0;
}

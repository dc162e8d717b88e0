/*
 * Prints the configuration reference from conf_keys.def: lanner.yaml
 * (installed beside the program), with --markdown the table of
 * doc/configuration.md, with --man the lanner.yaml(5) manual page.
 */
#include <stdio.h>
#include <string.h>

#include "conf_keys.h"

int main(int argc, char **argv)
{
	enum conf_ref_format fmt = CONF_REF_YAML;

	if (argc == 2 && strcmp(argv[1], "--markdown") == 0)
		fmt = CONF_REF_MARKDOWN;
	else if (argc == 2 && strcmp(argv[1], "--man") == 0)
		fmt = CONF_REF_MAN;
	else if (argc != 1) {
		fputs("usage: conf_ref [--markdown | --man]\n", stderr);
		return 2;
	}
	conf_keys_reference(stdout, fmt);
	return 0;
}

/*
 * The command line, Falco's flags: run options, the rule-tool modes that
 * hand over to lanner-engine, and -D/-T/-t rule selections.
 */
#ifndef LNR_CLI_H
#define LNR_CLI_H

#define CLI_MAX_LIST 64

enum cli_mode {
	CLI_RUN,
	CLI_VALIDATE,
	CLI_LIST_RULES,
	CLI_DESCRIBE,
	CLI_LIST_FIELDS,
	CLI_LIST_FILTER
};

struct cli_list {
	const char *v[CLI_MAX_LIST];
	int n;
};

struct cli {
	enum cli_mode mode;
	struct cli_list rules;	   /* -r */
	struct cli_list overrides; /* -o */
	struct cli_list validate;  /* -V */
	struct cli_list cli_items; /* -D/-T/-t as "cli.KEY=VALUE" */
	struct cli_list replay;	   /* -e: capture files or directories */
	const char *capture;	   /* --capture FILE */
	const char *config;	   /* -c */
	const char *describe;	   /* -l */
	const char *list_source;   /* --list [SOURCE] */
	const char *run_dir;
	const char *control; /* --control: lannerctl's socket */
	const char *log_level;
	long duration; /* -M, seconds; 0 runs until told */
};

/* Fills c from argv; prints usage/version and exits for -h/--version,
 * exits 1 with a message on a bad command line. */
void cli_parse(struct cli *c, int argc, char **argv);

#endif

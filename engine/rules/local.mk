# engine/rules/: the rule language (rule files, conditions, outputs). It
# sees common/, the state, the fields and itself.
noinst_LTLIBRARIES += engine/rules/librules.la
engine_rules_librules_la_SOURCES = \
	engine/rules/ruleset.c engine/rules/ruleset.h engine/rules/rule_access.c \
	engine/rules/rule_items.c engine/rules/rule_items.h \
	engine/rules/rule_arena.c engine/rules/rule_arena.h \
	engine/rules/strv.c engine/rules/strv.h engine/rules/srctext.c engine/rules/srctext.h \
	engine/rules/rule_node.c engine/rules/rule_node.h \
	engine/rules/rule_load.c engine/rules/rule_load.h \
	engine/rules/rule_load_list.c engine/rules/rule_load_list.h \
	engine/rules/rule_load_macro.c engine/rules/rule_load_macro.h \
	engine/rules/rule_load_rule.c engine/rules/rule_load_rule.h \
	engine/rules/rule_exceptions.c engine/rules/rule_exceptions.h \
	engine/rules/rule_require.c engine/rules/rule_require.h \
	engine/rules/rule_yaml.c engine/rules/rule_yaml.h \
	engine/rules/rule_select.c engine/rules/rule_select.h \
	engine/rules/rule_append.c engine/rules/rule_append.h \
	engine/rules/diag.c engine/rules/diag.h engine/rules/diag_codes.def \
	engine/rules/cond.h engine/rules/cond_lex.c engine/rules/cond_parse.c \
	engine/rules/cond_ctx.c engine/rules/cond_ctx.h engine/rules/cond_list.c engine/rules/cond_list.h \
	engine/rules/cond_check.c engine/rules/cond_check.h \
	engine/rules/cond_compile.c engine/rules/cond_compile.h \
	engine/rules/cond_types.c engine/rules/cond_types.h \
	engine/rules/cond_eval.c engine/rules/cond_xform.c engine/rules/strset.c \
	engine/rules/value_parse.c engine/rules/evt_names.def \
	engine/rules/output_fmt.c engine/rules/output_fmt.h \
	engine/rules/rule_files.c engine/rules/rule_files.h
ENGINE_RULES_CPPFLAGS = $(ENGINE_FIELDS_CPPFLAGS) -I$(top_srcdir)/engine/rules
engine_rules_librules_la_CPPFLAGS = $(ENGINE_RULES_CPPFLAGS)
engine_rules_librules_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)

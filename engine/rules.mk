# engine/: the rule language (rule files, conditions, outputs), compiled
# into engine/libengine.la by engine/local.mk.
ENGINE_RULES_SOURCES = \
	engine/ruleset.c engine/ruleset.h engine/rule_access.c \
	engine/rule_items.c engine/rule_items.h \
	engine/rule_arena.c engine/rule_arena.h \
	engine/strv.c engine/strv.h engine/srctext.c engine/srctext.h \
	engine/rule_node.c engine/rule_node.h \
	engine/rule_load.c engine/rule_load.h \
	engine/rule_load_list.c engine/rule_load_list.h \
	engine/rule_load_macro.c engine/rule_load_macro.h \
	engine/rule_load_rule.c engine/rule_load_rule.h \
	engine/rule_exceptions.c engine/rule_exceptions.h \
	engine/rule_require.c engine/rule_require.h \
	engine/rule_yaml.c engine/rule_yaml.h \
	engine/rule_select.c engine/rule_select.h \
	engine/diag.c engine/diag.h \
	engine/cond.h engine/cond_lex.c engine/cond_parse.c \
	engine/cond_ctx.c engine/cond_ctx.h engine/cond_list.c engine/cond_list.h \
	engine/cond_check.c engine/cond_check.h \
	engine/cond_compile.c engine/cond_compile.h \
	engine/cond_types.c engine/cond_types.h \
	engine/cond_eval.c engine/cond_xform.c engine/strset.c \
	engine/value_parse.c engine/evt_names.def \
	engine/output_fmt.c engine/output_fmt.h \
	engine/fields.c engine/rule_files.c engine/rule_files.h

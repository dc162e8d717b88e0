# engine/: the rule language (rule files, conditions, outputs).
ENGINE_RULES_SOURCES =

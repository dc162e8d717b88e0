# rules/: the default rule files, installed beside the program data.
dist_pkgdata_DATA += rules/lanner_rules.yaml rules/lanner_rules.local.yaml \
	rules/lanner_k8s_audit_rules.yaml

package kubernetes.secret_in_env_literal_test

import rego.v1

import data.kubernetes.secret_in_env_literal as rule

pod(env) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "api", "env": env}]}}

test_literal_password_is_denied_at_its_value if {
	rule.deny == {{
		"msg": "container api of Pod p sets DB_PASSWORD to a literal value; move it into a Secret and use valueFrom.secretKeyRef",
		"path": ["spec", "containers", 0, "env", 1, "value"],
	}} with input as pod([{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": "hunter2"}])
}

test_references_and_pointers_are_allowed if {
	count(rule.deny) == 0 with input as pod([
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"},
		{"name": "API_TOKEN", "value": "$(TOKEN_FROM_SECRET)"},
		{"name": "TOKEN_TTL", "value": "3600"},
		{"name": "OAUTH_SECRET_NAME", "value": "oauth"},
		{"name": "SECRET", "value": ""},
	])
}

test_glued_and_key_names if {
	r := rule.deny with input as pod([
		{"name": "DBPASSWORD", "value": "x"},
		{"name": "SIGNING_KEY", "value": "x"},
		{"name": "MONKEY", "value": "x"},
		{"name": "OPENAI_API_KEY", "value": "x"},
		{"name": "KEY", "value": "x"},
	])
	{x.path[4] | some x in r} == {0, 1, 3}
}

test_several_names if {
	count(rule.deny) == 3 with input as pod([
		{"name": "stripe_secret_key", "value": "sk_live_x"},
		{"name": "GITHUB_TOKEN", "value": "ghp_x"},
		{"name": "AWS_SECRET_ACCESS_KEY", "value": "abc"},
	])
}

test_null_env_is_empty if {
	count(rule.deny) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "env": null}]}}
}

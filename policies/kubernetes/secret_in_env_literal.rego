# METADATA
# title: Secret written as a literal environment variable
# description: |
#   An environment variable named like a credential (`DB_PASSWORD`,
#   `API_TOKEN`, `STRIPE_SECRET_KEY`) with a literal `value` puts the secret
#   in the manifest: in Git history forever, in every clone and CI log, in
#   the Deployment object that anyone with read access to the namespace can
#   `kubectl get`, and in `kubectl describe` output. Kubernetes Secrets (or
#   an external secret store) keep it out of the manifest, allow RBAC on
#   reading it, and can be rotated without a commit.
# custom:
#   id: K8S107
#   name: secret-in-env-literal
#   severity: high
#   categories: [secrets]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Move the value into a Secret (created by your secret manager, not
#     committed) and reference it, then rotate the leaked credential:
#
#     ```yaml
#     env:
#       - name: DB_PASSWORD
#         valueFrom:
#           secretKeyRef: {name: db, key: password}
#     ```
#   example: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata: {name: api}
#     spec:
#       template:
#         spec:
#           containers:
#             - name: api
#               image: registry.example.com/api:3.2.0
#               env:
#                 - {name: DB_PASSWORD, value: hunter2}
package kubernetes.secret_in_env_literal

import rego.v1


# Words of a variable name (split at `_`) that name a credential, name
# endings that do (glued words: DBPASSWORD, OPENAI_API_KEY), and last words
# that name where a secret is, not the value. One set intersection and one
# suffix match per variable: this runs for every environment variable of
# every container, and each builtin or function call costs.
secret_words := {"PASSWORD", "PASSWD", "PWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS"}

secret_endings := ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY", "ACCESS_KEY", "SIGNING_KEY", "ENCRYPTION_KEY", "MASTER_KEY"]

reference_words := {"FILE", "PATH", "DIR", "NAME", "REF", "ENABLED", "URL", "ENDPOINT", "TTL", "EXPIRY", "LENGTH", "ID"}

deny contains {"msg": msg, "path": array.concat(cp, ["env", k, "value"])} if {
	some [c, cp] in data.kubernetes_lib.containers
	some k, e in data.kubernetes_lib.items(c.env)
	is_string(e.value)
	is_string(e.name)
	name := upper(e.name)
	words := split(name, "_")
	not words[count(words) - 1] in reference_words
	names_secret(name, words)
	literal(e.value)
	msg := sprintf("%s of %s sets %s to a literal value; move it into a Secret and use valueFrom.secretKeyRef", [data.kubernetes_lib.describe(cp, c), data.kubernetes_lib.object, e.name])
}

names_secret(_, words) if count({w | some w in words} & secret_words) > 0

names_secret(name, _) if strings.any_suffix_match(name, secret_endings)

# A value that holds a secret: not empty, not a `$(VAR)` reference.
literal(v) if {
	trim_space(v) != ""
	not var_reference(v)
}

var_reference(v) if {
	startswith(v, "$(")
	endswith(v, ")")
	not contains(v, " ")
}

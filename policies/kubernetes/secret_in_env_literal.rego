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

import data.kubernetes.lib

# Words of a variable name (split at `_`) that name a credential; `KEY`
# after one of `key_owners`; last words that name where a secret is, not the
# value. Set lookups, not regular expressions or substring loops: this runs
# for every environment variable of every container.
secret_words := {"PASSWORD", "PASSWD", "PWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS"}

key_owners := {"API", "PRIVATE", "ACCESS", "SECRET", "SIGNING", "ENCRYPTION", "MASTER"}

reference_words := {"FILE", "PATH", "DIR", "NAME", "REF", "ENABLED", "URL", "ENDPOINT", "TTL", "EXPIRY", "LENGTH", "ID"}

secret_name(name) if {
	words := split(upper(name), "_")
	not words[count(words) - 1] in reference_words
	names_secret(words)
}

names_secret(words) if {
	some w in words
	w in secret_words
}

# DBPASSWORD, GITHUBTOKEN: glued words.
names_secret(words) if {
	some w in words
	strings.any_suffix_match(w, ["PASSWORD", "SECRET", "TOKEN"])
}

names_secret(words) if {
	some i, w in words
	w == "KEY"
	i > 0
	words[i - 1] in key_owners
}

deny contains {"msg": msg, "path": array.concat(cp, ["env", k, "value"])} if {
	some [c, cp] in lib.containers
	some k, e in c.env
	is_string(e.value)
	is_string(e.name)
	secret_name(e.name)
	literal(e.value)
	msg := sprintf("%s of %s sets %s to a literal value; move it into a Secret and use valueFrom.secretKeyRef", [lib.describe(cp, c), lib.object, e.name])
}

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

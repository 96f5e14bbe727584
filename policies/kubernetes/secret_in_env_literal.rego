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

# Words that name a credential, and suffixes that name where one is, not the
# value. Plain string functions: this runs for every environment variable of
# every container, and a regular expression per call costs far more.
secret_words := ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "API_KEY", "PRIVATE_KEY", "PRIVATEKEY", "ACCESS_KEY", "ACCESSKEY", "CREDENTIAL"]

reference_suffixes := ["_FILE", "_PATH", "_DIR", "_NAME", "_REF", "_ENABLED", "_URL", "_ENDPOINT", "_TTL", "_EXPIRY", "_LENGTH", "_ID"]

secret_name(name) if {
	n := upper(name)
	some w in secret_words
	contains(n, w)
	not reference(n)
}

reference(n) if {
	some s in reference_suffixes
	endswith(n, s)
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

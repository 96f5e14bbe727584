# METADATA
# title: Container may run as root
# description: |
#   Unless `runAsNonRoot: true` or a non-zero `runAsUser` is set, a container
#   runs as whatever user its image names, and most images name root. Root in
#   a container is root on the node's kernel: one container escape (a kernel
#   bug, a writable host mount, a misconfigured capability) and the attacker
#   owns the node, where a non-root user would be stopped by ordinary file
#   permissions. `runAsNonRoot: true` makes the kubelet refuse to start a
#   container whose image would run as root. The Pod Security Standards
#   require it at the `restricted` level. Settings on the container win over
#   those of the pod.
# custom:
#   id: K8S103
#   name: container-may-run-as-root
#   severity: medium
#   categories: [pod-security]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Set `runAsNonRoot: true` in the pod's `securityContext` (it applies to
#     every container), and a non-zero `runAsUser` where the image has no
#     numeric non-root `USER`:
#
#     ```yaml
#     spec:
#       securityContext:
#         runAsNonRoot: true
#         runAsUser: 10001
#     ```
#
#     Remove `runAsUser: 0` and `runAsNonRoot: false`.
#   frameworks:
#     CIS-Kubernetes: ["5.2.7"]
#     PSS: [restricted/running-as-non-root]
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
package kubernetes.container_may_run_as_root

import rego.v1


pod_sc := object.get(data.kubernetes_lib.pod_spec[0], "securityContext", {})

pod_sc_path := array.concat(data.kubernetes_lib.pod_spec[1], ["securityContext"])

# The container runs as root explicitly: [path, what].
explicit_root(c, cp) := [array.concat(cp, ["securityContext", "runAsUser"]), "runs as user 0 (root)"] if {
	object.get(c, ["securityContext", "runAsUser"], null) == 0
} else := [array.concat(pod_sc_path, ["runAsUser"]), "runs as user 0 (root), set for the pod"] if {
	object.get(c, ["securityContext", "runAsUser"], null) == null
	object.get(pod_sc, "runAsUser", null) == 0
}

non_root(c) if {
	nr := object.get(c, ["securityContext", "runAsNonRoot"], object.get(pod_sc, "runAsNonRoot", null))
	nr == true
}

non_root(c) if {
	user := object.get(c, ["securityContext", "runAsUser"], object.get(pod_sc, "runAsUser", null))
	is_number(user)
	user > 0
}

deny contains {"msg": msg, "path": path} if {
	some [c, cp] in data.kubernetes_lib.containers
	[path, what] := explicit_root(c, cp)
	msg := sprintf("%s of %s %s; run it as a non-root user and set runAsNonRoot: true", [data.kubernetes_lib.describe(cp, c), data.kubernetes_lib.object, what])
}

deny contains {"msg": msg, "path": path} if {
	some [c, cp] in data.kubernetes_lib.containers
	not explicit_root(c, cp)
	not non_root(c)
	path := unset_path(c, cp)
	msg := sprintf("%s of %s may run as root: %s; set runAsNonRoot: true", [data.kubernetes_lib.describe(cp, c), data.kubernetes_lib.object, why(c)])
}

why(c) := "runAsNonRoot is false" if {
	object.get(c, ["securityContext", "runAsNonRoot"], object.get(pod_sc, "runAsNonRoot", null)) == false
} else := "neither runAsNonRoot: true nor a non-zero runAsUser is set"


# Where the missing or false runAsNonRoot belongs.
unset_path(c, cp) := array.concat(pod_sc_path, ["runAsNonRoot"]) if {
	object.get(c, ["securityContext", "runAsNonRoot"], null) == null
	object.get(pod_sc, "runAsNonRoot", null) == false
} else := array.concat(cp, ["securityContext", "runAsNonRoot"])

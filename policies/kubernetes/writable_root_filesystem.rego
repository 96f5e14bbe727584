# METADATA
# title: Container's root filesystem is writable
# description: |
#   A writable root filesystem lets whoever gets code execution in the
#   container change its binaries and libraries, drop tools and persist a
#   backdoor for as long as the container lives; it also hides drift between
#   what was built and what runs. With `readOnlyRootFilesystem: true` the
#   image is what runs, and the places the application may write are the
#   volumes it declares.
# custom:
#   id: K8S105
#   name: writable-root-filesystem
#   severity: low
#   categories: [pod-security]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Set `readOnlyRootFilesystem: true` in each container's
#     `securityContext`, and mount an `emptyDir` where the application writes
#     scratch files (`/tmp`, caches):
#
#     ```yaml
#     securityContext:
#       readOnlyRootFilesystem: true
#     volumeMounts:
#       - {name: tmp, mountPath: /tmp}
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
package kubernetes.writable_root_filesystem

import rego.v1


deny contains {"msg": msg, "path": array.concat(cp, ["securityContext", "readOnlyRootFilesystem"])} if {
	some [c, cp] in data.kubernetes_lib.containers
	not "ephemeralContainers" in cp
	object.get(c, ["securityContext", "readOnlyRootFilesystem"], false) != true
	msg := sprintf("%s of %s has a writable root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes", [data.kubernetes_lib.describe(cp, c), data.kubernetes_lib.object])
}

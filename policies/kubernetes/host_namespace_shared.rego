# METADATA
# title: Pod shares the host's network, PID or IPC namespace
# description: |
#   `hostNetwork`, `hostPID` and `hostIPC` put the pod in the node's own
#   namespaces. With the host network it can bind any port of the node, reach
#   every service listening on localhost (the kubelet's read-only port, cloud
#   metadata proxies) and sniff traffic; with the host PID namespace it sees
#   and can signal every process on the node, and read their environments
#   through `/proc`; with the host IPC namespace it can read other processes'
#   shared memory. The Pod Security Standards forbid all three from the
#   `baseline` level up.
# custom:
#   id: K8S101
#   name: host-namespace-shared
#   severity: high
#   categories: [pod-security]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Remove `hostNetwork: true`, `hostPID: true` and `hostIPC: true` from the
#     pod spec. Expose ports with a Service (or `hostPort` only for node
#     agents that need it), and keep node agents that truly need the host's
#     namespaces in a dedicated namespace with an explicit exemption.
#   frameworks:
#     CIS-Kubernetes: ["5.2.3", "5.2.4", "5.2.5"]
#     PSS: [baseline/host-namespaces]
#   example: |
#     apiVersion: apps/v1
#     kind: DaemonSet
#     metadata: {name: node-exporter}
#     spec:
#       template:
#         spec:
#           hostNetwork: true
#           hostPID: true
#           containers:
#             - name: exporter
#               image: prom/node-exporter:v1.8.1
package kubernetes.host_namespace_shared

import rego.v1


deny contains {"msg": msg, "path": array.concat(p, [field])} if {
	[spec, p] := data.kubernetes_lib.pod_spec
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	spec[field] == true
	msg := sprintf("%s sets %s: true and shares the node's namespace; remove it", [data.kubernetes_lib.object, field])
}

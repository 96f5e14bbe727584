# METADATA
# title: Pod mounts a directory of its node (hostPath volume)
# description: |
#   A `hostPath` volume mounts a file or directory of the node into the pod.
#   Whoever controls the container then reads or writes the node's files:
#   the container runtime's socket (`/var/run/containerd/containerd.sock`)
#   is a root shell on the node, `/var/lib/kubelet` holds every pod's
#   secrets and service-account tokens, `/etc` holds the node's credentials.
#   The data also ties the pod to one node and disappears with it. The Pod
#   Security Standards forbid hostPath volumes from the `baseline` level up.
# custom:
#   id: K8S102
#   name: host-path-volume
#   severity: high
#   categories: [pod-security]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Use a volume that does not expose the node: a PersistentVolumeClaim for
#     data, a ConfigMap or Secret for configuration, `emptyDir` for scratch
#     space, a projected service-account token for identity. Node agents
#     that need the host's files (log shippers, CSI drivers) belong in a
#     dedicated namespace with an explicit exemption, mounting read-only
#     (`readOnly: true` on the volume mount) only the directories they read.
#   frameworks:
#     CIS-Kubernetes: ["5.2.12"]
#     PSS: [baseline/hostPath-volumes]
#   example: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata: {name: builder}
#     spec:
#       template:
#         spec:
#           containers:
#             - name: builder
#               image: docker:27-cli
#               volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
#           volumes:
#             - name: docker
#               hostPath: {path: /var/run/docker.sock}
package kubernetes.host_path_volume

import rego.v1


deny contains {"msg": msg, "path": array.concat(p, ["volumes", i, "hostPath"])} if {
	[spec, p] := data.kubernetes_lib.pod_spec
	some i, v in data.kubernetes_lib.items(spec.volumes)
	is_object(v.hostPath)
	host := object.get(v.hostPath, "path", "?")
	msg := sprintf("%s mounts the node's %s through hostPath volume %s; use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir instead", [data.kubernetes_lib.object, host, v.name])
}

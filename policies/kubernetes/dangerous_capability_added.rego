# METADATA
# title: Container adds a Linux capability beyond the baseline set
# description: |
#   Capabilities split root's powers; adding one gives the container that
#   power over the node's kernel. `SYS_ADMIN` is nearly root (mount,
#   namespaces, BPF), `NET_ADMIN` rewrites the node's routing and firewall,
#   `SYS_PTRACE` reads other processes' memory, `SYS_MODULE` loads kernel
#   modules, `ALL` is every one of them. The Pod Security Standards allow
#   adding only the baseline set (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`,
#   `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`,
#   `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`); anything else turns a
#   container compromise into a node compromise.
# custom:
#   id: K8S104
#   name: dangerous-capability-added
#   severity: high
#   categories: [pod-security]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   remediation: |
#     Remove the capability from `securityContext.capabilities.add`, drop
#     everything else, and add back only what the process needs, usually
#     nothing or `NET_BIND_SERVICE`:
#
#     ```yaml
#     securityContext:
#       capabilities:
#         drop: [ALL]
#         add: [NET_BIND_SERVICE]
#     ```
#   frameworks:
#     CIS-Kubernetes: ["5.2.9"]
#     PSS: [baseline/capabilities]
#   example: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata: {name: vpn}
#     spec:
#       template:
#         spec:
#           containers:
#             - name: vpn
#               image: registry.example.com/vpn:1.0.3
#               securityContext:
#                 capabilities:
#                   add: [NET_ADMIN, SYS_MODULE]
package kubernetes.dangerous_capability_added

import rego.v1


# What the Pod Security Standards' baseline level lets a container add.
baseline := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# CAP_SYS_ADMIN and sys_admin mean SYS_ADMIN to the runtime.
normalize(cap) := trim_prefix(upper(cap), "CAP_")

deny contains {"msg": msg, "path": array.concat(cp, ["securityContext", "capabilities", "add", j])} if {
	some [c, cp] in data.kubernetes_lib.containers
	some j, cap in data.kubernetes_lib.items(c.securityContext.capabilities.add)
	is_string(cap)
	not normalize(cap) in baseline
	msg := sprintf("%s of %s adds capability %s, beyond the baseline set; remove it and drop ALL", [data.kubernetes_lib.describe(cp, c), data.kubernetes_lib.object, cap])
}

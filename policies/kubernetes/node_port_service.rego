# METADATA
# title: Service is exposed on every node's port (NodePort)
# description: |
#   A `NodePort` Service opens its port (30000-32767) on every node of the
#   cluster, on every node address, bypassing the ingress controller and the
#   load balancer where TLS, authentication, rate limits and the WAF live.
#   Node addresses are often reachable from far more networks than intended
#   (a VPC peering, a VPN, a misconfigured security group), and the port
#   stays open on nodes added later. Services meant for the cluster are
#   `ClusterIP`; services meant for users go through an Ingress, a Gateway
#   or a `LoadBalancer`.
# custom:
#   id: K8S106
#   name: node-port-service
#   severity: medium
#   categories: [exposure]
#   kinds: [Service]
#   remediation: |
#     Use `type: ClusterIP` (the default) and publish the service through an
#     Ingress or Gateway route, or use `type: LoadBalancer` with
#     `loadBalancerSourceRanges` limited to the clients that need it.
#   example: |
#     apiVersion: v1
#     kind: Service
#     metadata: {name: admin}
#     spec:
#       type: NodePort
#       selector: {app: admin}
#       ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
package kubernetes.node_port_service

import rego.v1


deny contains {"msg": msg, "path": ["spec", "type"]} if {
	input.kind == "Service"
	input.spec.type == "NodePort"
	ports := [sprintf("%v", [p.nodePort]) | some p in data.kubernetes_lib.items(input.spec.ports); p.nodePort]
	where := node_ports(ports)
	msg := sprintf("Service %s is of type NodePort and open on every node%s; use ClusterIP behind an Ingress or a LoadBalancer with source ranges", [input.metadata.name, where])
}

node_ports(ports) := sprintf(" (port %s)", [concat(", ", ports)]) if count(ports) > 0

else := ""

# Helpers shared by the Kubernetes pack: where a workload keeps its pod
# spec and its containers, with the attribute paths plumb turns into
# source locations.
package kubernetes_lib

import rego.v1

# Kinds that hold a pod template at spec.template.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# [pod spec, its path] of the input, for every kind that runs pods.
pod_spec := [input.spec, ["spec"]] if input.kind == "Pod"

pod_spec := [input.spec.template.spec, ["spec", "template", "spec"]] if input.kind in template_kinds

pod_spec := [input.spec.jobTemplate.spec.template.spec, p] if {
	input.kind == "CronJob"
	p := ["spec", "jobTemplate", "spec", "template", "spec"]
}

# A list field as a list: `[]` when it is null or not a list. Manifests and
# rendered charts often hold `env:` or `volumes:` with no value (null);
# iterating over null is an error in regorus where OPA finds nothing.
items(x) := x if is_array(x)

else := []

# [container, its path] for init, regular and ephemeral containers.
containers contains [c, array.concat(p, [field, i])] if {
	[spec, p] := pod_spec
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some i, c in items(spec[field])
}

# "container web" or "init container setup", for messages.
describe(path, c) := sprintf("init container %s", [c.name]) if {
	"initContainers" in path
} else := sprintf("container %s", [c.name])

# "Deployment web", for messages.
object := sprintf("%s %s", [input.kind, input.metadata.name])

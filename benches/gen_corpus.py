#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic Kubernetes manifests for benchmarks.

The corpus looks like a platform repository of many teams: ~50 namespaces,
each holding applications rendered the way real tools write them. An
application is a workload (Deployment, or StatefulSet for stateful ones)
with containers that carry resources, probes, env, volumes, affinity and
security contexts, plus its Service and, usually, an HPA, a
PodDisruptionBudget, a NetworkPolicy, a ConfigMap and an Ingress. Half the
applications are written like `helm template` output (one multi-document
file per application, with `# Source:` comments), half like a kustomize
base (one object per file). Each namespace also has a `namespace.yaml`
(Namespace, usually with a default-deny NetworkPolicy and a ResourceQuota),
a few namespaces run an ingress-nginx controller ConfigMap, and a
`cluster/` folder holds StorageClasses.

Most objects follow the standards plumb checks; a seeded share of them does
not (one replica, no PDB or a PDB blocking every eviction, no zone spread,
missing requests or limits, `:latest` images, privileged containers,
privilege escalation, missing probes, Ingresses without TLS or with the
HTTPS redirect off, weak TLS protocols, unencrypted StorageClasses,
workloads pinned to regions).

Python 3.11 standard library only. The same --seed and --files always give
byte-identical output.

    python3 benches/gen_corpus.py                      # 10,000 files into benches/corpus/
    python3 benches/gen_corpus.py --files 500 --out /tmp/c --seed 7
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

# ----------------------------------------------------------------------------
# A small YAML emitter (block style, strings quoted whenever YAML 1.1 could
# read them as something else).

_PLAIN = re.compile(r"^[A-Za-z_/.][A-Za-z0-9_ ./:@=+,-]*$")
_SPECIAL = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
}


def _scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if (
        _PLAIN.match(s)
        and s.lower() not in _SPECIAL
        and not s.endswith((" ", ":"))
        and ": " not in s
        and " #" not in s
    ):
        return s
    return json.dumps(s)


def _emit(v, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            key = _scalar(k)
            if isinstance(x, dict) and x:
                out.append(f"{pad}{key}:")
                _emit(x, indent + 1, out)
            elif isinstance(x, list) and x:
                out.append(f"{pad}{key}:")
                _emit(x, indent, out)
            elif isinstance(x, (dict, list)):
                out.append(f"{pad}{key}: {'{}' if isinstance(x, dict) else '[]'}")
            elif isinstance(x, str) and "\n" in x:
                out.append(f"{pad}{key}: |")
                for line in x.rstrip("\n").split("\n"):
                    out.append(f"{pad}  {line}" if line else "")
            else:
                out.append(f"{pad}{key}: {_scalar(x)}")
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and x:
                sub: list[str] = []
                _emit(x, indent + 1, sub)
                first = sub[0][len(pad) + 2 :]
                out.append(f"{pad}- {first}")
                out.extend(sub[1:])
            elif isinstance(x, list) and x:
                sub = []
                _emit(x, indent + 1, sub)
                out.append(f"{pad}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            else:
                out.append(f"{pad}- {_scalar(x) if not isinstance(x, (dict, list)) else '{}'}")
    else:
        out.append(pad + _scalar(v))


def to_yaml(obj: dict) -> str:
    out: list[str] = []
    _emit(obj, 0, out)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------
# Vocabulary.

TEAMS = [
    "catalog", "search", "pricing", "cart", "checkout", "payments", "orders",
    "fulfilment", "inventory", "shipping", "returns", "reviews", "loyalty",
    "identity", "accounts", "notifications", "email", "sms", "recommendations",
    "analytics", "reporting", "billing", "invoicing", "tax", "fraud", "risk",
    "support", "cms", "media", "images", "sellers", "marketplace", "ads",
    "promotions", "coupons", "gift-cards", "wishlist", "compare", "storefront",
    "mobile-bff", "web-bff", "gateway", "auth", "audit", "export", "import",
    "feeds", "partners", "warehouse", "logistics",
]
SUFFIXES = ["api", "worker", "consumer", "scheduler", "web", "grpc", "sync",
            "projector", "relay", "indexer", "gateway", "service"]
STATEFUL = ["postgres", "redis", "kafka", "zookeeper", "elasticsearch",
            "rabbitmq", "nats", "etcd", "clickhouse", "minio"]
STATEFUL_IMAGES = {
    "postgres": ("docker.io/library/postgres", ["15.6", "16.2", "16.4"], 5432),
    "redis": ("docker.io/library/redis", ["7.2.4", "7.2.5"], 6379),
    "kafka": ("docker.io/bitnami/kafka", ["3.6.1", "3.7.0"], 9092),
    "zookeeper": ("docker.io/bitnami/zookeeper", ["3.8.4", "3.9.2"], 2181),
    "elasticsearch": ("docker.elastic.co/elasticsearch/elasticsearch", ["8.12.2", "8.13.4"], 9200),
    "rabbitmq": ("docker.io/library/rabbitmq", ["3.12.13-management", "3.13.2"], 5672),
    "nats": ("docker.io/library/nats", ["2.10.12", "2.10.14"], 4222),
    "etcd": ("quay.io/coreos/etcd", ["v3.5.12", "v3.5.13"], 2379),
    "clickhouse": ("docker.io/clickhouse/clickhouse-server", ["24.3.2", "24.4.1"], 8123),
    "minio": ("quay.io/minio/minio", ["RELEASE.2024-04-18T19-09-19Z"], 9000),
}
REGIONS_EU = ["eu-west-1", "eu-central-1"]
REGIONS_OTHER = ["us-east-1", "us-west-2", "ap-southeast-1", "me-central-1"]
CPU_REQ = ["50m", "100m", "200m", "250m", "500m", "1"]
CPU_LIM = ["250m", "500m", "1", "1500m", "2"]
MEM = ["128Mi", "256Mi", "512Mi", "768Mi", "1Gi", "1536Mi", "2Gi", "4Gi"]
ENV_NAMES = ["LOG_LEVEL", "LOG_FORMAT", "OTEL_SERVICE_NAME",
             "OTEL_EXPORTER_OTLP_ENDPOINT", "HTTP_PORT", "GRPC_PORT",
             "DB_POOL_SIZE", "CACHE_TTL_SECONDS", "FEATURE_FLAGS_URL",
             "KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL", "JAVA_TOOL_OPTIONS",
             "GOMAXPROCS", "NODE_OPTIONS", "TZ", "SENTRY_ENVIRONMENT"]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.violations: Counter[str] = Counter()

    # -- helpers --------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, xs):
        return xs[self.r.randrange(len(xs))]

    def digest(self, *parts) -> str:
        return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()

    def flaw(self, name: str, p: float) -> bool:
        """Whether to inject a violation, counting the ones injected."""
        if self.chance(p):
            self.violations[name] += 1
            return True
        return False

    def labels(self, app: str, ns: str, chart: bool, version: str) -> dict:
        lb = {
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/instance": app,
            "app.kubernetes.io/part-of": ns,
        }
        if chart:
            lb["app.kubernetes.io/version"] = version
            lb["app.kubernetes.io/managed-by"] = "Helm"
            lb["helm.sh/chart"] = f"{app}-{version}"
        return lb

    # -- pieces of a pod spec --------------------------------------------

    def resources(self, app: str) -> dict:
        req_cpu, lim_cpu = self.pick(CPU_REQ), self.pick(CPU_LIM)
        mem_i = self.r.randrange(len(MEM) - 1)
        res = {
            "requests": {"cpu": req_cpu, "memory": MEM[mem_i]},
            "limits": {"cpu": lim_cpu, "memory": MEM[mem_i + self.r.randrange(2)]},
        }
        if self.flaw("no-limits", 0.06):
            del res["limits"]
        elif self.flaw("no-cpu-limit", 0.05):
            del res["limits"]["cpu"]
        if self.flaw("no-requests", 0.03):
            del res["requests"]
        # Drawn whether or not it can apply, so that the output stays the same.
        below = self.chance(0.01)
        if below and "limits" in res and "requests" in res:
            self.violations["memory-limit-below-request"] += 1
            res["requests"]["memory"] = "2Gi"
            res["limits"]["memory"] = "1Gi"
        if not res:
            return {}
        return res

    def probe(self, kind: str, port: str, path: str) -> dict:
        if kind == "http":
            p = {"httpGet": {"path": path, "port": port}}
        elif kind == "tcp":
            p = {"tcpSocket": {"port": port}}
        elif kind == "grpc":
            p = {"grpc": {"port": 9000}}
        else:
            p = {"exec": {"command": ["/bin/sh", "-c", "test -f /tmp/healthy"]}}
        p["periodSeconds"] = self.pick([5, 10, 15, 20])
        p["timeoutSeconds"] = self.pick([1, 2, 3, 5])
        p["failureThreshold"] = self.pick([3, 3, 5])
        return p

    def env(self, app: str, ns: str) -> list:
        out = []
        for name in self.r.sample(ENV_NAMES, self.r.randint(4, 10)):
            if name == "OTEL_SERVICE_NAME":
                val = app
            elif name == "OTEL_EXPORTER_OTLP_ENDPOINT":
                val = "http://otel-collector.observability:4317"
            elif name.endswith("_PORT"):
                val = str(self.pick([8080, 9000, 3000]))
            elif name == "REDIS_URL":
                val = f"rediss://{app}-cache.{ns}.svc.cluster.local:6379"
            elif name == "KAFKA_BOOTSTRAP_SERVERS":
                val = "b-1.events.kafka.eu-west-1.amazonaws.com:9094"
            elif name == "JAVA_TOOL_OPTIONS":
                val = "-XX:MaxRAMPercentage=75 -XX:+UseG1GC"
            elif name == "LOG_LEVEL":
                val = self.pick(["info", "warn", "debug"])
            elif name == "LOG_FORMAT":
                val = "json"
            elif name == "DB_POOL_SIZE":
                val = str(self.pick([5, 10, 20, 50]))
            elif name == "CACHE_TTL_SECONDS":
                val = str(self.pick([30, 60, 300, 3600]))
            elif name == "FEATURE_FLAGS_URL":
                val = "http://flagd.platform.svc.cluster.local:8013"
            elif name == "GOMAXPROCS":
                val = str(self.pick([1, 2, 4]))
            elif name == "NODE_OPTIONS":
                val = "--max-old-space-size=" + str(self.pick([256, 512, 1024]))
            elif name == "SENTRY_ENVIRONMENT":
                val = "production"
            else:
                val = "UTC"
            out.append({"name": name, "value": val})
        out.append({"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}})
        if self.chance(0.6):
            out.append({
                "name": "DATABASE_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "password"}},
            })
        return out

    def container_security(self) -> dict:
        sc = {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]},
        }
        if self.flaw("privileged", 0.015):
            sc["privileged"] = True
            sc["allowPrivilegeEscalation"] = True
        elif self.flaw("privilege-escalation", 0.07):
            del sc["allowPrivilegeEscalation"]
        return sc

    def image(self, repo: str, version: str, salt: str) -> str:
        if self.flaw("latest-tag", 0.04):
            return f"{repo}:latest"
        if self.flaw("untagged-image", 0.015):
            return repo
        if self.chance(0.35):
            return f"{repo}:{version}@sha256:{self.digest(repo, version, salt)}"
        return f"{repo}:{version}"

    # -- objects ---------------------------------------------------------

    def workload(self, app: str, ns: str, chart: bool, stateful: str | None, region: str | None):
        version = f"{self.r.randint(0, 6)}.{self.r.randint(0, 30)}.{self.r.randint(0, 12)}"
        lb = self.labels(app, ns, chart, version)
        sel = {"app.kubernetes.io/name": app, "app.kubernetes.io/instance": app}
        if stateful:
            repo, versions, port_no = STATEFUL_IMAGES[stateful]
            version = self.pick(versions)
        else:
            repo, port_no = f"registry.example.com/{ns}/{app}", 8080
        replicas = 1 if self.flaw("single-replica", 0.07) else self.pick([2, 3, 3, 3, 4, 6])
        probe_kind = "tcp" if stateful else self.pick(["http", "http", "http", "grpc", "exec"])
        port_name = "grpc" if probe_kind == "grpc" else ("tcp" if stateful else "http")
        c = {
            "name": stateful or app.rsplit("-", 1)[-1],
            "image": self.image(repo, version, app),
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": port_name, "containerPort": 9000 if probe_kind == "grpc" else port_no, "protocol": "TCP"}],
        }
        if self.chance(0.5):
            c["ports"].append({"name": "metrics", "containerPort": 9090, "protocol": "TCP"})
        c["env"] = self.env(app, ns)
        if self.chance(0.4):
            c["envFrom"] = [{"configMapRef": {"name": f"{app}-config"}}]
        c["resources"] = self.resources(app)
        if not c["resources"]:
            del c["resources"]
        if self.chance(0.4):
            c["startupProbe"] = self.probe(probe_kind, port_name, "/healthz")
            c["startupProbe"]["failureThreshold"] = 30
        if not self.flaw("no-liveness-probe", 0.07):
            c["livenessProbe"] = self.probe(probe_kind, port_name, "/healthz")
        if not self.flaw("no-readiness-probe", 0.06):
            c["readinessProbe"] = self.probe(probe_kind, port_name, "/readyz")
        c["securityContext"] = self.container_security()
        mounts = [{"name": "tmp", "mountPath": "/tmp"}]
        volumes: list = [{"name": "tmp", "emptyDir": {"sizeLimit": "128Mi"}}]
        if self.chance(0.4):
            mounts.append({"name": "config", "mountPath": "/etc/app", "readOnly": True})
            volumes.append({"name": "config", "configMap": {"name": f"{app}-config"}})
        if stateful:
            mounts.append({"name": "data", "mountPath": "/var/lib/data"})
        c["volumeMounts"] = mounts
        containers = [c]
        if self.chance(0.25):
            containers.append({
                "name": "envoy",
                "image": self.image("docker.io/envoyproxy/envoy", "v1.29.4", app),
                "args": ["--config-path", "/etc/envoy/envoy.yaml", "--log-level", "warn"],
                "ports": [{"name": "proxy", "containerPort": 15001}],
                "resources": self.resources(app + "-envoy") or {"requests": {"cpu": "50m"}},
                "readinessProbe": self.probe("http", 15021, "/ready"),
                "livenessProbe": self.probe("tcp", 15001, ""),
                "securityContext": self.container_security(),
            })
        pod: dict = {
            "serviceAccountName": app,
            "automountServiceAccountToken": False,
            "securityContext": {
                "runAsNonRoot": True,
                "runAsUser": 10001,
                "fsGroup": 10001,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
        }
        if self.chance(0.3):
            pod["initContainers"] = [{
                "name": "wait-for-db",
                "image": self.image("docker.io/library/busybox", "1.36.1", app),
                "command": ["sh", "-c", "until nc -z db 5432; do sleep 2; done"],
                "resources": self.resources(app + "-init") or {"requests": {"cpu": "10m"}},
                "securityContext": self.container_security(),
            }]
        pod["containers"] = containers
        if region:
            pod["nodeSelector"] = {"topology.kubernetes.io/region": region}
        spread = not self.flaw("no-zone-spread", 0.12)
        if spread and self.chance(0.7):
            pod["topologySpreadConstraints"] = [{
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": self.pick(["DoNotSchedule", "ScheduleAnyway"]),
                "labelSelector": {"matchLabels": dict(sel)},
            }]
        affinity: dict = {}
        if spread and "topologySpreadConstraints" not in pod:
            affinity["podAntiAffinity"] = {
                "preferredDuringSchedulingIgnoredDuringExecution": [{
                    "weight": 100,
                    "podAffinityTerm": {
                        "topologyKey": "topology.kubernetes.io/zone",
                        "labelSelector": {"matchLabels": dict(sel)},
                    },
                }],
            }
        if self.chance(0.3):
            affinity["nodeAffinity"] = {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [{
                        "key": "node.kubernetes.io/instance-type",
                        "operator": "In",
                        "values": self.r.sample(["m6i.large", "m6i.xlarge", "r6i.large", "c6i.xlarge"], 2),
                    }]}],
                },
            }
        if affinity:
            pod["affinity"] = affinity
        if self.chance(0.3):
            pod["tolerations"] = [{"key": "workload", "operator": "Equal", "value": "general", "effect": "NoSchedule"}]
        pod["terminationGracePeriodSeconds"] = self.pick([30, 30, 45, 60])
        pod["volumes"] = volumes
        annotations = {"checksum/config": self.digest(app, "config")}
        if "metrics" in [p["name"] for p in c["ports"]]:
            annotations["prometheus.io/scrape"] = "true"
            annotations["prometheus.io/port"] = "9090"
        spec: dict = {}
        kind = "StatefulSet" if stateful else "Deployment"
        if stateful:
            spec["serviceName"] = app
        spec["replicas"] = replicas
        spec["revisionHistoryLimit"] = 5
        spec["selector"] = {"matchLabels": sel}
        if not stateful:
            spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}}
        spec["template"] = {"metadata": {"labels": dict(lb), "annotations": annotations}, "spec": pod}
        if stateful:
            spec["volumeClaimTemplates"] = [{
                "metadata": {"name": "data"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "storageClassName": self.pick(["gp3-encrypted", "gp3-encrypted", "gp2"]),
                    "resources": {"requests": {"storage": self.pick(["20Gi", "50Gi", "100Gi", "500Gi"])}},
                },
            }]
        obj = {
            "apiVersion": "apps/v1",
            "kind": kind,
            "metadata": {"name": app, "namespace": ns, "labels": lb},
            "spec": spec,
        }
        return obj, replicas, sel, lb, port_name, 9000 if probe_kind == "grpc" else port_no

    def service(self, app, ns, lb, sel, port_name, port_no, stateful) -> dict:
        spec: dict = {"type": "ClusterIP"}
        if stateful:
            spec["clusterIP"] = "None"
        spec["selector"] = sel
        spec["ports"] = [{"name": port_name, "port": port_no, "targetPort": port_name, "protocol": "TCP"}]
        meta: dict = {"name": app, "namespace": ns, "labels": lb}
        if not stateful and self.chance(0.03):
            spec["type"] = "LoadBalancer"
            weak = self.flaw("weak-lb-tls-policy", 0.4)
            meta["annotations"] = {
                "service.beta.kubernetes.io/aws-load-balancer-type": "external",
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
                "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": f"arn:aws:acm:eu-west-1:111122223333:certificate/{self.digest(app)[:8]}-1a2b-4c3d-8e9f-{self.digest(app)[8:20]}",
                "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
                "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy":
                    "ELBSecurityPolicy-2016-08" if weak else "ELBSecurityPolicy-TLS13-1-2-2021-06",
            }
            spec["ports"].append({"name": "https", "port": 443, "targetPort": port_name, "protocol": "TCP"})
        return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}

    def hpa(self, app, ns, lb, kind, replicas) -> dict:
        lo = replicas
        return {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": app, "namespace": ns, "labels": lb},
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": app},
                "minReplicas": lo,
                "maxReplicas": lo * self.pick([2, 3, 4, 5]),
                "metrics": [
                    {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": self.pick([60, 70, 75, 80])}}},
                    {"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 80}}},
                ],
                "behavior": {
                    "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]},
                },
            },
        }

    def pdb(self, app, ns, lb, sel, replicas) -> dict:
        spec: dict = {}
        if self.flaw("pdb-blocks-eviction", 0.04):
            spec["maxUnavailable"] = 0 if self.chance(0.5) else None
            if spec["maxUnavailable"] is None:
                del spec["maxUnavailable"]
                spec["minAvailable"] = replicas
        elif self.chance(0.6):
            spec["maxUnavailable"] = 1
        else:
            spec["minAvailable"] = self.pick(["50%", max(1, replicas - 1)])
        spec["selector"] = {"matchLabels": sel}
        return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": app, "namespace": ns, "labels": lb}, "spec": spec}

    def netpol(self, app, ns, lb, sel, port_no) -> dict:
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": app, "namespace": ns, "labels": lb},
            "spec": {
                "podSelector": {"matchLabels": sel},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": [
                    {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
                              {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": ns}}}],
                     "ports": [{"protocol": "TCP", "port": port_no}]},
                    {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "observability"}}}],
                     "ports": [{"protocol": "TCP", "port": 9090}]},
                ],
                "egress": [
                    {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                             "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
                     "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]},
                    {"to": [{"ipBlock": {"cidr": f"10.{self.r.randint(16, 31)}.0.0/16"}}],
                     "ports": [{"protocol": "TCP", "port": p} for p in self.r.sample([5432, 6379, 9094, 443, 4222], 2)]},
                ],
            },
        }

    def configmap(self, app, ns, lb) -> dict:
        props = "\n".join(
            f"{k}={v}" for k, v in [
                ("server.port", 8080), ("management.port", 9090),
                ("cache.ttl", self.r.randint(30, 3600)), ("pool.size", self.r.randint(5, 50)),
                ("feature.new-checkout", self.pick(["true", "false"])),
                ("upstream.timeout-ms", self.r.randint(200, 5000)),
            ]
        )
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{app}-config", "namespace": ns, "labels": lb},
            "data": {
                "LOG_FORMAT": "json",
                "REGION": self.pick(REGIONS_EU + REGIONS_OTHER),
                "application.properties": props + "\n",
            },
        }

    def ingress(self, app, ns, lb, port_name) -> dict:
        host = f"{app}.{ns}.example.com"
        ann = {"cert-manager.io/cluster-issuer": "letsencrypt-prod",
               "nginx.ingress.kubernetes.io/proxy-body-size": self.pick(["1m", "8m", "16m"])}
        if self.flaw("https-redirect-disabled", 0.05):
            ann["nginx.ingress.kubernetes.io/ssl-redirect"] = "false"
        spec: dict = {"ingressClassName": "nginx"}
        if not self.flaw("ingress-without-tls", 0.12):
            spec["tls"] = [{"hosts": [host], "secretName": f"{app}-tls"}]
        spec["rules"] = [{"host": host, "http": {"paths": [
            {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": app, "port": {"name": port_name}}}},
        ]}}]
        return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": app, "namespace": ns, "labels": lb, "annotations": ann}, "spec": spec}

    def namespace_docs(self, ns: str) -> list[dict]:
        docs: list[dict] = [{
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": ns, "labels": {"team": ns, "pod-security.kubernetes.io/enforce": "restricted"}},
        }]
        if not self.flaw("namespace-without-default-deny", 0.2):
            docs.append({
                "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "default-deny", "namespace": ns},
                "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
            })
        docs.append({
            "apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": {"name": "compute", "namespace": ns},
            "spec": {"hard": {"requests.cpu": "40", "requests.memory": "80Gi", "limits.cpu": "80", "limits.memory": "120Gi", "pods": "200"}},
        })
        return docs

    def nginx_config(self, ns: str) -> dict:
        protocols = "TLSv1.2 TLSv1.3"
        if self.flaw("weak-tls-protocols", 0.3):
            protocols = self.pick(["TLSv1 TLSv1.1 TLSv1.2", "TLSv1.1 TLSv1.2 TLSv1.3"])
        return {
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "ingress-nginx-controller", "namespace": ns,
                         "labels": {"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"}},
            "data": {"ssl-protocols": protocols, "use-forwarded-headers": "true", "hsts": "true",
                     "proxy-buffer-size": "16k", "enable-real-ip": "true"},
        }

    def storage_class(self, i: int) -> dict:
        region = self.pick(REGIONS_EU + REGIONS_OTHER)
        params: dict = {"type": self.pick(["gp3", "gp3", "io2", "gp2"]), "csi.storage.k8s.io/fstype": "ext4"}
        if not self.flaw("unencrypted-storage-class", 0.25):
            params["encrypted"] = "true"
            if self.chance(0.6):
                params["kmsKeyId"] = f"arn:aws:kms:{region}:111122223333:key/{self.digest('kms', i)[:8]}-1a2b-4c3d-8e9f-{self.digest('kms', i)[8:20]}"
        sc = {
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": f"{params['type']}-{region}-{i}"},
            "provisioner": "ebs.csi.aws.com",
            "volumeBindingMode": "WaitForFirstConsumer",
            "allowVolumeExpansion": True,
            "parameters": params,
        }
        if self.chance(0.5):
            sc["allowedTopologies"] = [{"matchLabelExpressions": [{
                "key": "topology.kubernetes.io/zone", "values": [f"{region}{z}" for z in "abc"]}]}]
        return sc


def render(docs: list[tuple[str, dict]], chart: str | None) -> str:
    parts = []
    for template, obj in docs:
        head = f"# Source: {chart}/templates/{template}\n" if chart else ""
        parts.append("---\n" + head + to_yaml(obj))
    return "".join(parts)


def generate(files: int, out: Path, seed: int, namespaces: int) -> dict:
    g = Gen(seed)
    names = [f"{t}" for t in TEAMS[:namespaces]]
    while len(names) < namespaces:
        names.append(f"team-{len(names)}")
    written: list[tuple[Path, str]] = []

    def emit(rel: str, text: str) -> None:
        written.append((out / rel, text))

    # Cluster-wide objects and per-namespace baselines first.
    for i in range(max(4, files // 500)):
        sc = g.storage_class(i)
        emit(f"cluster/storageclass-{sc['metadata']['name']}.yaml", render([("storageclass.yaml", sc)], None))
    for ns in names:
        emit(f"{ns}/namespace.yaml", render([("namespace.yaml", d) for d in g.namespace_docs(ns)], None))
    for ns in names[:: max(1, namespaces // 5)]:
        emit(f"{ns}/ingress-nginx-controller.yaml", render([("controller-configmap.yaml", g.nginx_config(ns))], None))

    n_app = 0
    while len(written) < files:
        ns = names[n_app % len(names)]
        stateful = g.pick(STATEFUL) if g.chance(0.15) else None
        app = f"{ns}-{stateful}" if stateful else f"{ns}-{g.pick(SUFFIXES)}"
        app = f"{app}-{n_app // len(names)}"
        n_app += 1
        region = None
        if g.chance(0.2):
            region = g.pick(REGIONS_EU) if g.chance(0.85) else g.pick(REGIONS_OTHER)
        chart = g.chance(0.5)
        wl, replicas, sel, lb, port_name, port_no = g.workload(app, ns, chart, stateful, region)
        docs: list[tuple[str, dict]] = []
        if g.chance(0.4):
            docs.append(("configmap.yaml", g.configmap(app, ns, lb)))
        docs.append(("service.yaml", g.service(app, ns, lb, sel, port_name, port_no, stateful)))
        docs.append(("statefulset.yaml" if stateful else "deployment.yaml", wl))
        if not stateful and replicas > 1 and g.chance(0.6):
            docs.append(("hpa.yaml", g.hpa(app, ns, lb, wl["kind"], replicas)))
        if replicas > 1 and not g.flaw("missing-pdb", 0.1):
            docs.append(("pdb.yaml", g.pdb(app, ns, lb, sel, replicas)))
        if g.chance(0.7):
            docs.append(("networkpolicy.yaml", g.netpol(app, ns, lb, sel, port_no)))
        if not stateful and port_name == "http" and g.chance(0.3):
            docs.append(("ingress.yaml", g.ingress(app, ns, lb, port_name)))
        if chart:
            emit(f"{ns}/{app}.yaml", render(docs, app))
        else:
            for tpl, d in docs:
                if len(written) >= files:
                    break
                emit(f"{ns}/{app}/{tpl}", render([(tpl, d)], None))

    written = written[:files]
    if out.exists():
        shutil.rmtree(out)
    total_bytes = 0
    documents = 0
    kinds: Counter[str] = Counter()
    for path, text in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        total_bytes += len(text.encode())
        documents += len(re.findall(r"^---$", text, re.M))
        kinds.update(re.findall(r"^kind: (\w+)$", text, re.M))
    return {
        "files": len(written),
        "documents": documents,
        "bytes": total_bytes,
        "namespaces": len(names),
        "applications": n_app,
        "seed": seed,
        "kinds": dict(sorted(kinds.items())),
        "violations_injected": dict(sorted(g.violations.items())),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", "-n", type=int, default=10_000, help="number of files to write (default 10000)")
    ap.add_argument("--out", "-o", type=Path, default=Path(__file__).resolve().parent / "corpus",
                    help="output directory, replaced if present (default benches/corpus)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--namespaces", type=int, default=50, help="number of namespaces (default 50)")
    a = ap.parse_args()
    if a.files < 1 or a.namespaces < 1:
        ap.error("--files and --namespaces must be positive")
    stats = generate(a.files, a.out, a.seed, a.namespaces)
    (a.out / "CORPUS.txt").write_text(
        "Generated by benches/gen_corpus.py; do not edit.\n" + json.dumps(stats, indent=2) + "\n"
    )
    print(
        f"wrote {stats['files']} files, {stats['documents']} documents, "
        f"{stats['bytes'] / 1e6:.1f} MB, {stats['namespaces']} namespaces, "
        f"{stats['applications']} applications into {a.out} (seed {a.seed})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

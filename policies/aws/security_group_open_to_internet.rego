# METADATA
# title: Security group open to the internet on a port other than HTTP/HTTPS
# description: |
#   An ingress rule from `0.0.0.0/0` or `::/0` lets anyone on the internet
#   reach the port. For web traffic on 80 and 443 behind a load balancer
#   that is the point; for anything else it is how databases, caches,
#   search clusters and remote shells get found by scanners within minutes
#   and broken into (open SSH and RDP are among the most exploited
#   misconfigurations). A port range or protocol `-1` (all traffic) that
#   covers other ports counts. Checked on `aws_security_group` inline
#   `ingress` blocks, `aws_security_group_rule` (type `ingress`) and
#   `aws_vpc_security_group_ingress_rule`.
# custom:
#   id: AWS044
#   name: security-group-open-to-internet
#   severity: high
#   categories: [exposure]
#   targets: [terraform, cloudformation]
#   kinds: [aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule, "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"]
#   remediation: |
#     Allow only the sources that need the port: the load balancer's or the
#     application's security group (`source_security_group_id`,
#     `referenced_security_group_id`), a VPN or office range. For remote
#     administration use SSM Session Manager or EC2 Instance Connect
#     instead of open SSH/RDP.
#
#     CloudFormation: narrow the `CidrIp`/`CidrIpv6` of the
#     `SecurityGroupIngress` item (or of the
#     `AWS::EC2::SecurityGroupIngress`), or use `SourceSecurityGroupId`.
#   frameworks:
#     CIS-AWS: ["5.2", "5.3"]
#     PCI-DSS: ["1.3.1"]
#     SOC2: [CC6.6]
#   example: |
#     resource "aws_security_group" "db" {
#       name = "db"
#       ingress {
#         from_port   = 5432
#         to_port     = 5432
#         protocol    = "tcp"
#         cidr_blocks = ["0.0.0.0/0"]
#       }
#     }
package aws.security_group_open_to_internet

import rego.v1


web_ports := {80, 443}

sensitive := {
	22: "SSH", 3389: "RDP", 3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server",
	1521: "Oracle", 6379: "Redis", 11211: "Memcached", 9200: "Elasticsearch/OpenSearch",
	27017: "MongoDB", 5601: "Kibana", 2379: "etcd", 9092: "Kafka", 23: "Telnet", 445: "SMB",
}

internet := {"0.0.0.0/0", "::/0"}

icmp := {"icmp", "icmpv6", "1", "58"}

# The ports a rule opens: [from, to], or all for protocol -1/all. ICMP has
# no ports (its from/to are the ICMP type and code): undefined.
range(from, to, protocol) := [0, 65535] if {
	lower(sprintf("%v", [protocol])) in {"-1", "all"}
} else := [from, to] if {
	not lower(sprintf("%v", [protocol])) in icmp
}

# Whether the range opens a port other than 80 and 443.
opens_other([lo, hi]) if {
	hi - lo >= 2
} else if {
	some p in numbers.range(lo, hi)
	not p in web_ports
}

describe([lo, hi]) := "all ports" if {
	lo <= 0
	hi >= 65535
} else := sprintf("port %d", [lo]) if {
	lo == hi
} else := sprintf("ports %d-%d", [lo, hi])

# Named sensitive ports in the range.
named([lo, hi]) := [sprintf("%d (%s)", [p, sensitive[p]]) |
	some p in sort(object.keys(sensitive))
	p >= lo
	p <= hi
]

message(r) := sprintf("%s allows %s from the internet (%s)%s; allow only the sources that need it", [data.aws_lib.name, describe(r.ports), r.cidr, extra(r.ports)])

extra(ports) := sprintf(", including %s", [concat(", ", named(ports))]) if {
	describe(ports) != "all ports"
	count(named(ports)) > 0
} else := ", every remote-administration and database port included" if {
	describe(ports) == "all ports"
} else := ""

# Inline ingress blocks of aws_security_group.
open_rules contains {"path": array.concat(["ingress", i, key], [j]), "cidr": c, "ports": ports} if {
	data.aws_lib.type == "aws_security_group"
	some i, rule in data.aws_lib.items(["ingress"])
	ports := range(rule.from_port, rule.to_port, rule.protocol)
	some key in ["cidr_blocks", "ipv6_cidr_blocks"]
	some j, c in data.aws_lib.list(object.get(rule, key, []))
	c in internet
}

# aws_security_group_rule of type ingress.
open_rules contains {"path": [key, j], "cidr": c, "ports": ports} if {
	data.aws_lib.type == "aws_security_group_rule"
	data.aws_lib.value(["type"]) == "ingress"
	ports := range(input.from_port, input.to_port, input.protocol)
	some key in ["cidr_blocks", "ipv6_cidr_blocks"]
	some j, c in data.aws_lib.items([key])
	c in internet
}

# aws_vpc_security_group_ingress_rule: one source per rule.
open_rules contains {"path": [key], "cidr": c, "ports": ports} if {
	data.aws_lib.type == "aws_vpc_security_group_ingress_rule"
	ports := range(object.get(input, "from_port", 0), object.get(input, "to_port", 65535), input.ip_protocol)
	some key in ["cidr_ipv4", "cidr_ipv6"]
	c := data.aws_lib.value([key])
	c in internet
}

# CloudFormation: SecurityGroupIngress items of AWS::EC2::SecurityGroup, and
# AWS::EC2::SecurityGroupIngress resources (ports may be strings; without
# FromPort/ToPort, or with IpProtocol -1, every port; ICMP has no ports).
cfn_port(v, fallback) := fallback if v == null

else := to_number(v) if is_string(v)

else := v

cfn_ports(rule) := ports if {
	proto := lower(sprintf("%v", [object.get(rule, "IpProtocol", "-1")]))
	not proto in {"icmp", "icmpv6", "1", "58"}
	ports := range(cfn_port(object.get(rule, "FromPort", null), 0), cfn_port(object.get(rule, "ToPort", null), 65535), proto)
}

open_rules contains {"path": ["Properties", "SecurityGroupIngress", i, key], "cidr": c, "ports": ports} if {
	data.aws_lib.type == "AWS::EC2::SecurityGroup"
	some i, rule in data.aws_lib.items(["Properties", "SecurityGroupIngress"])
	ports := cfn_ports(rule)
	some key in ["CidrIp", "CidrIpv6"]
	c := object.get(rule, key, null)
	c in internet
}

open_rules contains {"path": ["Properties", key], "cidr": c, "ports": ports} if {
	data.aws_lib.type == "AWS::EC2::SecurityGroupIngress"
	ports := cfn_ports(input.Properties)
	some key in ["CidrIp", "CidrIpv6"]
	c := data.aws_lib.value(["Properties", key])
	c in internet
}

deny contains data.aws_lib.finding(r.path, message(r)) if {
	some r in open_rules
	opens_other(r.ports)
}

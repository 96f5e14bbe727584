package aws.security_group_open_to_internet_test

import rego.v1

import data.aws.security_group_open_to_internet as rule

sg(ingress) := {"ingress": ingress, "_plumb": {"target": "terraform", "type": "aws_security_group", "identity": "aws_security_group.db"}}

test_open_postgres_is_denied_at_the_cidr if {
	rule.deny == {{
		"msg": "aws_security_group.db allows port 5432 from the internet (0.0.0.0/0), including 5432 (PostgreSQL); allow only the sources that need it",
		"path": ["ingress", 1, "cidr_blocks", 0],
	}} with input as sg([
		{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]},
		{"from_port": 5432, "to_port": 5432, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
	])
}

test_web_ports_and_private_sources_are_allowed if {
	count(rule.deny) == 0 with input as sg([
		{"from_port": 80, "to_port": 80, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
		{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
		{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": null},
	])
}

test_all_traffic_and_ranges if {
	some f in rule.deny with input as sg([{"from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_blocks": ["::/0"]}])
	contains(f.msg, "all ports from the internet (::/0), every remote-administration and database port included")
	count(rule.deny) == 1 with input as sg([{"from_port": 80, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}])
}

test_rule_resources if {
	count(rule.deny) == 1 with input as {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "_plumb": {"target": "terraform", "type": "aws_security_group_rule", "identity": "r"}}
	count(rule.deny) == 0 with input as {"type": "egress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"], "_plumb": {"target": "terraform", "type": "aws_security_group_rule", "identity": "r"}}
	rule.deny == {{
		"msg": "r allows port 6379 from the internet (0.0.0.0/0), including 6379 (Redis); allow only the sources that need it",
		"path": ["cidr_ipv4"],
	}} with input as {"from_port": 6379, "to_port": 6379, "ip_protocol": "tcp", "cidr_ipv4": "0.0.0.0/0", "_plumb": {"target": "terraform", "type": "aws_vpc_security_group_ingress_rule", "identity": "r"}}
}

cfn(t, props) := {"Type": t, "Properties": props, "_plumb": {"target": "cloudformation", "type": t, "identity": "Sg", "unknown": {}}}

test_cfn_inline_ssh_is_denied_at_the_cidr if {
	rule.deny == {{
		"msg": "Sg allows port 22 from the internet (0.0.0.0/0), including 22 (SSH); allow only the sources that need it",
		"path": ["Properties", "SecurityGroupIngress", 0, "CidrIp"],
	}} with input as cfn("AWS::EC2::SecurityGroup", {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "22", "ToPort": "22", "CidrIp": "0.0.0.0/0"}]})
}

test_cfn_web_ports_and_icmp_pass if {
	count(rule.deny) == 0 with input as cfn("AWS::EC2::SecurityGroup", {"SecurityGroupIngress": [
		{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"},
		{"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "CidrIp": "0.0.0.0/0"},
	]})
}

test_cfn_standalone_rule_without_ports_is_all_ports if {
	count(rule.deny) == 1 with input as cfn("AWS::EC2::SecurityGroupIngress", {"IpProtocol": "-1", "CidrIpv6": "::/0"})
}

test_icmp_has_no_ports if {
	count(rule.deny) == 0 with input as {"from_port": -1, "to_port": -1, "protocol": "icmp", "type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "_plumb": {"target": "terraform", "type": "aws_security_group_rule", "identity": "r", "unknown": {}}}
}

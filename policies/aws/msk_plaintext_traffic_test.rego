package aws.msk_plaintext_traffic_test

import rego.v1

import data.aws.msk_plaintext_traffic as rule

tf(transit, plumb) := object.union({"encryption_info": [{"encryption_in_transit": [transit]}]}, {"_plumb": object.union({"target": "terraform", "type": "aws_msk_cluster", "identity": "aws_msk_cluster.events", "config": {}, "unknown": {}}, plumb)})

test_tls_plaintext_is_denied if {
	rule.deny == {{
		"msg": "aws_msk_cluster.events lets clients talk to brokers in plaintext (client_broker = \"TLS_PLAINTEXT\"): messages and credentials cross the network unencrypted; set client_broker = \"TLS\"",
		"path": ["encryption_info", 0, "encryption_in_transit", 0, "client_broker"],
	}} with input as tf({"client_broker": "TLS_PLAINTEXT", "in_cluster": true}, {})
}

test_in_cluster_off_is_denied if {
	count(rule.deny) == 1 with input as tf({"client_broker": "TLS", "in_cluster": false}, {})
}

test_tls_is_allowed if {
	count(rule.deny) == 0 with input as tf({"client_broker": "TLS", "in_cluster": true}, {})
}

test_defaults_are_allowed if {
	count(rule.deny) == 0 with input as object.union({"encryption_info": null}, {"_plumb": {"target": "terraform", "type": "aws_msk_cluster", "identity": "aws_msk_cluster.events", "config": {}, "unknown": {"encryption_info": true}}})
}

test_unknown_is_not_judged if {
	count(rule.deny) == 0 with input as tf({"client_broker": null}, {"unknown": {"encryption_info": [{"encryption_in_transit": [{"client_broker": true}]}]}})
}

cfn(props) := {"Type": "AWS::MSK::Cluster", "Properties": props, "_plumb": {"target": "cloudformation", "type": "AWS::MSK::Cluster", "identity": "Kafka", "unknown": {}}}

test_cfn_plaintext_clients_are_denied if {
	rule.deny == {{
		"msg": "Kafka lets clients talk to brokers in plaintext (ClientBroker: PLAINTEXT): messages and credentials cross the network unencrypted; set ClientBroker: TLS",
		"path": ["Properties", "EncryptionInfo", "EncryptionInTransit", "ClientBroker"],
	}} with input as cfn({"EncryptionInfo": {"EncryptionInTransit": {"ClientBroker": "PLAINTEXT"}}})
}

test_cfn_defaults_are_tls if {
	count(rule.deny) == 0 with input as cfn({"ClusterName": "x"})
}

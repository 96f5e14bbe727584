# METADATA
# title: MSK cluster allows plaintext traffic
# description: |
#   Amazon MSK encrypts traffic between clients and brokers, and between
#   brokers, unless told otherwise: `encryption_in_transit.client_broker`
#   defaults to `TLS` and `in_cluster` to true. `TLS_PLAINTEXT` keeps a
#   plaintext listener open next to the TLS one, `PLAINTEXT` offers only
#   plaintext, and `in_cluster = false` sends replication traffic between
#   brokers unencrypted: messages (and SASL/SCRAM exchanges on plaintext
#   listeners) can be read on the network. Checked on `aws_msk_cluster`;
#   MSK Serverless always uses TLS. MSK offers no setting for the TLS
#   version, so `min_tls_version` changes nothing here. Values known only
#   after apply are not judged.
# custom:
#   id: AWS014
#   name: msk-plaintext-traffic
#   severity: high
#   categories: [tls]
#   targets: [terraform, cloudformation]
#   kinds: [aws_msk_cluster, "AWS::MSK::Cluster"]
#   remediation: |
#     Use TLS between clients and brokers and inside the cluster (the
#     defaults):
#
#     ```hcl
#     encryption_info {
#       encryption_in_transit {
#         client_broker = "TLS"
#         in_cluster    = true
#       }
#     }
#     ```
#
#     CloudFormation: `EncryptionInfo: {EncryptionInTransit:
#     {ClientBroker: TLS, InCluster: true}}` on the `AWS::MSK::Cluster`.
#   frameworks:
#     PCI-DSS: ["4.2.1"]
#     HIPAA: ["164.312(e)(1)"]
#     SOC2: [CC6.7]
#     ISO27001: [A.8.24]
#   example: |
#     resource "aws_msk_cluster" "events" {
#       # ...
#       encryption_info {
#         encryption_in_transit {
#           client_broker = "TLS_PLAINTEXT"
#         }
#       }
#     }
package aws.msk_plaintext_traffic

import rego.v1


transit := ["encryption_info", 0, "encryption_in_transit", 0]

deny contains data.aws_lib.finding(array.concat(transit, ["client_broker"]), msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	v := data.aws_lib.string(array.concat(transit, ["client_broker"]))
	upper(v) in {"PLAINTEXT", "TLS_PLAINTEXT"}
	msg := sprintf("%s lets clients talk to brokers in plaintext (client_broker = \"%s\"): messages and credentials cross the network unencrypted; set client_broker = \"TLS\"", [data.aws_lib.name, v])
}

deny contains data.aws_lib.finding(array.concat(transit, ["in_cluster"]), msg) if {
	data.aws_lib.type == "aws_msk_cluster"
	not data.aws_lib.unknown(array.concat(transit, ["in_cluster"]))
	data.aws_lib.value(array.concat(transit, ["in_cluster"])) == false
	msg := sprintf("%s replicates between brokers unencrypted (in_cluster = false); set in_cluster = true", [data.aws_lib.name])
}

# CloudFormation: EncryptionInfo.EncryptionInTransit ClientBroker (default
# TLS) and InCluster (default true).
cfn_transit := ["Properties", "EncryptionInfo", "EncryptionInTransit"]

deny contains data.aws_lib.finding(array.concat(cfn_transit, ["ClientBroker"]), msg) if {
	data.aws_lib.type == "AWS::MSK::Cluster"
	v := data.aws_lib.string(array.concat(cfn_transit, ["ClientBroker"]))
	upper(v) in {"PLAINTEXT", "TLS_PLAINTEXT"}
	msg := sprintf("%s lets clients talk to brokers in plaintext (ClientBroker: %s): messages and credentials cross the network unencrypted; set ClientBroker: TLS", [data.aws_lib.name, v])
}

deny contains data.aws_lib.finding(array.concat(cfn_transit, ["InCluster"]), msg) if {
	data.aws_lib.type == "AWS::MSK::Cluster"
	path := array.concat(cfn_transit, ["InCluster"])
	data.aws_lib.value(path) != null
	data.aws_lib.off(path)
	msg := sprintf("%s replicates between brokers unencrypted (InCluster: false); set InCluster: true", [data.aws_lib.name])
}

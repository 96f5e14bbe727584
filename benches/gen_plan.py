#!/usr/bin/env python3
"""Writes a large Terraform plan for benchmarks: `main.tf`, a module under
`modules/service/`, and `plan.json`, as `scripts/tfplan.py` builds them.

The root calls the module once per service; each call creates 12 resources
(three subnets, a security group, a KMS key, an RDS instance and its
parameter group, an S3 bucket and its encryption configuration, a load
balancer and its listener, an SQS queue), with settings that vary by
service so that every rule has passing and failing resources. Some services
use a second provider (another region).

    python3 benches/gen_plan.py --resources 5000 --out /tmp/plan5k
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../scripts"))
from tfplan import Block, Plan, Ref  # noqa: E402

PER_SERVICE = 12


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=5000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    services = max(1, round(a.resources / PER_SERVICE))
    p = Plan()
    p.provider("aws", region="eu-west-1")
    p.provider("aws", alias="us", region="us-east-1")
    p.resource("aws_vpc", "main", {"cidr_block": "10.0.0.0/8"})
    for i in range(services):
        m = p.module(
            f"svc_{i:04d}",
            "./modules/service",
            inputs={
                "name": f"svc-{i:04d}",
                "vpc_id": Ref("aws_vpc.main.id"),
                "multi_az": i % 3 != 0,
                "encrypted": i % 5 != 0,
                "admin_cidr": "0.0.0.0/0" if i % 7 == 0 else "10.0.0.0/8",
                "tls_policy": "ELBSecurityPolicy-2016-08" if i % 4 == 0 else "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "retention": 1 if i % 6 == 0 else 14,
            },
            providers={"aws": "aws.us"} if i % 10 == 0 else None,
        )
        for v in ("name", "vpc_id", "multi_az", "encrypted", "admin_cidr", "tls_policy", "retention"):
            m.variable(v)
        for n, az in enumerate(("a", "b", "c")):
            m.resource("aws_subnet", f"private_{az}", {
                "vpc_id": Ref("var.vpc_id"),
                "cidr_block": f"10.0.{n * 64}.0/26",
                "availability_zone": f"eu-west-1{az}",
            })
        m.resource("aws_security_group", "app", {
            "name": Ref("var.name"),
            "vpc_id": Ref("var.vpc_id"),
            "ingress": Block([
                {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
                {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": [Ref("var.admin_cidr")]},
            ]),
        })
        m.resource("aws_kms_key", "data", {"enable_key_rotation": True})
        m.resource("aws_db_parameter_group", "db", {
            "name": Ref("var.name"),
            "family": "postgres16",
            "parameter": Block([{"name": "rds.force_ssl", "value": "1"}]),
        })
        m.resource("aws_db_instance", "db", {
            "identifier": Ref("var.name"),
            "engine": "postgres",
            "engine_version": "16.4",
            "instance_class": "db.r6g.large",
            "allocated_storage": 100,
            "multi_az": Ref("var.multi_az"),
            "storage_encrypted": Ref("var.encrypted"),
            "kms_key_id": Ref("aws_kms_key.data.arn"),
            "parameter_group_name": Ref("aws_db_parameter_group.db.name"),
            "backup_retention_period": Ref("var.retention"),
            "deletion_protection": True,
        })
        m.resource("aws_s3_bucket", "data", {"bucket": Ref("var.name")})
        m.resource("aws_s3_bucket_server_side_encryption_configuration", "data", {
            "bucket": Ref("aws_s3_bucket.data.id"),
            "rule": Block([{"apply_server_side_encryption_by_default": Block([
                {"sse_algorithm": "aws:kms", "kms_master_key_id": Ref("aws_kms_key.data.arn")}
            ])}]),
        })
        m.resource("aws_lb", "web", {
            "name": Ref("var.name"),
            "load_balancer_type": "application",
            "subnets": [Ref("aws_subnet.private_a.id"), Ref("aws_subnet.private_b.id"), Ref("aws_subnet.private_c.id")],
            "enable_deletion_protection": True,
        })
        m.resource("aws_lb_listener", "https", {
            "load_balancer_arn": Ref("aws_lb.web.arn"),
            "port": 443,
            "protocol": "HTTPS",
            "ssl_policy": Ref("var.tls_policy"),
            "certificate_arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            "default_action": Block([{"type": "forward", "target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1"}]),
        })
        m.resource("aws_sqs_queue", "jobs", {"name": Ref("var.name"), "kms_master_key_id": Ref("aws_kms_key.data.arn")})
    p.write(a.out)
    total = 1 + services * PER_SERVICE
    print(f"wrote {a.out}/plan.json: {total} resources ({services} module calls)", file=sys.stderr)


if __name__ == "__main__":
    main()

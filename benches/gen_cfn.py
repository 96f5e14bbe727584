#!/usr/bin/env python3
"""Writes a large CloudFormation template for benchmarks (YAML, short-form
tags), and `expected.json`: the violations planted, by rule.

Each service adds 10 resources: a KMS key, a security group, an RDS
instance and its parameter group, an S3 bucket, an SQS queue, an SNS topic,
a DynamoDB table, an EFS file system and an ALB listener. Settings vary by
service (directly, through parameters, `!If` on conditions, `!FindInMap`)
so that each rule sees passing, failing and unknown resources. CloudFormation
itself caps a template at 500 resources; a scanner must not.

    python3 benches/gen_cfn.py --resources 2000 --out /tmp/cfn2k
"""

import argparse
import json
import os

PER_SERVICE = 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=2000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    services = max(1, a.resources // PER_SERVICE)
    expected = {}

    def plant(rule, n=1):
        expected[rule] = expected.get(rule, 0) + n

    out = []
    w = out.append
    w('AWSTemplateFormatVersion: "2010-09-09"')
    w("Description: Benchmark template written by benches/gen_cfn.py.")
    w("Parameters:")
    w("  Environment:")
    w("    Type: String")
    w("    Default: staging")
    w("    AllowedValues: [staging, production]")
    w("  DbPassword:")
    w("    Type: String")
    w("    NoEcho: true")
    w("  UnknownFlag:")
    w("    Type: String")
    w("Mappings:")
    w("  Sizes:")
    w("    staging: {Class: db.t4g.medium, Retention: 3}")
    w("    production: {Class: db.r6g.large, Retention: 14}")
    w("Conditions:")
    w("  IsProduction: !Equals [!Ref Environment, production]")
    w("Resources:")
    w("  Vpc:")
    w("    Type: AWS::EC2::VPC")
    w("    Properties:")
    w("      CidrBlock: 10.0.0.0/8")
    w("  Alb:")
    w("    Type: AWS::ElasticLoadBalancingV2::LoadBalancer")
    w("    Properties:")
    w("      Subnets: [subnet-0a, subnet-0b, subnet-0c]")
    for i in range(services):
        s = f"Svc{i:04d}"
        name = f"svc-{i:04d}"
        # KMS key.
        w(f"  {s}Key:")
        w("    Type: AWS::KMS::Key")
        w("    Properties:")
        w(f"      Description: !Sub \"{name} key in ${{AWS::Region}}\"")
        w("      EnableKeyRotation: true")
        # Security group: SSH open to the internet on every 6th.
        w(f"  {s}Sg:")
        w("    Type: AWS::EC2::SecurityGroup")
        w("    Properties:")
        w(f"      GroupDescription: {name}")
        w("      VpcId: !Ref Vpc")
        w("      SecurityGroupIngress:")
        w("        - IpProtocol: tcp")
        w("          FromPort: 443")
        w("          ToPort: 443")
        w("          CidrIp: 0.0.0.0/0")
        if i % 6 == 0:
            w("        - IpProtocol: tcp")
            w("          FromPort: 22")
            w("          ToPort: 22")
            w("          CidrIp: 0.0.0.0/0")
            plant("AWS044")
        # Parameter group.
        w(f"  {s}Params:")
        w("    Type: AWS::RDS::DBParameterGroup")
        w("    Properties:")
        w(f"      Description: {name}")
        w("      Family: postgres16")
        w("      Parameters:")
        w(f"        rds.force_ssl: \"{0 if i % 8 == 0 else 1}\"")
        if i % 8 == 0:
            plant("AWS015")
        # Database.
        w(f"  {s}Db:")
        w("    Type: AWS::RDS::DBInstance")
        w("    DeletionPolicy: Snapshot")
        w("    Properties:")
        w("      Engine: postgres")
        w("      EngineVersion: \"16.4\"")
        w("      DBInstanceClass: !FindInMap [Sizes, !Ref Environment, Class]")
        w("      AllocatedStorage: \"100\"")
        w("      MasterUsername: app")
        w("      MasterUserPassword: !Ref DbPassword")
        w(f"      DBParameterGroupName: !Ref {s}Params")
        w(f"      VPCSecurityGroups: [!Ref {s}Sg]")
        if i % 3 == 0:
            w("      MultiAZ: !If [IsProduction, true, false]")
            plant("AWS001")
        elif i % 3 == 1:
            w("      MultiAZ: !Ref UnknownFlag")
        else:
            w("      MultiAZ: true")
        if i % 4 == 0:
            w("      StorageEncrypted: false")
            plant("AWS020")
        else:
            w("      StorageEncrypted: true")
            w(f"      KmsKeyId: !GetAtt {s}Key.Arn")
        if i % 5 == 0:
            w("      BackupRetentionPeriod: !FindInMap [Sizes, !Ref Environment, Retention]")
            plant("AWS042")
        else:
            w("      BackupRetentionPeriod: 14")
        if i % 2 == 0:
            w("      DeletionProtection: true")
        else:
            plant("AWS043")
        # Bucket.
        w(f"  {s}Bucket:")
        w("    Type: AWS::S3::Bucket")
        w("    Properties:")
        w(f"      BucketName: !Sub \"{name}-${{AWS::AccountId}}-${{AWS::Region}}\"")
        w("      BucketEncryption:")
        w("        ServerSideEncryptionConfiguration:")
        w("          - ServerSideEncryptionByDefault:")
        w("              SSEAlgorithm: aws:kms")
        w(f"              KMSMasterKeyID: !Ref {s}Key")
        # Queue: SSE explicitly off on every 9th.
        w(f"  {s}Queue:")
        w("    Type: AWS::SQS::Queue")
        w("    Properties:")
        w(f"      QueueName: {name}")
        if i % 9 == 0:
            w("      SqsManagedSseEnabled: false")
            plant("AWS020")
        # Topic: no key on every 10th.
        w(f"  {s}Topic:")
        w("    Type: AWS::SNS::Topic")
        w("    Properties:")
        w(f"      TopicName: {name}")
        if i % 10 == 0:
            plant("AWS020")
        else:
            w(f"      KmsMasterKeyId: !Ref {s}Key")
        # Table: point-in-time recovery off on every other.
        w(f"  {s}Table:")
        w("    Type: AWS::DynamoDB::Table")
        w("    Properties:")
        w("      BillingMode: PAY_PER_REQUEST")
        w("      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]")
        w("      KeySchema: [{AttributeName: id, KeyType: HASH}]")
        w("      DeletionProtectionEnabled: true")
        if i % 2 == 1:
            w("      PointInTimeRecoverySpecification:")
            w("        PointInTimeRecoveryEnabled: true")
        else:
            plant("AWS045")
        # File system: unencrypted on every 5th.
        w(f"  {s}Fs:")
        w("    Type: AWS::EFS::FileSystem")
        w("    Properties:")
        if i % 5 == 0:
            w("      Encrypted: false")
            plant("AWS020")
        else:
            w("      Encrypted: true")
            w(f"      KmsKeyId: !GetAtt {s}Key.Arn")
        # Listener: plain HTTP without a redirect on every 7th.
        w(f"  {s}Listener:")
        w("    Type: AWS::ElasticLoadBalancingV2::Listener")
        w("    Properties:")
        w("      LoadBalancerArn: !Ref Alb")
        if i % 7 == 0:
            w(f"      Port: {8000 + i}")
            w("      Protocol: HTTP")
            w("      DefaultActions:")
            w("        - Type: fixed-response")
            w("          FixedResponseConfig: {StatusCode: \"200\"}")
            plant("AWS010")
        else:
            w(f"      Port: {10000 + i}")
            w("      Protocol: HTTPS")
            w("      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06")
            w("      Certificates: [{CertificateArn: !Sub \"arn:aws:acm:${AWS::Region}:${AWS::AccountId}:certificate/x\"}]")
            w("      DefaultActions:")
            w("        - Type: fixed-response")
            w("          FixedResponseConfig: {StatusCode: \"200\"}")
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "template.yaml"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(
            {"resources": 2 + services * PER_SERVICE, "findings_by_rule": expected},
            f,
            indent=2,
            sort_keys=True,
        )
    print(f"{2 + services * PER_SERVICE} resources in {a.out}/template.yaml", flush=True)


if __name__ == "__main__":
    main()

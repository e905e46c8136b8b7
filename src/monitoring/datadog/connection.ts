import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatadogSite } from './site';

/**
 * How the Datadog constructs reach Datadog. Define one per platform and pass it to every monitor,
 * composite, SLO, synthetics test and downtime, in any stack.
 */
export interface DatadogConnection {
  /**
   * Secrets Manager secret holding the keys as JSON:
   * `{"apiKey": "<Datadog API key>", "appKey": "<Datadog application key>"}`.
   * The provider Lambda gets read access to it; the keys never appear in a template.
   */
  readonly datadogCredentials: secretsmanager.ISecret;
  /**
   * The Datadog site of the organisation.
   * @default DatadogSite.US1 (datadoghq.com)
   */
  readonly site?: DatadogSite;
  /**
   * VPC for the provider Lambda. NET-01 wants every Lambda in private subnets; those subnets need a
   * route to the Datadog API (NAT gateway or an egress proxy given as the site).
   * @default - the provider runs outside a VPC (the NET-01 finding is acknowledged with the reason)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets for the provider Lambda.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the provider Lambda.
   * @default - a security group allowing all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * KMS key that encrypts the provider's log groups (LOG-02); its policy must let CloudWatch Logs use it
   * (the `TenantPlatform` key does).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}

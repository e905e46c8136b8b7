import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TenantDatabaseFunction } from './provider/tenant-database-function';
import { acceptCustomResourceProvider } from '../../core/accepted-findings';
import { acknowledgeProviderFramework } from '../../core/provider-framework-findings';

/** Tag that marks a tenant's own database password secret for the provider of one database. */
export const TENANT_DATABASE_SECRET_TAG = 'cdk-tenant-platform:tenant-database';

/** @internal Props of `TenantDatabaseProvider`. */
export interface TenantDatabaseProviderProps {
  readonly vpc: ec2.IVpc;
  readonly port: number;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly masterSecret: secretsmanager.ISecret;
  /** Key of the provider's log groups. */
  readonly logEncryptionKey: kms.IKey;
  /** Key of the tenants' own password secrets (the platform key). */
  readonly tenantSecretKey: kms.IKey;
  /** Value of `TENANT_DATABASE_SECRET_TAG` on the tenants' password secrets of this database. */
  readonly tenantSecretTag: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * @internal The custom resource provider of a database's tenant identities (DB-05): one Lambda
 * handler in the platform's private subnets, the only principal besides the rotation function
 * that reads the master secret. It lives with the database, so adding a tenant adds a custom
 * resource to the tenant's stack and changes nothing here.
 */
export class TenantDatabaseProvider extends Construct {
  public readonly serviceToken: string;
  public readonly handler: lambda.IFunction;
  public readonly securityGroup: ec2.SecurityGroup;

  public constructor(scope: Construct, id: string, props: TenantDatabaseProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: tenant database provider to PostgreSQL and Secrets Manager`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager over HTTPS');
    // Separate ingress and egress resources (not inline rules), so the two groups do not depend on each other.
    this.securityGroup.connections.allowTo(props.databaseSecurityGroup, ec2.Port.tcp(props.port), 'Tenant database provider to PostgreSQL (DB-05, NET-04)');

    const network = { vpc: props.vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, securityGroups: [this.securityGroup] };
    const logGroup = (logId: string) => new logs.LogGroup(this, logId, {
      retention: props.logRetention, encryptionKey: props.logEncryptionKey, removalPolicy: RemovalPolicy.RETAIN,
    });
    const handler = new TenantDatabaseFunction(this, 'Handler', {
      description: 'cdk-tenant-platform: creates, updates and retires the PostgreSQL role and schema of each tenant (DB-05)',
      timeout: Duration.minutes(5),
      memorySize: 256,
      tracing: lambda.Tracing.ACTIVE, // SRV-01
      logGroup: logGroup('HandlerLogs'),
      environment: { MASTER_SECRET_ARN: props.masterSecret.secretArn },
      ...network,
    });
    this.handler = handler;
    props.masterSecret.grantRead(handler);
    // PASSWORD tenants: their own secrets, tagged for this database, encrypted with the platform key.
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [`arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:*`],
      conditions: { StringEquals: { [`secretsmanager:ResourceTag/${TENANT_DATABASE_SECRET_TAG}`]: props.tenantSecretTag } },
    }));
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [props.tenantSecretKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
    }));

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, logGroup: logGroup('FrameworkLogs'), ...network });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFindings(handler, provider);
    acceptCustomResourceProvider([handler, provider.node.findChild('framework-onEvent')],
      [this.node.findChild('HandlerLogs'), this.node.findChild('FrameworkLogs')], props.logRetention);
  }

  private acknowledgeFindings(handler: lambda.Function, provider: cr.Provider): void {
    acknowledgeProviderFramework({
      scope: this, handler, frameworkFunction: provider.node.findChild('framework-onEvent'), handlerLabel: 'tenant database', inVpc: true,
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
      reason: 'The provider reads only the password secrets of tenants of this database: the statement is conditioned on their resource tag, ' +
        'so a tenant added later needs no change to this stack.',
    });
  }

}

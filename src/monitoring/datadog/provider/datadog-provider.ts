import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DatadogProviderFunction } from './datadog-provider-function';
import {
  acceptCustomResourceProvider, acceptGeneratedInlinePolicies, acceptLambdaSubnetsFromAnotherStack, acceptLogKeyFromAnotherStack,
} from '../../../core/accepted-findings';
import { EnvironmentProfiles, PlatformEnvironment } from '../../../core/environment';
import { acknowledgeProviderFramework } from '../../../core/provider-framework-findings';
import { DatadogConnection } from '../connection';

const SINGLETON_ID = 'TenantPlatformDatadogProvider';

/** cdk-nag rules that flag a Lambda function outside a VPC (NET-01). */
const LAMBDA_OUTSIDE_VPC_RULES = [
  'HIPAA.Security-LambdaInsideVPC',
  'NIST.800.53.R5-LambdaInsideVPC',
  'PCI.DSS.321-LambdaInsideVPC',
];

/**
 * The custom resource provider behind every Datadog construct of a stack: one bundled Lambda
 * handler (the Datadog client with deep imports, ~1 MB) behind the CDK provider framework, created
 * once per stack and granted read access to each connection's credentials secret.
 */
export class DatadogProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: Construct, connection: DatadogConnection): DatadogProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID) as DatadogProvider | undefined;
    const provider = existing ?? new DatadogProvider(stack, SINGLETON_ID, connection);
    provider.use(connection, scope.node.path);
    return provider;
  }

  /** The service token of the provider framework. */
  public readonly serviceToken: string;
  private readonly handler: DatadogProviderFunction;
  private readonly vpc?: ec2.IVpc;

  private constructor(scope: Construct, id: string, connection: DatadogConnection) {
    super(scope, id);
    acceptGeneratedInlinePolicies(this);
    this.vpc = connection.vpc;
    const network = {
      vpc: connection.vpc,
      vpcSubnets: connection.vpc ? connection.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : undefined,
      securityGroups: connection.securityGroups,
    };
    const retention = EnvironmentProfiles.of(PlatformEnvironment.PRODUCTION).logRetention;
    const encryptionKey = connection.logEncryptionKey;
    this.handler = new DatadogProviderFunction(this, 'Handler', {
      description: 'cdk-tenant-platform: creates, updates and deletes Datadog monitors, SLOs, synthetics tests, downtimes and dashboards',
      timeout: Duration.minutes(10),
      memorySize: 256,
      tracing: lambda.Tracing.ACTIVE, // SRV-01
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention, encryptionKey, removalPolicy: RemovalPolicy.RETAIN }),
      ...network,
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new logs.LogGroup(this, 'FrameworkLogs', { retention, encryptionKey, removalPolicy: RemovalPolicy.RETAIN }),
      ...network,
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFindings(connection.vpc !== undefined, provider);
    const logGroups = [this.node.findChild('HandlerLogs'), this.node.findChild('FrameworkLogs')];
    const functions = [this.handler, provider.node.findChild('framework-onEvent')];
    acceptCustomResourceProvider(functions, logGroups, retention);
    logGroups.forEach(logGroup => acceptLogKeyFromAnotherStack(logGroup, encryptionKey));
    functions.forEach(fn => acceptLambdaSubnetsFromAnotherStack(fn, connection.vpc));
  }

  private use(connection: DatadogConnection, user: string): void {
    if (connection.vpc !== this.vpc) {
      throw new Error(`${user}: every Datadog connection of stack ${Stack.of(this).stackName} must use the same vpc ` +
        '(one provider Lambda serves the whole stack); pass the same DatadogConnection to every Datadog construct');
    }
    connection.datadogCredentials.grantRead(this.handler);
  }

  private acknowledgeFindings(inVpc: boolean, provider: cr.Provider): void {
    acknowledgeProviderFramework({
      scope: this, handler: this.handler, frameworkFunction: provider.node.findChild('framework-onEvent'), handlerLabel: 'Datadog', inVpc,
    });
    if (!inVpc) {
      for (const id of LAMBDA_OUTSIDE_VPC_RULES) {
        Validations.of(this).acknowledge({
          id,
          reason: 'No vpc was given in the DatadogConnection: the provider only calls the public Datadog API and Secrets Manager and reaches ' +
            'no private resource. Pass vpc (private subnets with egress) to satisfy NET-01.',
        });
      }
    }
  }
}

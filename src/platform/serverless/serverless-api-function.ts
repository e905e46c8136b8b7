import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SecureServerlessApiProps } from './secure-serverless-api-props';
import { CheckedServerlessApiProps, functionSubnets } from './secure-serverless-api-validation';

/** The function of a `SecureServerlessApi` with what it runs with: its log group and its application secret. */
export interface ServerlessApiFunction {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly secret: secretsmanager.Secret;
}

/**
 * Adds the API's function to `scope` (SRV-01, SRV-04): its application secret, its encrypted log
 * group, a security group, the function in `vpc`'s private subnets with X-Ray tracing and its
 * dependency layer; `ownNetwork` says the VPC is the construct's own, whose interface endpoints
 * then admit the function.
 */
export function addServerlessApiFunction(
  scope: Construct, id: string, props: SecureServerlessApiProps, checked: CheckedServerlessApiProps, vpc: ec2.IVpc, ownNetwork: boolean,
): ServerlessApiFunction {
  const key = props.alerting.encryptionKey;
  // SRV-04: the seed's one application secret, read at run time through the VPC endpoint.
  const secret = new secretsmanager.Secret(scope, 'Secret', {
    description: `${Stack.of(scope).stackName} ${id}: application credentials, read by the function at run time`,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const handRotated = 'The secret holds credentials of services the application calls, issued by those services; there is no rotation function for them. Rotate them by hand in the quarterly access review, within the 180 days DB-05 allows an API key.';
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: handRotated });
  Validations.of(secret).acknowledge({ id: 'TenantPlatform::TenantPlatform-SM3', reason: handRotated });

  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: checked.logRetention, encryptionKey: key });
  const runtime = props.runtime ?? lambda.Runtime.PYTHON_3_11;
  const architecture = props.architecture ?? lambda.Architecture.ARM_64;
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    description: `${scope.node.path} function: no inbound; outbound only to the VPC endpoints (isolated subnets)`,
  });
  const fn = new lambda.Function(scope, 'Function', {
    runtime,
    architecture,
    code: props.code,
    handler: props.handler,
    memorySize: checked.memorySize,
    timeout: checked.timeout,
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    vpc,
    vpcSubnets: { subnets: functionSubnets(vpc) },
    securityGroups: [securityGroup],
    layers: props.dependencies ? [new lambda.LayerVersion(scope, 'Dependencies', {
      code: props.dependencies,
      compatibleRuntimes: [runtime],
      compatibleArchitectures: [architecture],
      description: `${scope.node.path} dependencies`,
    })] : undefined,
    environment: { ...props.environment, APP_SECRET_ARN: secret.secretArn },
  });
  secret.grantRead(fn);
  if (ownNetwork) {
    scope.node.findAll().filter((c): c is ec2.InterfaceVpcEndpoint => c instanceof ec2.InterfaceVpcEndpoint)
      .forEach(endpoint => endpoint.connections.allowDefaultPortFrom(securityGroup, 'the function reads its secret'));
  }
  acknowledgeFunction(fn, runtime);
  return { fn, logGroup, secret };
}

/** The AwsSolutions findings every such function has, with why they stand. */
function acknowledgeFunction(fn: lambda.Function, runtime: lambda.Runtime): void {
  const role = fn.role!;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole is the AWS policy for a function writing its own logs; the function logs to the log group the construct creates.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    reason: 'AWSLambdaVPCAccessExecutionRole is the AWS policy Lambda needs to attach the function to its private subnets (SRV-01); AWS keeps it to the ENI actions Lambda uses.',
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (SRV-01): xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource-level permissions (X-Ray service authorization reference).',
  });
  if (runtime.name === lambda.Runtime.PYTHON_3_11.name) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Seed 004 runs the FastAPI application on Python 3.11, and its dependency layer is built for it; move the runtime and layer together.',
    });
  }
}

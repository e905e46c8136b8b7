import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Props of `ServerlessNetwork`. */
export interface ServerlessNetworkProps {
  readonly logRetention: logs.RetentionDays;
  readonly encryptionKey: kms.IKey;
  /** Zones the Secrets Manager interface endpoint is placed in (1 or 2). */
  readonly interfaceEndpointZones: number;
}

/**
 * The smallest VPC a private function needs (SRV-01, NET-01..03): two zones of isolated subnets —
 * no internet gateway, no NAT gateway —, flow logs to CloudWatch Logs, and the only two ways out the
 * function uses: a DynamoDB gateway endpoint (no charge) and a Secrets Manager interface endpoint.
 */
export class ServerlessNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly secretsManagerEndpoint: ec2.InterfaceVpcEndpoint;

  public constructor(scope: Construct, id: string, props: ServerlessNetworkProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    // NET-02: the seed's ap-northeast-1a / 1c.
    const zones = !Token.isUnresolved(region) && region === 'ap-northeast-1' ? { availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'] } : { maxAzs: 2 };
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      ...zones,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
      gatewayEndpoints: { DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: props.logRetention, encryptionKey: props.encryptionKey });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    const subnets = this.vpc.isolatedSubnets.slice(0, props.interfaceEndpointZones);
    this.secretsManagerEndpoint = this.vpc.addInterfaceEndpoint('SecretsManager', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      subnets: { subnets },
      privateDnsEnabled: true,
      open: false,
    });
  }
}

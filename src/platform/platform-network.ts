import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acceptControl, AcceptedControl, acceptLogRetention } from '../core/accepted-findings';

/** Props of `buildPlatformNetwork`. */
export interface PlatformNetworkProps {
  readonly vpcCidr: string;
  /** The zones to use; undefined spreads the VPC over `maxAzs` zones. */
  readonly availabilityZones?: string[];
  readonly maxAzs: number;
  readonly natGateways: number;
  readonly logRetention: logs.RetentionDays;
  readonly encryptionKey: kms.IKey;
}

/** The platform's network and its flow log, built as `Vpc` and `FlowLogs` in `platform`. */
export interface PlatformNetwork {
  readonly vpc: ec2.Vpc;
  readonly flowLogGroup: logs.LogGroup;
}

/**
 * The platform's VPC (NET-01..03): public subnets hold only the ALBs and NAT gateways and never
 * assign public IPs; workloads run in private subnets, databases in isolated ones; every flow,
 * accepted and rejected, goes to a KMS-encrypted log group with the LOG-01 retention.
 */
export function buildPlatformNetwork(platform: Construct, props: PlatformNetworkProps): PlatformNetwork {
  const azs = props.availabilityZones;
  const vpc = new ec2.Vpc(platform, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(props.vpcCidr),
    ...(azs ? { availabilityZones: azs } : { maxAzs: props.maxAzs }),
    natGateways: props.natGateways,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  for (const subnet of vpc.publicSubnets) {
    acceptControl(subnet, AcceptedControl.PUBLIC_ROUTE_TO_INTERNET,
      'Public subnets hold only the internet-facing load balancers and the NAT gateways, which need the route to the internet gateway; ' +
      'no task, function or database runs in them and they assign no public IPs (NET-01).');
  }
  const flowLogGroup = new logs.LogGroup(platform, 'FlowLogs', { retention: props.logRetention, encryptionKey: props.encryptionKey });
  acceptLogRetention(flowLogGroup, props.logRetention);
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });
  return { vpc, flowLogGroup };
}

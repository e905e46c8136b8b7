import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { shardElb5xxAlarmId } from './alerting/paging';
import { AcceptedControl, acceptControl } from '../core/accepted-findings';
import { AlarmSeverity } from '../core/severity';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { ResourceLookup } from '../runbooks/resource-lookup';
import { RunbookCommand } from '../runbooks/runbook-command';

/** Props of `LoadBalancerShard`. */
export interface LoadBalancerShardProps {
  readonly vpc: ec2.IVpc;
  /** Without a certificate the shard serves plain HTTP (non-production profiles only). */
  readonly certificate?: acm.ICertificate;
  readonly accessLogBucket: s3.IBucket;
  readonly webAcl: wafv2.CfnWebACL;
  readonly deletionProtection: boolean;
  /** 1-based shard number, used in the access-log prefix. */
  readonly shardNumber: number;
  readonly alarms: AlarmFactory;
}

/**
 * One internet-facing ALB of the platform (EDGE-01..03): HTTPS with a TLS 1.2+ policy and port 80
 * redirecting to 443, invalid headers dropped, access logs, deletion protection, and the platform's
 * web ACL. Tenants attach listener rules to `listener` by host header.
 */
export class LoadBalancerShard extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener tenants attach to: HTTPS, or HTTP when the platform has no certificate. */
  public readonly listener: elbv2.ApplicationListener;
  public readonly securityGroup: ec2.SecurityGroup;

  public constructor(scope: Construct, id: string, props: LoadBalancerShardProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `ALB shard ${props.shardNumber}: HTTPS from the internet, to tenant tasks in the VPC`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet (NET-04)');
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet, redirected to HTTPS (NET-04)');
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'To tenant tasks in the VPC');
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'An internet-facing ALB must accept ports 443 and 80 (redirect only) from anywhere; those two ports are all that is open (NET-04) and the WAF filters requests (EDGE-03).',
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Resource', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
    });
    this.loadBalancer.logAccessLogs(props.accessLogBucket, `alb/shard-${props.shardNumber}`);
    new wafv2.CfnWebACLAssociation(this, 'WebAcl', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: props.webAcl.attrArn,
    });

    const unknownHost = elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Unknown host' });
    if (props.certificate) {
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [props.certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultAction: unknownHost,
        open: false,
      });
      const redirect = this.loadBalancer.addListener('HttpRedirect', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
        open: false,
      });
      acceptControl(redirect, AcceptedControl.REDIRECT_LISTENER_WITHOUT_CERTIFICATE,
        'Port 80 only answers with a permanent redirect to HTTPS on 443 (EDGE-01); it serves no content, so there is nothing for a certificate to protect.');
    } else {
      this.listener = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultAction: unknownHost,
        open: false,
      });
    }

    const metrics = this.loadBalancer.metrics;
    props.alarms.alarm({
      id: shardElb5xxAlarmId(props.shardNumber),
      title: { ja: `ALB シャード ${props.shardNumber}: ロードバランサーの 5XX`, en: `ALB shard ${props.shardNumber}: load balancer 5XX` },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'MON-01',
      summary: {
        ja: `ALB シャード ${props.shardNumber} 自身が1分間に10件以上の 5XX を返しました (正常なターゲットがない、またはロードバランサーの障害)。`,
        en: `ALB shard ${props.shardNumber} itself returned 10 or more 5XX responses in a minute (no healthy target, or the load balancer is failing).`,
      },
      firstSteps: [{
        text: {
          ja: 'シャード上の全ターゲットグループの正常なターゲット数を確認し、影響を受けているテナントを特定します。',
          en: 'Count healthy targets in every target group of the shard to find the tenants affected.',
        },
        commands: [RunbookCommand.withLookups(
          'for TARGET_GROUP in $(aws elbv2 describe-target-groups --load-balancer-arn "$ALB" --query "TargetGroups[].TargetGroupArn" --output text); do\n' +
          '  echo "$TARGET_GROUP"\n' +
          '  aws elbv2 describe-target-health --target-group-arn "$TARGET_GROUP" --query "TargetHealthDescriptions[].TargetHealth.State" --output text\n' +
          'done', { ALB: ResourceLookup.physicalId(this.loadBalancer) })],
        expected: {
          ja: 'healthy のないターゲットグループのテナントは、そのテナントの手順書の「トラブルシューティング」に進みます。',
          en: 'For a target group with no healthy target, go to that tenant\'s troubleshooting section.',
        },
      }],
      metric: metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 10,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    props.alarms.alarm({
      id: `Shard${props.shardNumber}RejectedConnections`,
      title: { ja: `ALB シャード ${props.shardNumber}: 拒否された接続`, en: `ALB shard ${props.shardNumber}: rejected connections` },
      severity: AlarmSeverity.WARNING,
      requirement: 'MON-01',
      summary: {
        ja: `ALB シャード ${props.shardNumber} が接続数の上限に達し、接続を拒否しました。`,
        en: `ALB shard ${props.shardNumber} rejected connections because it reached its connection limit.`,
      },
      firstSteps: [{
        text: {
          ja: 'WAF のレートベースルールでブロックされていない急増か確認し、必要ならテナントを別のシャードへ移すシャード追加を計画します。',
          en: 'Check whether the surge got past the WAF rate rule; if needed, plan another shard and move tenants to it.',
        },
      }],
      metric: metrics.rejectedConnectionCount({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }
}

import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ServerlessAlerting } from './serverless-alerting';
import { serverlessDefaults } from './serverless-profile';
import { AlarmSeverity } from '../../core/severity';
import { PropProblems } from '../../core/validation';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { Runbook } from '../../runbooks/runbook';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { anchorWords, RunbookSectionKind } from '../../runbooks/runbook-section';
import { AccessLogBucket, logServerAccessTo } from '../access-log-bucket';
import { PlatformWebAcl } from '../web-acl';

/** Props of `StaticSite`. */
export interface StaticSiteProps {
  /** Alarm routing and profile (a `ServerlessAlerting` of the site's us-east-1 stack). */
  readonly alerting: ServerlessAlerting;
  /** The site's host name, e.g. `study-tracker.com`. */
  readonly domainName: string;
  /** The public hosted zone the name is in; the certificate is validated and the alias records written there. */
  readonly hostedZone: route53.IHostedZone;
  /**
   * The certificate of `domainName` (in us-east-1, as CloudFront requires).
   * @default - a DNS-validated ACM certificate created in `hostedZone` (SRV-04)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * The bucket holding the site's files. It must block all public access and have no website
   * hosting: CloudFront reads it through origin access control (SRV-02).
   * @default - a new private, encrypted, versioned, SSL-only bucket, retained with the stack
   */
  readonly bucket?: s3.Bucket;
  /**
   * How long CloudFront caches a file when its response says nothing.
   * @default Duration.hours(24) (seed 004)
   */
  readonly defaultTtl?: Duration;
  /**
   * Requests per 5 minutes from one IP address before the WAF blocks it (EDGE-03).
   * @default 2000
   */
  readonly wafRateLimit?: number;
  /**
   * The edge locations serving the site.
   * @default cloudfront.PriceClass.PRICE_CLASS_200 (includes Japan; PRICE_CLASS_100 is North America and Europe only)
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * 5XX responses as a percentage of requests over 5 minutes that page.
   * @default 1
   */
  readonly errorRatePercent?: number;
}

/**
 * A single-page application served from a private S3 bucket through CloudFront (SRV-02, SRV-04,
 * EDGE-03): origin access control, HTTPS only with TLS 1.2+, an ACM certificate, a WAF web ACL with
 * logging, alias records in Route 53, S3 server access logs, a 5XX alarm and a runbook section.
 * CloudFront takes WAF web ACLs and certificates only from us-east-1, so the site's stack must be
 * there. Usage: README, "Serverless applications".
 */
export class StaticSite extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly certificate: acm.ICertificate;
  public readonly webAcl: wafv2.CfnWebACL;
  /** The site's address, `https://<domainName>`. */
  public readonly url: string;
  public readonly alarms: cloudwatch.IAlarm[];

  public constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const alerting = props.alerting;
    const stack = Stack.of(this);
    const problems = new PropProblems(this.node.path);
    if (Token.isUnresolved(stack.region) || stack.region !== 'us-east-1') {
      problems.report('stack region', Token.isUnresolved(stack.region) ? '(not set)' : stack.region,
        'must be us-east-1: CloudFront takes WAF web ACLs and ACM certificates only from there; set env: { region: \'us-east-1\' } on the stack');
    }
    if (!Token.isUnresolved(props.domainName) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(props.domainName)) {
      problems.report('domainName', props.domainName, 'must be a lowercase DNS name such as study-tracker.com');
    }
    if (props.bucket) checkSiteBucket(problems, props.bucket);
    const defaultTtl = props.defaultTtl ?? Duration.hours(24);
    if (!defaultTtl.isUnresolved() && (defaultTtl.toSeconds() < 0 || defaultTtl.toSeconds() > Duration.days(365).toSeconds())) {
      problems.report('defaultTtl', defaultTtl, 'must be from 0 seconds to 365 days');
    }
    const wafRateLimit = props.wafRateLimit ?? 2000;
    problems.integerBetween('wafRateLimit', wafRateLimit, 100, 2_000_000_000, 'requests per 5 minutes');
    const errorRatePercent = props.errorRatePercent ?? 1;
    if (!(errorRatePercent > 0 && errorRatePercent <= 100)) problems.report('errorRatePercent', errorRatePercent, 'must be a percentage above 0, at most 100');
    problems.throwIfAny();

    const logRetention = serverlessDefaults(alerting.environment).logRetention;
    const accessLogs = new AccessLogBucket(this, 'AccessLogs', { retentionDays: alerting.profile.auditLogRetentionDays }).bucket;
    this.bucket = props.bucket ?? new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    logServerAccessTo(accessLogs, this.bucket, 'site/');

    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });
    const waf = new PlatformWebAcl(this, 'WebAcl', {
      rateLimit: wafRateLimit, logRetention, encryptionKey: alerting.encryptionKey, scope: 'CLOUDFRONT',
    });
    this.webAcl = waf.webAcl;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${this.node.path}: ${props.domainName}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: new cloudfront.CachePolicy(this, 'CachePolicy', {
          comment: `${this.node.path}: ${defaultTtl.toHumanString()} by default`,
          defaultTtl,
          minTtl: Duration.seconds(0),
          maxTtl: Duration.days(365),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        }),
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      // A single-page application routes in the browser: unknown paths get index.html.
      errorResponses: [403, 404].map(httpStatus => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(5) })),
      domainNames: [props.domainName],
      certificate: this.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_200,
      webAclId: waf.webAcl.attrArn,
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason: 'The WAF web ACL logs every request the distribution receives (EDGE-03: client IP, URI, headers, action) to an encrypted log group; CloudFront standard logs would need a second log bucket with ACLs enabled.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'The site is public and serves every country; abuse is handled by the WAF rate limit and managed rules (EDGE-03).',
    });
    const target = route53.RecordTarget.fromAlias(new route53targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, 'AliasA', { zone: props.hostedZone, recordName: props.domainName, target });
    new route53.AaaaRecord(this, 'AliasAaaa', { zone: props.hostedZone, recordName: props.domainName, target });
    this.url = `https://${props.domainName}`;

    const distribution = { DISTRIBUTION: ResourceLookup.physicalId(this.distribution) };
    this.alarms = [alerting._alarmsFor(this).alarm({
      id: 'ErrorRate5xx',
      title: { ja: 'サイトの 5XX 率', en: 'Site 5XX rate' },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'SRV-02',
      summary: {
        ja: `CloudFront の 5XX 応答が 10 分間続けてリクエストの ${errorRatePercent} % を超えました。サイトが表示できない利用者がいます。`,
        en: `CloudFront 5XX responses exceeded ${errorRatePercent} % of requests for 10 minutes: users cannot load the site.`,
      },
      firstSteps: [{
        text: { ja: 'ディストリビューションの状態とオリジン (S3 バケット、OAC) を確認します。', en: 'Check the distribution\'s state and its origin (S3 bucket, origin access control).' },
        commands: [RunbookCommand.withLookups('aws cloudfront get-distribution --id "$DISTRIBUTION" ' +
          '--query "Distribution.[Status,DistributionConfig.Enabled,DistributionConfig.Origins.Items[0].DomainName,DistributionConfig.Origins.Items[0].OriginAccessControlId]" --output text', distribution)],
        expected: {
          ja: 'Status が Deployed、Enabled が True であること。5XX は多くの場合オリジン側 (バケットポリシーの変更、S3 の障害) が原因です。',
          en: 'Status Deployed, Enabled True. 5XX usually comes from the origin (a changed bucket policy, an S3 problem).',
        },
      }],
      metric: new cloudwatch.Metric({
        namespace: 'AWS/CloudFront',
        metricName: '5xxErrorRate',
        dimensionsMap: { DistributionId: this.distribution.distributionId, Region: 'Global' },
        statistic: 'Average',
        period: Duration.minutes(5),
      }),
      threshold: errorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
    })];

    Runbook.of(this).addSection({
      anchor: `static-site-${anchorWords(id)}-publish`,
      kind: RunbookSectionKind.PROCEDURE,
      title: { ja: `サイト ${props.domainName} の公開`, en: `Publish site ${props.domainName}` },
      whenToUse: {
        ja: 'フロントエンドをビルドして公開するとき、または古いファイルが表示されるとき (キャッシュ既定 24 時間)。',
        en: `You publish a new frontend build, or users still see old files (cached ${defaultTtl.toHumanString()} by default).`,
      },
      steps: [
        {
          text: { ja: 'ビルド結果 (dist/) をバケットに同期します。', en: 'Sync the build output (dist/) to the bucket.' },
          commands: [RunbookCommand.withLookups('aws s3 sync dist/ "s3://$BUCKET/" --delete', { BUCKET: ResourceLookup.physicalId(this.bucket) })],
        },
        {
          text: { ja: 'CloudFront のキャッシュを無効化し、完了を待ちます。', en: 'Invalidate CloudFront\'s cache and wait for it to finish.' },
          commands: [RunbookCommand.withLookups(
            'INVALIDATION=$(aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "/*" --query "Invalidation.Id" --output text)\n' +
            'aws cloudfront wait invalidation-completed --distribution-id "$DISTRIBUTION" --id "$INVALIDATION"', distribution)],
          expected: { ja: `https://${props.domainName} で新しいビルドが表示されること。`, en: `https://${props.domainName} shows the new build.` },
        },
      ],
      requirements: ['SRV-02'],
    });
  }
}

/** A bucket given to the site must stay private: no public access, no website endpoint (SRV-02). */
function checkSiteBucket(problems: PropProblems, bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  const block = Stack.of(bucket).resolve(cfn.publicAccessBlockConfiguration) ?? {};
  const missing = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].filter(key => block[key] !== true);
  if (missing.length > 0) {
    problems.report('bucket', bucket.node.path,
      `allows public access (${missing.join(', ')} not set): use blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL; CloudFront reads the bucket through origin access control (SRV-02)`);
  }
  if (cfn.websiteConfiguration !== undefined) {
    problems.report('bucket', bucket.node.path, 'has S3 website hosting, a public HTTP endpoint that bypasses CloudFront, HTTPS and the WAF: remove websiteIndexDocument and serve through CloudFront (SRV-02)');
  }
}

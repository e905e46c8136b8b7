// The two apps the scaling benchmark compares, both with every validation pack a team registers:
// - subject: this library's defaults-only app, a TenantPlatform + MonitoredDatabase in a shared
//   stack and N SecureTenantService stacks, with TenantPlatformChecks and AwsSolutionsChecks;
// - baseline: the same shape hand-wired with aws-cdk-lib's ecs-patterns (a VPC + cluster and one
//   ApplicationLoadBalancedFargateService, i.e. one ALB, per tenant stack), with AwsSolutionsChecks.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform, TenantPlatformChecks } from '../src';

const env = { account: '123456789012', region: 'ap-northeast-1' };
const certArn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** Builds (does not synthesize) the defaults-only app with `tenants` tenant stacks. */
export function platformApp(tenants: number, outdir?: string): App {
  const app = new App({ outdir });
  const shared = new Stack(app, 'Shared', { env });
  const platform = new TenantPlatform(shared, 'Platform', {
    environment: PlatformEnvironment.PRODUCTION,
    certificate: acm.Certificate.fromCertificateArn(shared, 'Cert', certArn),
    notifications: { criticalEmails: ['oncall@example.com'] },
    ...shardsFor(tenants),
  });
  const database = new MonitoredDatabase(shared, 'Database', { platform });
  for (let i = 0; i < tenants; i++) {
    const stack = new Stack(app, `Tenant-${i}`, { env });
    new SecureTenantService(stack, 'Service', { platform, database, tenantId: `tenant-${i}`, hostHeader: `tenant-${i}.example.com`, image });
  }
  Validations.of(app).addPlugins(new TenantPlatformChecks(app, { environment: PlatformEnvironment.PRODUCTION }), new AwsSolutionsChecks(app));
  return app;
}

/** Builds the plain ecs-patterns app with `tenants` tenant stacks. */
export function plainApp(tenants: number, outdir?: string): App {
  const app = new App({ outdir });
  const shared = new Stack(app, 'Shared', { env });
  const vpc = new ec2.Vpc(shared, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(shared, 'Cluster', { vpc });
  for (let i = 0; i < tenants; i++) {
    const stack = new Stack(app, `Tenant-${i}`, { env });
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', { cluster, taskImageOptions: { image }, desiredCount: 2 });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** The platform props a team sets for `tenants` tenants (none: the platform places them itself). */
function shardsFor(tenants: number): { loadBalancerShards?: number } {
  return tenants <= 100 ? {} : { loadBalancerShards: Math.ceil(tenants / 50) };
}

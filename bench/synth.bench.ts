// Synthesis cost of the platform against the same shape hand-wired with aws-cdk-lib's
// ecs-patterns: a shared VPC + cluster and N tenant services behind a load balancer.
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { Benchmark } from './harness';
import { MonitoredDatabase, PlatformEnvironment, SecureTenantService, TenantPlatform } from '../src';

const env = { account: '123456789012', region: 'ap-northeast-1' };
const certArn = 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function platformApp(tenants: number) {
  const app = new App();
  const shared = new Stack(app, 'Shared', { env });
  const platform = new TenantPlatform(shared, 'Platform', {
    environment: PlatformEnvironment.PRODUCTION,
    certificate: acm.Certificate.fromCertificateArn(shared, 'Cert', certArn),
    notifications: { criticalEmails: ['oncall@example.com'] },
    loadBalancerShards: Math.ceil(tenants / 50),
  });
  const database = new MonitoredDatabase(shared, 'Database', { platform });
  for (let i = 0; i < tenants; i++) {
    const stack = new Stack(app, `Tenant-${i}`, { env });
    new SecureTenantService(stack, 'Service', { platform, database, tenantId: `tenant-${i}`, hostHeader: `tenant-${i}.example.com`, image });
  }
  return app.synth();
}

function plainApp(tenants: number) {
  const app = new App();
  const shared = new Stack(app, 'Shared', { env });
  const vpc = new ec2.Vpc(shared, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(shared, 'Cluster', { vpc });
  for (let i = 0; i < tenants; i++) {
    const stack = new Stack(app, `Tenant-${i}`, { env });
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', { cluster, taskImageOptions: { image }, desiredCount: 2 });
  }
  return app.synth();
}

export const benchmarks: Benchmark[] = [10, 50].map(n => ({
  name: `synth-${n}-tenants`,
  description: `synthesize a platform + database + ${n} tenant stacks (baseline: VPC + cluster + ${n} ecs-patterns ALB Fargate services)`,
  subject: () => platformApp(n),
  baseline: () => plainApp(n),
}));

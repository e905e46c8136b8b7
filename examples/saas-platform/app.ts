#!/usr/bin/env node
// `npm run example` (or `npx cdk synth` in this folder) synthesizes the saas-platform example.
import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSaasPlatform, TenantConfig } from './system';
import { PlatformEnvironment } from '../../src';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const tenants: TenantConfig[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'tenants.json'), 'utf8'));
buildSaasPlatform(app, {
  env: { account: '123456789012', region: 'ap-northeast-1' },
  environment: PlatformEnvironment.PRODUCTION,
  certificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  tenants,
});
app.synth();

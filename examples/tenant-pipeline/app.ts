#!/usr/bin/env node
// `npm run example` (or `npx cdk synth` in this folder) synthesizes the tenant pipeline example.
import { App } from 'aws-cdk-lib';
import { buildTenantPipeline, pipelineConfig } from './pipeline';

const app = new App();
buildTenantPipeline(app, pipelineConfig());
app.synth();

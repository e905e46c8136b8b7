#!/usr/bin/env node
// `npm run example` (or `npx cdk synth` in this folder) synthesizes the saas-platform example.
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildSaasPlatform, exampleConfig, readTenants } from './system';

const app = new App();
buildSaasPlatform(app, exampleConfig(readTenants(path.join(__dirname, 'tenants.json'))));
app.synth();

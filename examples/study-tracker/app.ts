#!/usr/bin/env node
// `npm run example` (or `npx cdk synth` in this folder) synthesizes the study-tracker example.
import { App } from 'aws-cdk-lib';
import { buildStudyTracker, exampleConfig } from './system';

const app = new App();
buildStudyTracker(app, exampleConfig());
app.synth();

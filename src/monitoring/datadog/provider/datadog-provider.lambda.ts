// The one Lambda handler behind every Datadog custom resource of a stack (bundled by projen).
import { createHandler } from './handler';

export const handler = createHandler();

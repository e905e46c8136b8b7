import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addEveryKind } from '../../support/datadog-every-kind';
import { datadogStack, deployKit } from '../../support/datadog-fixtures';
import { OpenApiRequestValidator } from '../../support/openapi-validator';

const validator = OpenApiRequestValidator.load();

function template(revision: number) {
  const { stack, connection } = datadogStack('PlatformMonitors', new App());
  addEveryKind(stack, connection, revision);
  return Template.fromStack(stack).toJSON();
}

test('the validator rejects what the spec rejects: null escalation_message, unknown properties, bad enums, missing required fields', () => {
  expect(validator.validate('Monitor', { type: 'metric alert', query: 'q', options: { escalation_message: null } }))
    .toEqual(['$.options.escalation_message: null is not allowed (not nullable)']);
  expect(validator.validate('Monitor', { type: 'metric alert', query: 'q', options: { renotify_interval: null } })).toEqual([]);
  expect(validator.validate('Monitor', { type: 'metric alert', query: 'q', bogus: 1 })).toEqual(['$.bogus: unknown property (not in the schema)']);
  expect(validator.validate('Monitor', { type: 'metric alarm', query: 'q' })[0]).toMatch(/is not one of/);
  expect(validator.validate('Monitor', { type: 'metric alert' })).toEqual(['$.query: required']);
  expect(validator.validate('Monitor', { type: 'metric alert', query: 'q', id: 5 })).toEqual(['$.id: read-only, not allowed in a request']);
  expect(validator.validate('DowntimeCreateRequest', {
    data: { type: 'downtime', attributes: { scope: '*', monitor_identifier: { monitor_id: 1 }, schedule: { start: '2026-12-20T01:00', end: null } } },
  })[0]).toMatch(/schedule: matches none of the oneOf schemas/);
});

test('every request body the engine sends, create and update of every kind, validates against Datadog\'s OpenAPI request schemas', async () => {
  const kit = await deployKit();
  try {
    await kit.cloudformation.deploy(template(0));
    await kit.cloudformation.deploy(template(1));
    const writes = kit.emulator.requests.filter(r => r.method !== 'GET' && r.method !== 'DELETE');
    const schemas = new Set<string>();
    const problems: string[] = [];
    for (const request of writes) {
      const schema = validator.schemaOf(request.method, request.path);
      if (!schema) {
        problems.push(`${request.method} ${request.path}: no request schema in the fixture`);
        continue;
      }
      schemas.add(`${request.method} ${schema}${(request.body as any)?.type === 'composite' ? ' (composite)' : ''}`);
      problems.push(...validator.validate(schema, request.body).map(p => `${request.method} ${request.path}: ${p}`));
    }
    expect(problems).toEqual([]);
    expect([...schemas].sort()).toEqual([
      'PATCH DowntimeUpdateRequest', 'POST Dashboard', 'POST DowntimeCreateRequest', 'POST Monitor', 'POST Monitor (composite)',
      'POST ServiceLevelObjectiveRequest', 'POST SyntheticsAPITest', 'PUT Dashboard', 'PUT MonitorUpdateRequest', 'PUT MonitorUpdateRequest (composite)',
      'PUT ServiceLevelObjective', 'PUT SyntheticsAPITest',
    ]);
  } finally {
    await kit.emulator.close();
  }
});

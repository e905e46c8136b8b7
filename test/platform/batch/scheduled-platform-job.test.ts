import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AlarmSeverity, ScheduledPlatformJob, ScheduledPlatformJobProps, TenantPlatform } from '../../../src';
import { retryWaitsSeconds } from '../../../src/platform/batch/job-retry';
import { database, platformStack } from '../support';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/postgres:16-alpine');

function job(platform: TenantPlatform, overrides: Partial<ScheduledPlatformJobProps> = {}, id = 'Stats'): ScheduledPlatformJob {
  return new ScheduledPlatformJob(Stack.of(platform), id, {
    platform,
    jobId: 'B004',
    title: { ja: 'データ集計', en: 'statistics aggregation' },
    image: IMAGE,
    command: ['sh', '-c', 'echo done'],
    schedule: 'cron(0 4 * * ? *)',
    timeZone: 'Asia/Tokyo',
    expectedDuration: Duration.minutes(10),
    ...overrides,
  });
}

describe('ScheduledPlatformJob', () => {
  const { platform } = platformStack();
  const db = database(platform);
  const stats = job(platform, { database: db });
  const template = Template.fromStack(Stack.of(stats));

  test('ECS-06: EventBridge Scheduler starts the state machine at the cron time in its time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  test('ECS-06: the retrier waits exactly 5, 15 and 30 minutes', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.parse(Stack.of(stats).resolve(machine.Properties.DefinitionString)['Fn::Join'][1]
      .map((p: unknown) => typeof p === 'string' ? p : 'TOKEN').join(''));
    const task = definition.States[definition.StartAt];
    expect(task.Resource).toMatch(/ecs:runTask\.sync$/);
    expect(task.Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 300, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 1800 }]);
    const [retrier] = task.Retry;
    expect(retryWaitsSeconds(retrier.IntervalSeconds, retrier.BackoffRate, retrier.MaxAttempts, retrier.MaxDelaySeconds).map(s => s / 60)).toEqual([5, 15, 30]);
    // Without the cap, the same interval and rate would wait 45 minutes before the third retry.
    expect(retryWaitsSeconds(retrier.IntervalSeconds, retrier.BackoffRate, retrier.MaxAttempts).map(s => s / 60)).toEqual([5, 15, 45]);
    expect(stats.retryWaits.map(w => w.toMinutes())).toEqual([5, 15, 30]);
  });
});

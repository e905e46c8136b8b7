import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DatadogEmulator, EMULATOR_KEYS } from './datadog-emulator';
import { FakeCloudFormation } from './fake-cloudformation';
import { DatadogConnection } from '../../src';
import { createHandler } from '../../src/monitoring/datadog/provider/handler';
import { RetryPolicy } from '../../src/monitoring/datadog/sync/transport';

/**
 * A retry policy that records waits instead of sleeping, so tests stay fast and bounded; jitter
 * is pinned to its top (`random` 1), so a backoff wait is exactly 10, 20, 40 ms.
 */
export function recordingRetry(timeoutMs = 5_000): RetryPolicy & { readonly waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async ms => { waits.push(ms); }, maxAttempts: 6, backoffMs: 10, maxWaitMs: 60_000, timeoutMs, random: () => 1 };
}

/** A stack with a Datadog connection whose credentials secret lives in the stack. */
export function datadogStack(stackName = 'PlatformMonitors', app = new App()): { stack: Stack; connection: DatadogConnection } {
  const stack = new Stack(app, stackName, { env: { account: '123456789012', region: 'ap-northeast-1' } });
  const secret = new secretsmanager.Secret(stack, 'DatadogKeys');
  return { stack, connection: { datadogCredentials: secret } };
}

/** An emulator, a handler wired to it with recorded waits, and a fake CloudFormation. */
export async function deployKit() {
  const emulator = await DatadogEmulator.start();
  const retry = recordingRetry();
  const logs: string[] = [];
  const handler = createHandler({
    readCredentials: async () => EMULATOR_KEYS,
    retry,
    engine: { sleep: retry.sleep, createBackoffMs: 10, referrerPollMs: 10, referrerWaitMs: 50 },
    log: line => logs.push(line),
  });
  const cloudformation = new FakeCloudFormation(handler, emulator.url);
  return { emulator, retry, handler, cloudformation, logs };
}

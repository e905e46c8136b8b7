import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { datadogStack } from './datadog-fixtures';
import { DatadogCompositeMonitor, DatadogConnection, DatadogMonitor, DatadogMonitorType } from '../../src';

/** Options of the test app's Datadog monitors. */
export interface MonitorAppOptions {
  readonly cpuCritical?: number;
  readonly withComposite?: boolean;
  readonly stackName?: string;
  /** Extra plain monitors, to make an app of a given size. */
  readonly tenants?: number;
}

/** Adds L0 platform monitors, L3 tenant monitors and composite suppression to `stack`. */
export function addMonitors(stack: Stack, connection: DatadogConnection, options: MonitorAppOptions = {}) {
  const critical = options.cpuCritical ?? 85;
  const cpu = new DatadogMonitor(stack, 'ClusterCpu', {
    connection,
    type: DatadogMonitorType.METRIC_ALERT,
    name: '[L0] ECS cluster CPU high',
    query: `avg(last_5m):avg:aws.ecs.cpuutilization{cluster:platform} > ${critical}`,
    message: 'CPU is high.\n@slack-ops',
    thresholds: { critical, warning: 70 },
    tags: ['level:l0', 'team:platform'],
    evaluationDelay: Duration.minutes(15),
  });
  const tenantErrors: DatadogMonitor[] = [];
  for (let i = 0; i < (options.tenants ?? 1); i++) {
    const tenant = `tenant${i}`;
    const errors = new DatadogMonitor(stack, `${tenant}Errors`, {
      connection,
      type: DatadogMonitorType.LOG_ALERT,
      name: `[L3] ${tenant} errors`,
      query: `logs("status:error service:${tenant}").index("*").rollup("count").last("5m") > 10`,
      message: `${tenant} logs errors.`,
      thresholds: { critical: 10 },
      renotifyInterval: Duration.hours(1),
    });
    tenantErrors.push(errors);
    if (options.withComposite ?? true) {
      new DatadogCompositeMonitor(stack, `${tenant}SymptomOnly`, {
        connection,
        name: `[L3] ${tenant} errors while the platform is healthy`,
        message: `${tenant} fails on its own. @pagerduty-${tenant}`,
        expression: 'errors && !cpu',
        monitors: { errors, cpu },
      });
    }
  }
  return { cpu, tenantErrors };
}

/** Synthesizes an app with `addMonitors` into a fresh cloud assembly directory and returns its path. */
export function synthMonitorApp(options: MonitorAppOptions = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'datadog-app-'));
  const app = new App({ outdir });
  const { stack, connection } = datadogStack(options.stackName ?? 'PlatformMonitors', app);
  addMonitors(stack, connection, options);
  app.synth();
  return outdir;
}

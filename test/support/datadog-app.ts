import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration } from 'aws-cdk-lib';
import { DatadogCompositeMonitor, DatadogMonitor, DatadogMonitorType } from '../../src';
import { datadogStack } from './datadog-fixtures';

/** Options of the test app's Datadog monitors. */
export interface MonitorAppOptions {
  readonly cpuCritical?: number;
  readonly withComposite?: boolean;
  readonly stackName?: string;
  /** Extra plain monitors, to make an app of a given size. */
  readonly tenants?: number;
}

/**
 * Synthesizes an app with L0 platform monitors, L3 tenant monitors and composite suppression into
 * a fresh cloud assembly directory and returns its path.
 */
export function synthMonitorApp(options: MonitorAppOptions = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'datadog-app-'));
  const app = new App({ outdir });
  const { stack, connection } = datadogStack(options.stackName ?? 'PlatformMonitors', app);
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
  for (let i = 0; i < (options.tenants ?? 1); i++) {
    const tenant = `tenant${i}`;
    const errors = new DatadogMonitor(stack, `${tenant}Errors`, {
      connection,
      type: DatadogMonitorType.LOG_ALERT,
      name: `[L3] ${tenant} errors`,
      query: `logs("status:error service:${tenant}").index("*").rollup("count").last("5m") > 10`,
      message: `${tenant} logs errors.`,
      thresholds: { critical: 10 },
    });
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
  app.synth();
  return outdir;
}

import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DATADOG_TWINS } from './alerting/paging';
import { DATABASE_SIGNALS, databaseMetric, DatabaseSignal } from './database-metrics';
import type { DatabaseContext } from './platform-context';
import { AlarmSeverity } from '../core/severity';
import { AlarmFactory, AlarmPairSpec } from '../monitoring/alarm-factory';
import { DatabaseAlarmThresholds } from '../monitoring/alarm-thresholds';
import { RunbookCommand } from '../runbooks/runbook-command';
import { RunbookLink } from '../runbooks/runbook-section';
import { sh } from '../runbooks/shell-words';

/**
 * Creates the database's DB-06 alarms as children of `db`, routed by severity: CPU, connections (in
 * percent of `maxConnections`) and free storage (in percent of `allocatedGiB`) warning/critical
 * pairs, and read and write latency warnings. Their sections link to `related`.
 */
export function createDatabaseAlarms(
  db: DatabaseContext, t: Required<DatabaseAlarmThresholds>, allocatedGiB: number, related: RunbookLink[],
): cloudwatch.IAlarm[] {
  const platform = db._platform;
  const factory = new AlarmFactory(db, platform._alarmRouting, undefined, platform._pagingOf(DATADOG_TWINS.database));
  const m = (signal: DatabaseSignal) => databaseMetric(db.instanceIdentifier, signal);
  const percent = (v: number) => `${v} %`;
  const ms = (v: number) => `${v} ms`;
  const pair = (spec: Omit<AlarmPairSpec, 'requirement' | 'evaluationPeriods' | 'related'>) =>
    factory.alarmPair({ ...spec, requirement: 'DB-06', evaluationPeriods: 3, related });
  return [
    ...pair({
      id: 'Cpu',
      title: { ja: 'データベース CPU 使用率', en: 'Database CPU' },
      metric: m(DATABASE_SIGNALS.cpu),
      unit: percent,
      warning: t.cpuWarningPercent,
      critical: t.cpuCriticalPercent,
      summary: x => ({ ja: `データベースの CPU 使用率が3分間 ${x} を超えています。`, en: `Database CPU above ${x} for 3 minutes.` }),
      firstSteps: [{
        text: {
          ja: 'Performance Insights で負荷の高い SQL と待機イベントを確認し、担当テナントの開発者に連絡します。',
          en: 'Find the heaviest SQL and wait events in Performance Insights and tell the developers of the tenant issuing them.',
        },
      }],
    }),
    ...pair({
      id: 'Connections',
      title: { ja: 'データベース接続数', en: 'Database connections' },
      metric: m(DATABASE_SIGNALS.connections),
      unit: v => `${v} % (max_connections ${db.maxConnections})`,
      scale: db.maxConnections / 100,
      warning: t.connectionsWarningPercent,
      critical: t.connectionsCriticalPercent,
      summary: x => ({ ja: `接続数が3分間 ${x} を超えています。`, en: `Connections above ${x} for 3 minutes.` }),
    }),
    ...pair({
      id: 'FreeStorage',
      title: { ja: 'データベース空きストレージ', en: 'Database free storage' },
      metric: m(DATABASE_SIGNALS.freeStorage),
      below: true,
      unit: v => `${v} % (${allocatedGiB} GiB)`,
      scale: allocatedGiB * 1024 ** 3 / 100,
      warning: t.freeStorageWarningPercent,
      critical: t.freeStorageCriticalPercent,
      summary: x => ({
        ja: `空きストレージが ${x} を下回りました。ストレージ自動拡張が上限まで拡張します。拡張を計画してください (DB-07)。`,
        en: `Free storage below ${x}: storage autoscaling grows it up to its ceiling; plan an expansion (DB-07).`,
      }),
      firstSteps: [{
        text: { ja: '割り当て済みストレージと自動拡張の上限を確認します。', en: 'Compare the allocated storage with the autoscaling ceiling.' },
        commands: [RunbookCommand.of(sh`aws rds describe-db-instances --db-instance-identifier ${db.instanceIdentifier} --query "DBInstances[0].[AllocatedStorage,MaxAllocatedStorage]" --output text`)],
        expected: {
          ja: 'AllocatedStorage が MaxAllocatedStorage の70%に達していれば、上限 (maxAllocatedStorageGiB) の引き上げを変更管理で計画します。',
          en: 'When AllocatedStorage reaches 70 % of MaxAllocatedStorage, plan a higher ceiling (maxAllocatedStorageGiB) through change management.',
        },
      }],
    }),
    ...(['Read', 'Write'] as const).map(kind => factory.alarm({
      id: `${kind}LatencyWarning`,
      title: { ja: `データベース${kind === 'Read' ? '読み取り' : '書き込み'}レイテンシ 警告`, en: `Database ${kind.toLowerCase()} latency high` },
      severity: AlarmSeverity.WARNING,
      requirement: 'DB-06',
      summary: {
        ja: `${kind === 'Read' ? '読み取り' : '書き込み'}レイテンシが3分間 ${ms(kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs)} を超えています。`,
        en: `${kind} latency above ${ms(kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs)} for 3 minutes.`,
      },
      related,
      metric: m(kind === 'Read' ? DATABASE_SIGNALS.readLatency : DATABASE_SIGNALS.writeLatency),
      threshold: (kind === 'Read' ? t.readLatencyWarningMs : t.writeLatencyWarningMs) / 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    })),
  ];
}

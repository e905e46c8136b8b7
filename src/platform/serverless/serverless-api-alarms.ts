import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServerlessAlarmThresholds } from './serverless-thresholds';
import { AlarmSeverity } from '../../core/severity';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { RunbookStep } from '../../runbooks/runbook-section';

/** What the API's alarms watch. */
export interface ServerlessApiAlarmTargets {
  readonly fn: lambda.Function;
  readonly logGroup: logs.ILogGroup;
  readonly accessLogs: logs.ILogGroup;
  readonly restApi?: apigw.RestApi;
  readonly httpApi?: apigwv2.HttpApi;
  readonly thresholds: Required<ServerlessAlarmThresholds>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms of a serverless API at seed 004's targets (SRV-01, MON-01, MON-02): function error
 * rate, throttles and concurrency; API 5XX rate, average and p99 latency. Each routed by severity
 * with its runbook section (MON-08).
 */
export function addServerlessApiAlarms(alarms: AlarmFactory, t: ServerlessApiAlarmTargets): cloudwatch.IAlarm[] {
  const th = t.thresholds;
  const fn = { FUNCTION: ResourceLookup.physicalId(t.fn) };
  const functionLogs = { LOG_GROUP: ResourceLookup.physicalId(t.logGroup) };
  const readErrors: RunbookStep = {
    text: { ja: '関数のエラーログ (スタックトレース) を直近30分分確認し、原因の例外を特定します。', en: 'Read the function\'s error logs (stack traces) of the last 30 minutes and find the exception.' },
    commands: [RunbookCommand.withLookups('aws logs tail "$LOG_GROUP" --since 30m --filter-pattern ERROR --format short', functionLogs)],
    expected: {
      ja: '同じ例外が繰り返されていれば、直前のデプロイを確認し、原因なら前のコミットを CI で再デプロイします。',
      en: 'If one exception repeats, check the last deployment; if it is the cause, redeploy the previous commit from CI.',
    },
  };
  const concurrency: RunbookStep = {
    text: { ja: 'アカウントの同時実行数の上限と、この関数の予約同時実行数を確認します。', en: 'Check the account\'s concurrency quota and this function\'s reserved concurrency.' },
    commands: [
      RunbookCommand.of('aws lambda get-account-settings --query "[AccountLimit.ConcurrentExecutions,AccountLimit.UnreservedConcurrentExecutions]" --output text'),
      RunbookCommand.withLookups('aws lambda get-function-concurrency --function-name "$FUNCTION"', fn),
    ],
    expected: {
      ja: '上限 (既定 1,000) に近い場合は、Service Quotas で引き上げを申請します (クォータコード L-B99A9384)。',
      en: 'Near the quota (1,000 by default): request an increase in Service Quotas (quota code L-B99A9384).',
    },
  };
  const traces: RunbookStep = {
    text: { ja: 'X-Ray で直近30分の遅いリクエスト (1秒超) を確認し、時間のかかった区間 (初期化、DynamoDB、Secrets Manager) を特定します。', en: 'Find the slow requests (over 1 s) of the last 30 minutes in X-Ray and which segment took the time (init, DynamoDB, Secrets Manager).' },
    commands: [RunbookCommand.of(
      'aws xray get-trace-summaries --start-time "$(date -u -d \'30 minutes ago\' +%s)" --end-time "$(date -u +%s)" ' +
      '--filter-expression "responsetime > 1" --query "TraceSummaries[].[Id,ResponseTime,HasError]" --output text')],
    expected: {
      ja: 'コールドスタート (Initialization) が多い場合はメモリ増加またはプロビジョニング済み同時実行を検討します。',
      en: 'Mostly cold starts (Initialization): consider more memory or provisioned concurrency.',
    },
  };

  const errorRate = new cloudwatch.MathExpression({
    expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
    usingMetrics: {
      errors: t.fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      invocations: t.fn.metricInvocations({ statistic: 'Sum', period: FIVE_MINUTES }),
    },
    period: FIVE_MINUTES,
    label: 'Error rate (%)',
  });
  const created: cloudwatch.IAlarm[] = [
    alarms.alarm({
      id: 'ErrorRate',
      title: { ja: '関数のエラー率', en: 'Function error rate' },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'SRV-01',
      summary: {
        ja: `関数のエラーが 5 分間の呼び出しの ${th.errorRatePercent} % を超えました (目標: エラー率 1 % 以下)。`,
        en: `Function errors exceeded ${th.errorRatePercent} % of invocations over 5 minutes (target: error rate 1 % or less).`,
      },
      firstSteps: [readErrors],
      metric: errorRate,
      threshold: th.errorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    }),
    alarms.alarm({
      id: 'Throttles',
      title: { ja: '関数のスロットリング', en: 'Function throttled' },
      severity: AlarmSeverity.WARNING,
      requirement: 'SRV-01',
      summary: {
        ja: '関数の呼び出しが同時実行数の上限でスロットリングされました (5 分間に 1 回以上)。',
        en: 'Invocations of the function were throttled at the concurrency limit (at least once in 5 minutes).',
      },
      firstSteps: [concurrency],
      metric: t.fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    }),
    ...alarms.alarmPair({
      id: 'Concurrency',
      title: { ja: '関数の同時実行数', en: 'Function concurrency' },
      requirement: 'SRV-01',
      summary: threshold => ({
        ja: `関数の同時実行数が ${threshold} を超えました (アカウントの既定上限 1,000、目標: 同時接続 1,000)。`,
        en: `Concurrent executions of the function exceeded ${threshold} (account default quota 1,000; target: 1,000 concurrent connections).`,
      }),
      firstSteps: [concurrency],
      metric: t.fn.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1) }),
      warning: th.concurrencyWarning,
      critical: th.concurrencyCritical,
      unit: v => String(v),
      evaluationPeriods: 3,
    }),
  ];

  const api = apiMetrics(t);
  const accessLogs = { ACCESS_LOGS: ResourceLookup.physicalId(t.accessLogs) };
  const read5xx: RunbookStep = {
    text: { ja: 'アクセスログで直近30分の 5XX 応答 (パス、ステータス、統合のエラー) を確認します。', en: 'Read the 5XX responses of the last 30 minutes in the access logs (path, status, integration error).' },
    commands: [RunbookCommand.withLookups('aws logs tail "$ACCESS_LOGS" --since 30m --filter-pattern \'{ $.status = "5*" }\' --format short', accessLogs)],
    expected: {
      ja: '504 は関数が API のタイムアウト (29 秒) を超えたこと、502 は関数のエラーまたは不正な応答を示します。',
      en: '504 means the function took longer than the API timeout (29 s); 502 means the function failed or returned a malformed response.',
    },
  };
  created.push(
    alarms.alarm({
      id: 'Api5xxRate',
      title: { ja: 'API の 5XX 率', en: 'API 5XX rate' },
      severity: AlarmSeverity.CRITICAL,
      requirement: 'SRV-02',
      summary: {
        ja: `API の 5XX 応答が 5 分間のリクエストの ${th.api5xxRatePercent} % を超えました。`,
        en: `API 5XX responses exceeded ${th.api5xxRatePercent} % of requests over 5 minutes.`,
      },
      firstSteps: [read5xx, readErrors],
      metric: api.serverErrorRate,
      threshold: th.api5xxRatePercent / 100,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    }),
    alarms.alarm({
      id: 'LatencyAverage',
      title: { ja: 'API の平均応答時間', en: 'API average latency' },
      severity: AlarmSeverity.WARNING,
      requirement: 'SRV-02',
      summary: {
        ja: `API の平均応答時間が 15 分間 ${th.latencyAverageMs} ms を超えています (目標: 平均 200 ms 以下)。`,
        en: `The API's average latency has been above ${th.latencyAverageMs} ms for 15 minutes (target: 200 ms on average).`,
      },
      firstSteps: [traces],
      metric: api.latencyAverage,
      threshold: th.latencyAverageMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    }),
    alarms.alarm({
      id: 'LatencyP99',
      title: { ja: 'API の p99 応答時間', en: 'API p99 latency' },
      severity: AlarmSeverity.WARNING,
      requirement: 'SRV-02',
      summary: {
        ja: `API の p99 応答時間が 15 分間 ${th.latencyP99Ms} ms を超えています (目標: コールドスタート 1 秒以下)。`,
        en: `The API's p99 latency has been above ${th.latencyP99Ms} ms for 15 minutes (target: cold start 1 s or less).`,
      },
      firstSteps: [traces],
      metric: api.latencyP99,
      threshold: th.latencyP99Ms,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    }),
  );
  return created;
}

interface ApiMetrics {
  readonly serverErrorRate: cloudwatch.IMetric;
  readonly latencyAverage: cloudwatch.IMetric;
  readonly latencyP99: cloudwatch.IMetric;
}

function apiMetrics(t: ServerlessApiAlarmTargets): ApiMetrics {
  // The average of the 5XX metric is the fraction of requests answered with a 5XX (REST: 5XXError, HTTP: 5xx).
  const options = (statistic: string): cloudwatch.MetricOptions => ({ statistic, period: FIVE_MINUTES });
  if (t.restApi) {
    return {
      serverErrorRate: t.restApi.metricServerError(options('Average')),
      latencyAverage: t.restApi.metricLatency(options('Average')),
      latencyP99: t.restApi.metricLatency(options('p99')),
    };
  }
  const api = t.httpApi!;
  return {
    serverErrorRate: api.metricServerError(options('Average')),
    latencyAverage: api.metricLatency(options('Average')),
    latencyP99: api.metricLatency(options('p99')),
  };
}

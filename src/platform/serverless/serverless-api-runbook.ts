import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookCommand } from '../../runbooks/runbook-command';
import { anchorWords, RunbookSection, RunbookSectionKind } from '../../runbooks/runbook-section';

/** What the runbook section of a `SecureServerlessApi` reads of it. */
export interface ServerlessApiRunbookFacts {
  /** The construct id of the API. */
  readonly id: string;
  readonly fn: lambda.IFunction;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logGroup: logs.ILogGroup;
  readonly accessLogs: logs.ILogGroup;
}

/** The section that checks a deployed serverless API: the function's settings, its errors and the API's 5XX responses (SRV-01). */
export function serverlessApiRunbookSection(api: ServerlessApiRunbookFacts): RunbookSection {
  const { id, memorySize, timeout } = api;
  const fn = { FUNCTION: ResourceLookup.physicalId(api.fn) };
  return {
    anchor: `serverless-api-${anchorWords(id)}`,
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `サーバーレス API ${id}: 構成の確認`, en: `Serverless API ${id}: check the deployment` },
    whenToUse: {
      ja: 'API のアラームの初動、またはデプロイ後の確認で、関数と API の設定を確かめるとき。',
      en: 'At the start of an API alarm, or after a deployment, to check the function and API settings.',
    },
    summary: [{
      ja: `関数はプライベートサブネットで ${memorySize} MiB / ${timeout.toHumanString()} で動作し、X-Ray トレースを送ります。シークレットは VPC エンドポイント経由で実行時に読み込みます。`,
      en: `The function runs in private subnets with ${memorySize} MiB / ${timeout.toHumanString()} and sends X-Ray traces. It reads its secret at run time through a VPC endpoint.`,
    }],
    steps: [
      {
        text: { ja: '関数の設定 (ランタイム、メモリ、タイムアウト、トレース、サブネット) を確認します。', en: 'Check the function settings (runtime, memory, timeout, tracing, subnets).' },
        commands: [RunbookCommand.withLookups(
          'aws lambda get-function-configuration --function-name "$FUNCTION" ' +
          '--query "[Runtime,MemorySize,Timeout,TracingConfig.Mode,VpcConfig.SubnetIds,LastUpdateStatus]" --output json', fn)],
        expected: {
          ja: `メモリ ${memorySize}、タイムアウト ${timeout.toSeconds()}、トレース Active、LastUpdateStatus が Successful であること。`,
          en: `Memory ${memorySize}, timeout ${timeout.toSeconds()}, tracing Active, LastUpdateStatus Successful.`,
        },
      },
      {
        text: { ja: '直近30分の関数のエラーログを確認します。', en: 'Read the function\'s errors of the last 30 minutes.' },
        commands: [RunbookCommand.withLookups('aws logs tail "$LOG_GROUP" --since 30m --filter-pattern ERROR --format short',
          { LOG_GROUP: ResourceLookup.physicalId(api.logGroup) })],
      },
      {
        text: { ja: '直近30分の 5XX 応答をアクセスログで確認します。', en: 'Read the 5XX responses of the last 30 minutes in the access logs.' },
        commands: [RunbookCommand.withLookups('aws logs tail "$ACCESS_LOGS" --since 30m --filter-pattern \'{ $.status = "5*" }\' --format short',
          { ACCESS_LOGS: ResourceLookup.physicalId(api.accessLogs) })],
      },
    ],
    requirements: ['SRV-01'],
  };
}

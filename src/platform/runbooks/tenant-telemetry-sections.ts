import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { tenantSectionAnchor, TenantRunbookSection } from './tenant-sections';
import { ResourceLookup } from '../../runbooks/resource-lookup';
import { RunbookSection, RunbookSectionKind, RunbookStep } from '../../runbooks/runbook-section';
import { commandUsing } from '../../runbooks/sections/command-using';
import { sh } from '../../runbooks/shell-words';
import { SIDECAR_CONTAINERS } from '../datadog-sidecars';

/** What the Datadog section of a tenant names. */
export interface TenantTelemetryFacts {
  readonly tenantId: string;
  /** The `env` of unified service tagging. */
  readonly env: string;
  readonly service: ecs.FargateService;
  /** The platform's cluster as defined in this app. */
  readonly cluster: ecs.ICluster;
  readonly logGroup: logs.ILogGroup;
  readonly agent: boolean;
  readonly logForwarding: boolean;
}

/** Anchor of a tenant's Datadog section: `tenant-<id>-datadog`. */
export function tenantTelemetryAnchor(tenantId: string): string {
  return `tenant-${tenantId}-datadog`;
}

/**
 * Where a tenant's traces and logs are and how to check the sidecars that send them (MON-05,
 * LOG-03): Datadog's views for the tenant's unified service tags, the sidecars' health in the
 * running tasks, and their own logs, which stay in CloudWatch.
 */
export function tenantTelemetrySection(f: TenantTelemetryFacts): RunbookSection {
  const lookups = {
    CLUSTER: ResourceLookup.physicalId(f.cluster),
    SERVICE: ResourceLookup.physicalId(f.service),
    LOG_GROUP: ResourceLookup.physicalId(f.logGroup),
  };
  const tags = `service:${f.tenantId} env:${f.env}`;
  const sidecars = [...f.agent ? [SIDECAR_CONTAINERS.agent] : [], ...f.logForwarding ? [SIDECAR_CONTAINERS.logRouter] : []];
  const steps: RunbookStep[] = [
    {
      text: {
        ja: `Datadog で \`${tags}\` を開きます: ${f.agent ? 'APM のサービス (トレース、レイテンシ、エラー)' : ''}${f.agent && f.logForwarding ? '、' : ''}${f.logForwarding ? 'Log Explorer (アプリケーションログ)' : ''}。`,
        en: `In Datadog, open \`${tags}\`: ${[f.agent ? 'the APM service (traces, latency, errors)' : '', f.logForwarding ? 'Log Explorer (the application\'s logs)' : ''].filter(s => s).join(' and ')}.`,
      },
    },
    {
      text: { ja: '実行中のタスクでサイドカーの状態を確認します。', en: 'Check the sidecars in the running tasks.' },
      commands: [commandUsing(
        'TASKS=$(aws ecs list-tasks --cluster "$CLUSTER" --service-name "${SERVICE##*/}" --query "taskArns" --output text)\n' +
        '[ -n "$TASKS" ] && aws ecs describe-tasks --cluster "$CLUSTER" --tasks $TASKS --query "tasks[].containers[].[name,lastStatus,healthStatus,exitCode]" --output text', lookups)],
      expected: {
        ja: `${sidecars.join('、')} が RUNNING であること${f.agent ? ` (${SIDECAR_CONTAINERS.agent} は HEALTHY、${SIDECAR_CONTAINERS.agentInit} は終了コード 0 で STOPPED)` : ''}。`,
        en: `${sidecars.join(' and ')} RUNNING${f.agent ? ` (${SIDECAR_CONTAINERS.agent} HEALTHY, ${SIDECAR_CONTAINERS.agentInit} STOPPED with exit code 0)` : ''}.`,
      },
    },
    {
      text: {
        ja: 'Datadog にデータが届かない場合は、サイドカー自身のログ (CloudWatch に残ります) で API キーの取得失敗や送信エラーを確認します。',
        en: 'When nothing arrives in Datadog, read the sidecars\' own logs, which stay in CloudWatch, for API key or delivery errors.',
      },
      commands: sidecars.map(name => commandUsing(sh`aws logs tail "$LOG_GROUP" --log-stream-name-prefix ${name} --since 1h`, lookups)),
      expected: {
        ja: '403 や "API key" のエラーは Datadog の認証情報シークレット (apiKey) を確認し、修正後に「トラブルシューティング」の手順で新しいデプロイを強制します。',
        en: 'A 403 or an "API key" error: check the Datadog credentials secret (apiKey), then force a new deployment with "troubleshooting".',
      },
    },
  ];
  const summary = f.logForwarding ? [{
    ja: 'アプリケーションのログは FireLens で Datadog Log Management に送られ、CloudWatch のロググループにはログルーターと Datadog エージェントのログだけが残ります。「トラブルシューティング」の CloudWatch ログの手順の代わりに Datadog の Log Explorer を使ってください。',
    en: 'The application\'s logs go through FireLens to Datadog Log Management; the CloudWatch log group keeps the log router\'s and the Datadog agent\'s logs only. Read the application\'s logs in Datadog\'s Log Explorer instead of the CloudWatch steps of "troubleshooting".',
  }] : [];
  return {
    anchor: tenantTelemetryAnchor(f.tenantId),
    kind: RunbookSectionKind.PROCEDURE,
    title: { ja: `テナント ${f.tenantId}: Datadog (APM とログ)`, en: `Tenant ${f.tenantId}: Datadog (APM and logs)` },
    whenToUse: {
      ja: `テナント ${f.tenantId} のトレースやログを Datadog で調べるとき、または Datadog にデータが届かないとき。`,
      en: `You investigate tenant ${f.tenantId} with traces or logs in Datadog, or its data stopped arriving there.`,
    },
    summary,
    steps,
    links: [{ text: { ja: 'トラブルシューティング', en: 'Troubleshooting' }, anchor: tenantSectionAnchor(f.tenantId, TenantRunbookSection.TROUBLESHOOT) }],
    requirements: ['MON-05', 'LOG-03'],
  };
}

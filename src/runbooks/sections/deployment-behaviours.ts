import { LocalizedText } from '../../core/localized-text';

/** What a tenant service does by itself when a condition holds. */
export enum AutomaticAction {
  /** ECS (or CodeDeploy, with blue/green) returns a deployment in progress to the previous task definition. */
  ROLLBACK = 'rollback',
  /** Application Auto Scaling adds tasks (step scaling). */
  SCALE_OUT = 'scale-out',
  /** A notification goes to the warning topic (Slack, e-mail). */
  NOTIFY = 'notify',
}

/**
 * One automatic behaviour the deployment runbook states (ECS-03). The runbook's
 * table is rendered from these records and a test checks the tenant template backs each one, so
 * the runbook cannot promise what the stack does not do.
 */
export interface DeploymentBehaviour {
  /** Stable key, e.g. `memory-rollback`. */
  readonly id: string;
  /** What is watched, as the runbook names it. */
  readonly condition: LocalizedText;
  /** The CloudWatch metric behind it, or the EventBridge event name for a notification. */
  readonly signal: string;
  /** `>`, `>=` or `<`. */
  readonly comparison: string;
  readonly threshold: number;
  /** `%` or `ms`. */
  readonly unit: string;
  /** How long the condition holds before the action (0 for an event). */
  readonly minutes: number;
  readonly action: AutomaticAction;
  /** The action as the runbook says it. */
  readonly actionText: LocalizedText;
}

/** Tasks added by one step of the memory and CPU step scaling. */
export const STEP_SCALE_OUT_TASKS = 1;

/** The automatic behaviours of every tenant service, in the order the runbook lists them. */
export const DEPLOYMENT_BEHAVIOURS: readonly DeploymentBehaviour[] = [
  {
    id: 'error-rate-rollback',
    condition: { ja: 'エラー率 (5XX ÷ リクエスト数)', en: 'Error rate (5XX ÷ requests)' },
    signal: 'HTTPCode_Target_5XX_Count',
    comparison: '>',
    threshold: 5,
    unit: '%',
    minutes: 5,
    action: AutomaticAction.ROLLBACK,
    actionText: { ja: 'デプロイ中なら即座にロールバック', en: 'Roll back a deployment in progress' },
  },
  {
    id: 'latency-rollback',
    condition: { ja: 'P99 レスポンスタイム', en: 'P99 response time' },
    signal: 'TargetResponseTime',
    comparison: '>',
    threshold: 1000,
    unit: 'ms',
    minutes: 10,
    action: AutomaticAction.ROLLBACK,
    actionText: { ja: '3分で警告アラーム、10分継続でデプロイをロールバック', en: 'Warning alarm after 3 minutes; roll back a deployment after 10' },
  },
  {
    id: 'healthy-targets-rollback',
    condition: { ja: '正常なターゲットの割合', en: 'Healthy targets' },
    signal: 'HealthyHostCount',
    comparison: '<',
    threshold: 50,
    unit: '%',
    minutes: 1,
    action: AutomaticAction.ROLLBACK,
    actionText: { ja: 'デプロイ中なら即座にロールバック', en: 'Roll back a deployment in progress' },
  },
  {
    id: 'memory-scale-out',
    condition: { ja: 'メモリ使用率', en: 'Memory' },
    signal: 'MemoryUtilization',
    comparison: '>',
    threshold: 90,
    unit: '%',
    minutes: 2,
    action: AutomaticAction.SCALE_OUT,
    actionText: { ja: `タスクを ${STEP_SCALE_OUT_TASKS} 追加 (最大タスク数まで)`, en: `Add ${STEP_SCALE_OUT_TASKS} task (up to the maximum)` },
  },
  {
    id: 'memory-rollback',
    condition: { ja: 'メモリ使用率 (スケールアウト後も継続)', en: 'Memory (still high after scaling out)' },
    signal: 'MemoryUtilization',
    comparison: '>',
    threshold: 90,
    unit: '%',
    minutes: 10,
    action: AutomaticAction.ROLLBACK,
    actionText: { ja: 'スケールアウトで下がらなければデプロイをロールバック', en: 'Roll back a deployment if scaling out did not help' },
  },
  {
    id: 'cpu-scale-out',
    condition: { ja: 'CPU 使用率', en: 'CPU' },
    signal: 'CPUUtilization',
    comparison: '>=',
    threshold: 85,
    unit: '%',
    minutes: 5,
    action: AutomaticAction.SCALE_OUT,
    actionText: { ja: `タスクを ${STEP_SCALE_OUT_TASKS} 追加 (最大タスク数まで)`, en: `Add ${STEP_SCALE_OUT_TASKS} task (up to the maximum)` },
  },
  {
    id: 'deployment-failed-notify',
    condition: { ja: 'デプロイ失敗・ロールバック開始 (ECS イベント)', en: 'Deployment failed or rolling back (ECS event)' },
    signal: 'SERVICE_DEPLOYMENT_FAILED',
    comparison: '=',
    threshold: 0,
    unit: '',
    minutes: 0,
    action: AutomaticAction.NOTIFY,
    actionText: {
      ja: 'warning トピックへ通知 (テナント、タスク定義リビジョン、手順書リンク付き)',
      en: 'Notify the warning topic with the tenant, the task definition revision and the runbook link',
    },
  },
];

/** The behaviour `id`; throws for an unknown id. */
export function deploymentBehaviour(id: string): DeploymentBehaviour {
  const found = DEPLOYMENT_BEHAVIOURS.find(b => b.id === id);
  if (!found) throw new Error(`no deployment behaviour "${id}"`);
  return found;
}
